// The sustainability tables beside a network file (docs/FORMATS.md, "Sustainability tables"):
// emission_factors.csv, site_certifications.csv, critical_elements.csv.
#pragma once

#include <string>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/sustainability.hpp"
#include "chaintwin/util/diagnostic.hpp"

namespace chaintwin::io {

// Reads the three tables from `folder` (default: the network file's folder) and checks every
// row against `network`: known site, a material the site makes, a finite factor >= 0, a source
// the network lists. Throws InputError naming file, line and column of every problem.
model::SustainabilityData LoadSustainability(const model::Network& network,
                                             const std::string& folder = "");
// Same, adding problems to `diagnostics` instead of throwing.
model::SustainabilityData LoadSustainability(const model::Network& network,
                                             const std::string& folder,
                                             util::Diagnostics& diagnostics);

}  // namespace chaintwin::io
