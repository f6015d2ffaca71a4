// Assertions for programmer errors. User input must never be able to reach one.
//   CT_CHECK(cond, msg)  always on, cheap.
//   CT_DCHECK(cond, msg) on in Debug and RelWithAssert builds (CT_ENABLE_DCHECK); fine in hot loops.
#pragma once

namespace chaintwin::util {
[[noreturn]] void CheckFailed(const char* file, int line, const char* cond, const char* msg);
}  // namespace chaintwin::util

#define CT_CHECK(cond, msg)                                                   \
  do {                                                                        \
    if (!(cond)) ::chaintwin::util::CheckFailed(__FILE__, __LINE__, #cond, msg); \
  } while (0)

#ifdef CT_ENABLE_DCHECK
#define CT_DCHECK(cond, msg) CT_CHECK(cond, msg)
#else
#define CT_DCHECK(cond, msg) \
  do {                       \
  } while (0)
#endif
