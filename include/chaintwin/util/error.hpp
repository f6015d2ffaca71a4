// The exceptions that end an operation. Caught only at the edges (cli/main.cpp maps each
// kind to one exit code; a server maps them to an HTTP status). See STYLE.md §3.
#pragma once

#include <stdexcept>
#include <string>

#include "chaintwin/util/diagnostic.hpp"

namespace chaintwin {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Bad input: carries every problem found, so the user can fix them all at once.
class InputError : public Error {
 public:
  explicit InputError(util::Diagnostics diagnostics);
  InputError(std::string file, std::string message);  // one problem with a whole file
  const util::Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  util::Diagnostics diagnostics_;
};

class NotFound : public Error {
 public:
  using Error::Error;
};
class Forbidden : public Error {
 public:
  using Error::Error;
};
class StoreError : public Error {
 public:
  using Error::Error;
};
class SolverError : public Error {
 public:
  using Error::Error;
};

}  // namespace chaintwin
