// One-at-a-time sensitivity of a scenario's headline (unserved end-use GWh) to each class of
// input: stock days (per stage and country, and per material held), qualification delays of
// alternate suppliers (per material), capacities (per stage and country), transit times (per
// supplier country) and end-use demand (per country). Each group of inputs is scaled by a low
// and a high factor, the scenario is rerun on the changed network, and the groups are ranked by
// the swing of the headline (a tornado). Results do not depend on the thread count: each run
// writes into its own slot. Method: docs/ANALYSIS.md.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"
#include "chaintwin/sim/engine.hpp"

namespace chaintwin::analyze {

enum class InputClass { kStockDays, kQualification, kCapacity, kTransit, kDemand };
std::string_view InputClassName(InputClass c);  // "stock_days", "qualification", ...

// One group of inputs and the factors it is scaled by. Empty `stage`, `country` or `material`
// match everything.
struct Perturbation {
  InputClass input = InputClass::kStockDays;
  std::string stage;     // stock_days, capacity: stage of the site's (process's) output
  std::string country;   // stock_days, capacity: site country; transit: supplier country; demand
  std::string material;  // stock_days: material held; qualification: lane material
  std::string label;     // e.g. "stock days of anode_material (every site)"
  double low = 1.0;      // factors applied to the inputs
  double high = 1.0;
};

// The stated ranges (factors low, high) per class.
struct SensitivityRanges {
  double stock_days = 0.5;     // x (1 - 0.5) .. x (1 + 0.5)
  double qualification = 0.5;  // +-50 %
  double capacity = 0.2;       // +-20 %
  double transit = 0.5;        // +-50 %
  double demand = 0.1;         // +-10 %
};

struct SensitivityOptions {
  SensitivityRanges ranges;
  std::vector<InputClass> classes;  // empty: every class
  unsigned threads = 0;             // 0: hardware concurrency (at least 1)
  // Called on the calling thread now and then and once at the end with (runs done, runs in all).
  std::function<void(uint64_t done, uint64_t total)> progress;
  sim::RunOptions run;  // options of every run (days, protocol); allocation records not kept
  // Asked (from any worker thread) before each run; when it returns true no further run
  // starts and RunSensitivity returns with `stopped` set (the server's per-request limit).
  std::function<bool()> stop;
};

struct SensitivityRow {
  Perturbation perturbation;
  double low_value = 0.0;   // headline with the inputs x low
  double high_value = 0.0;  // headline with the inputs x high
  double swing = 0.0;       // max - min of (low_value, base, high_value)
};

struct SensitivityResults {
  std::string scenario_id;
  std::string metric = "unserved_gwh";
  double base = 0.0;  // headline of the unchanged scenario
  SensitivityRanges ranges;
  std::vector<SensitivityRow> rows;  // swing desc, then label
  uint64_t runs = 0;
  unsigned threads = 0;
  double seconds = 0.0;
  bool stopped = false;  // options.stop ended it early: no other field is meaningful
};

// The groups of inputs of `network` (with the ranges of `options`), in a fixed order.
std::vector<Perturbation> ListPerturbations(const model::Network& network, const SensitivityOptions& options);

// Scales the inputs `p` names by `factor` in `network` (transit and qualification days are
// rounded to whole days; chokepoint crossing days move with the transit).
void ApplyPerturbation(const Perturbation& p, double factor, model::Network& network);

// The headline of `scenario` on `network` with `p` applied at `factor` (one run).
double RunPerturbed(const model::Network& network, const model::Scenario& scenario, const Perturbation& p,
                    double factor, const sim::RunOptions& run = {});

// Requires: `scenario` loads on `network` (io::LoadScenario). Throws nothing for valid input.
SensitivityResults RunSensitivity(const model::Network& network, const model::Scenario& scenario,
                                  const SensitivityOptions& options);

}  // namespace chaintwin::analyze
