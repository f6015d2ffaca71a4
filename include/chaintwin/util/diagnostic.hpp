// A problem found in the user's input: where it is and what was expected.
#pragma once

#include <string>
#include <vector>

namespace chaintwin::util {

// One problem in one input file. `line` and `column` are 1-based; 0 means unknown
// (e.g. a problem with the file as a whole). `path` is the field path inside the
// document, such as `sites[3].processes[0].capacity`, or empty.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string path;
  std::string message;

  // "FILE:LINE:COL: error: PATH: MESSAGE" (parts that are unknown are left out).
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

}  // namespace chaintwin::util
