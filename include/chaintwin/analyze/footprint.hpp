// Carbon footprint, recycled content and critical-mineral origin traced through the flows
// (docs/ANALYSIS.md, "Footprint and compliance").
//
// Every slot (site, material) gets per canonical unit of its material: the emissions embodied
// in it by stage, and for each critical element the element content, its recycled part, the
// part extracted or processed in a free-trade partner (or recycled in North America), the
// part extracted, processed or recycled in a foreign entity of concern and the part made at a
// site with a due-diligence certificate. A slot's values are
// the average of its sources weighted by flow - each process it runs (own factor plus the
// recipe's inputs) and each lane into it (the supplier slot's values) - solved by sweeping to
// a fixed point like the dependence trace. Flows are the baseline's (the network's expected
// flows) or a run's (what each process made and each lane shipped over the run).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/scenario.hpp"
#include "chaintwin/model/sustainability.hpp"

namespace chaintwin::analyze {

// Weights of the parts of each slot's supply: per process (what it makes) and per lane.
struct FlowWeights {
  std::vector<double> process;
  std::vector<double> lane;
};
// The baseline's: expected flows; where a slot has none, capacity or primary lane shares.
FlowWeights BaselineWeights(const model::CompiledNetwork& net);
// A deterministic run's: what each lane shipped and each process made, per day on average over
// the run (a slot's production split among its processes by their baseline shares).
FlowWeights RunWeights(const model::CompiledNetwork& net, const model::Scenario& scenario);

inline constexpr int kStages = 7;  // model::Stage values

struct ElementTrace {
  double content = 0.0;   // t of element per canonical unit of the slot's material
  double recycled = 0.0;  // of which recovered from end-of-life material or scrap
  double fta = 0.0;       // extracted or processed in the US or a free-trade partner, or
                          // recycled in North America
  double feoc = 0.0;      // extracted, processed or recycled in a foreign entity of concern
  double certified = 0.0; // made (refined or recycled) at a site holding a due-diligence
                          // certificate (site_certifications.csv)
};

struct SlotTrace {
  double kg_co2e[kStages] = {};  // embodied, by the stage of the site that emitted it
  std::vector<ElementTrace> elements;  // by SustainabilityData::elements index
  double KgCo2e() const;
};

struct TraceOptions {
  std::string fta_group = "us_fta";  // countries (or group) whose processing qualifies
  std::string feoc_group = "feoc";   // foreign entities of concern, by country
  std::vector<std::string> north_america = {"US", "CA", "MX"};
};

class FootprintTrace {
 public:
  // A group of `options` the network lacks counts as no country (its shares are 0).
  static FootprintTrace Build(const model::CompiledNetwork& net,
                              const model::SustainabilityData& data, const FlowWeights& weights,
                              const TraceOptions& options = {});

  const SlotTrace& slot(SlotId s) const { return slots_[s.value]; }
  // kg CO2e per kWh of the slot's material; NaN when it has no energy equivalent.
  double KgPerKwh(SlotId s) const;
  // Recycled share of element e in the slot's material; NaN when it holds none.
  double RecycledShare(SlotId s, size_t e) const;
  bool converged() const { return converged_; }
  int sweeps() const { return sweeps_; }
  // Processes that made something in the flows with no emission factor (counted as 0).
  const std::vector<ProcessId>& missing_factors() const { return missing_; }
  // Site-level certification (false when not listed).
  bool DueDiligence(SiteId s) const { return due_diligence_[s.value] != 0; }
  bool EthicalAudit(SiteId s) const { return ethical_audit_[s.value] != 0; }

 private:
  const model::CompiledNetwork* net_ = nullptr;
  std::vector<SlotTrace> slots_;
  std::vector<ProcessId> missing_;
  std::vector<uint8_t> due_diligence_, ethical_audit_;
  bool converged_ = false;
  int sweeps_ = 0;
};

// One row of `analyze footprint` / `analyze compliance`: a slot making an energy material.
struct ComplianceRow {
  SlotId slot;
  double kg_co2e_per_kwh = 0.0;
  double kg_co2e_by_stage[kStages] = {};       // per kWh
  std::vector<double> recycled_share;          // by element; NaN when none
  // Of critical-mineral value (by mass of element when a price is missing: ValueBasis).
  double fta_value_share = 0.0;
  double feoc_value_share = 0.0;
  double made = 0.0;                           // flow weight of the slot's making (per day)
};
// Rows for every slot that makes a material with an energy equivalent (cells), or only
// `site`'s when given. Throws NotFound for an unknown site.
std::vector<ComplianceRow> ComplianceRows(const model::CompiledNetwork& net,
                                          const model::SustainabilityData& data,
                                          const FootprintTrace& trace, const FlowWeights& weights,
                                          const std::string& site = "");

// Whether every element has a price, so the IRA shares are by value (else by mass).
bool ValueBasis(const model::SustainabilityData& data);

// EU Battery Regulation (EU) 2023/1542 Art. 8 recycled-content minimums (share in active
// material): cobalt, lithium, nickel in 2031 and 2036.
struct EuMinimum {
  const char* element;
  double from_2031;
  double from_2036;
};
const std::vector<EuMinimum>& EuRecycledContentMinimums();

// IRA §30D critical-mineral applicable percentage for a vehicle placed in service in `year`
// (40 % in 2023 rising 10 points a year to 80 % from 2027); 0 before 2023.
double IraApplicablePercentage(int year);

// Appends to scenario.events one lane_closure per standard (id "standard.<id>") on the lanes
// whose buyer is in the standard's countries, whose material it covers and whose supplier
// fails it, from the standard's start to the horizon; a standard blocking no lane adds an
// event with no lanes (reported, harmless). Uses the baseline flows of `network`.
struct StandardBlock {
  std::string standard;
  std::vector<std::string> lanes;
  std::vector<std::string> reasons;  // one per lane: why its supplier fails
};
std::vector<StandardBlock> CompileStandards(const model::Network& network,
                                            const model::SustainabilityData& data,
                                            model::Scenario& scenario);

}  // namespace chaintwin::analyze
