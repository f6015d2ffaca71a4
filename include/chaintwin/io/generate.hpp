// Synthetic supply networks for tests and benchmarks: a lithium-ion battery chain of any size
// (mines -> refiners -> cathode and anode makers -> cell makers -> end use, with recyclers fed
// by external collectors of black mass), and a disruption scenario over it. Same options and
// seed give the identical network and scenario on every platform (util::Rng, no standard
// distributions, no unordered iteration). The figures are plausible, not real data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"

namespace chaintwin::io {

struct GenerateOptions {
  int64_t sites = 1000;      // total sites, 5 .. 10,000,000 (fewer than 11 drop whole lines)
  uint64_t seed = 1;
  int32_t horizon_days = 365;  // scenario horizon; every event starts inside it
  int32_t start_date = 0;      // days since epoch of the scenario start; 0 = 2026-01-01
  model::Protocol protocol = model::Protocol::kProRata;
};

struct GeneratedCase {
  model::Network network;
  model::Scenario scenario;  // network_file is "network.yaml" (relative: WriteGenerated's layout)
};

// Builds a network of exactly `options.sites` sites and a scenario with an export ban, a site
// outage, a chokepoint closure with and one without detour, a demand shock, a capacity change
// and a stockpile release, all starting inside the horizon. Every buyer has 1-3 primary
// suppliers per input with shares summing to 1, and sometimes an alternate with a
// qualification delay; transit is 0-40 d. Quantities are canonical (t, GWh; per day).
// Throws InputError when options.sites is outside 5 .. 10,000,000 or horizon_days < 1.
// Cost: linear in sites (about 1 KiB of memory per site).
GeneratedCase Generate(const GenerateOptions& options);

struct WrittenFile {
  std::string path;
  size_t bytes = 0;
  size_t rows = 0;  // CSV data rows, or list items in a YAML document
};

// Writes `network` as DIR/network.yaml (materials, countries, groups, chokepoints) plus CSV
// tables sites.csv, processes.csv, inputs.csv, demand.csv, lanes.csv, inventory.csv (when any
// site holds initial stock) and contracts.csv (when there are contracts); and `scenario` as
// DIR/scenario.yaml naming network.yaml. Every quantity carries its unit, in canonical units
// with the shortest digits that read back to the same double, so loading DIR/scenario.yaml
// gives back the same network.
// Creates DIR when missing; overwrites those files. Throws Error when a file cannot be written.
// Requires: a network of the shape Generate() makes (no ramp-up curves, no per-material stock
// policies, no contract SLAs, no sources or facts: those are not written).
std::vector<WrittenFile> WriteGenerated(const model::Network& network,
                                        const model::Scenario& scenario, const std::string& dir);

}  // namespace chaintwin::io
