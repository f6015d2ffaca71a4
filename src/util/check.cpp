#include "chaintwin/util/check.hpp"

#include <cstdio>
#include <cstdlib>

namespace chaintwin::util {

void CheckFailed(const char* file, int line, const char* cond, const char* msg) {
  std::fprintf(stderr, "%s:%d: internal error: check failed: %s: %s\n", file, line, cond, msg);
  std::abort();
}

}  // namespace chaintwin::util
