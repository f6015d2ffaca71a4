// Looks up a run's shortage by site and material keys, for tests.
#pragma once

#include <string>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/results.hpp"

namespace chaintwin::testutil {

// The first shortage of `site` for `material`, or nullptr when there is none.
inline const sim::Shortage* FindShortage(const sim::Results& r, const model::CompiledNetwork& net,
                                         const std::string& site, const std::string& material) {
  for (const auto& s : r.shortages) {
    if (net.site_key[s.site.value] == site && net.material_key[s.material.value] == material) {
      return &s;
    }
  }
  return nullptr;
}

}  // namespace chaintwin::testutil
