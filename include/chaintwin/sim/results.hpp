// What a run found: shortages ("which material, where, from which day, how much output lost"),
// per-site outcomes (time survived, time to recover, lost GWh), allocation decisions under
// shortage, and totals. Quantities in canonical units of the material named beside them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chaintwin/util/ids.hpp"

namespace chaintwin::sim {

enum class ShortageKind {
  kProduction,  // a process made less than capacity and orders called for, for want of this input
  kDemand,      // end-use demand of this material went unserved
};

struct Shortage {
  SiteId site;
  MaterialId material;       // what ran short
  ShortageKind kind = ShortageKind::kDemand;
  int32_t first_day = 0;     // scenario day (0 = start date)
  int32_t last_day = 0;      // last day short (inclusive)
  double depth = 0.0;        // largest share of the day's requirement not met, 0..1
  MaterialId lost_material;  // the output lost (== material for demand shortages)
  double lost_quantity = 0.0;  // in canonical units of lost_material
  double lost_gwh = 0.0;       // GWh of cells, where lost_material has an energy equivalent
  bool open_at_end = false;    // still short on the last day of the run
};

struct SiteOutcome {
  int32_t first_shortage_day = -1;  // -1: never short (survived the horizon)
  int32_t last_shortage_day = -1;
  // Days from the end of the last event to the day after the last shortage (0 when it had
  // recovered by then); -1 when still short at the end of the run.
  int32_t days_to_recover = 0;
  double unserved_demand_gwh = 0.0;   // end-use demand not served (lost, or still owed at end)
  double lost_production_gwh = 0.0;   // cell/pack output not made for want of inputs
  double demand_gwh = 0.0;            // end-use demand over the run, in GWh
};

struct AllocationRecord {
  int32_t day = 0;
  SiteId supplier;
  MaterialId material;
  SiteId buyer;
  LaneId lane;
  double requested = 0.0;
  double allocated = 0.0;
};

struct Totals {
  double demand_gwh = 0.0;
  double served_gwh = 0.0;
  double unserved_gwh = 0.0;       // the headline "lost GWh"
  double lost_production_gwh = 0.0;
  int32_t shortages = 0;
  int64_t site_days = 0;           // sites x days simulated
  // Cells and packs (GWh) that buyers under shortage ordered from a supplier beyond its share
  // of their need (docs/SIMULATION.md, Re-sourcing): what a low unserved figure rests on.
  double resourced_gwh = 0.0;
};

struct Results {
  std::string scenario_id;
  int32_t start_date = 0;  // days since epoch
  int32_t days = 0;
  int32_t last_event_end_day = 0;
  std::vector<Shortage> shortages;    // by first day, then site, then material
  std::vector<SiteOutcome> sites;     // indexed by SiteId
  std::vector<AllocationRecord> allocations;  // the first max_allocation_records decisions
  int64_t allocation_decisions = 0;           // all of them
  std::vector<double> resourced_gwh_by_country;  // indexed by CountryId of the supplier
  Totals totals;
};

}  // namespace chaintwin::sim
