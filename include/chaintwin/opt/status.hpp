// What a linear program's solve came to. An answer, not an error (STYLE.md §3): an infeasible
// or unsolved LP is reported in the result's status, and nothing throws for it.
#pragma once

#include <string_view>

namespace chaintwin::opt {

enum class LpStatus {
  kOptimal,     // solved to optimality
  kInfeasible,  // no point satisfies the constraints
  kUnbounded,   // the objective can grow without limit
  kStopped,     // an iteration or time limit stopped the solver first
  kFailed,      // the solver gave up (numerical trouble)
};

// "optimal", "infeasible", "unbounded", "stopped", "failed".
std::string_view LpStatusName(LpStatus status);

}  // namespace chaintwin::opt
