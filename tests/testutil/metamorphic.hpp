// For the metamorphic tests ("more options must never look worse"): the two losses a run is
// judged by, and the comparison that allows float noise but never NaN or infinity.
#pragma once

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "chaintwin/sim/results.hpp"

namespace chaintwin::testutil {

// Unserved end-use demand and lost cell output of one run, GWh.
struct Losses {
  double unserved = 0.0;
  double lost_cell_output = 0.0;
};

// The run's losses; a NaN or infinite total fails the test that asked.
inline Losses LossesOf(const sim::Results& r) {
  EXPECT_TRUE(std::isfinite(r.totals.unserved_gwh)) << r.totals.unserved_gwh;
  EXPECT_TRUE(std::isfinite(r.totals.lost_production_gwh)) << r.totals.lost_production_gwh;
  return {r.totals.unserved_gwh, r.totals.lost_production_gwh};
}

// `now` is finite and not above `before` beyond float noise (1e-9 relative, at least 1e-9).
inline bool NoMore(double now, double before) {
  return std::isfinite(now) && now <= before + 1e-9 * std::max(1.0, before);
}

}  // namespace chaintwin::testutil
