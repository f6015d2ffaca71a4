// The documents of `analyze footprint`, `analyze compliance` and `passport`
// (docs/ANALYSIS.md, "Footprint and compliance"; schemas in docs/schema/).
#pragma once

#include <string>
#include <vector>

#include "chaintwin/analyze/footprint.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/report/document.hpp"

namespace chaintwin::report {

// What the trace ran on, for the header of every document.
struct TraceBasis {
  std::string scenario;  // "" for the baseline
  const analyze::FootprintTrace* trace = nullptr;
  const model::SustainabilityData* data = nullptr;
};

// "analyze footprint": section `rows` (one per site and cell material, kg CO2e/kWh by stage)
// and `missing_factors` (processes that made something with no emission factor).
Document FootprintDocument(const model::CompiledNetwork& net, const TraceBasis& basis,
                           const std::vector<analyze::ComplianceRow>& rows);

// "analyze compliance": section `rows` (recycled content against the EU minimums, IRA shares).
Document ComplianceDocument(const model::CompiledNetwork& net, const TraceBasis& basis,
                            const std::vector<analyze::ComplianceRow>& rows, int ira_year);

// "passport": one battery-passport record for a cell material of one plant.
Document PassportDocument(const model::Network& network, const model::CompiledNetwork& net,
                          const TraceBasis& basis, const analyze::ComplianceRow& row,
                          const std::string& generated_on);

}  // namespace chaintwin::report
