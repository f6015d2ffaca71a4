// A scenario: which network, when, for how long, under which allocation protocol, and the
// events (disruptions and mitigations) that happen. Event targets are keys into the
// network; io::LoadScenario checks them all.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/sustainability.hpp"

namespace chaintwin::model {

// A number that may be uncertain. Durations are in days; severities are fractions.
// The deterministic run uses Nominal(): the fixed value, the uniform midpoint, the
// triangular mode, the lognormal median.
struct Distribution {
  enum class Kind { kFixed, kUniform, kTriangular, kLognormal };
  Kind kind = Kind::kFixed;
  double a = 0.0;  // fixed: value; uniform/triangular: min; lognormal: median
  double b = 0.0;  // uniform/triangular: max; lognormal: sigma (of the log)
  double c = 0.0;  // triangular: mode
  static Distribution Fixed(double v) { return Distribution{Kind::kFixed, v, v, v}; }
  double Nominal() const;
  bool IsFixed() const { return kind == Kind::kFixed; }
};
std::string_view DistributionKindName(Distribution::Kind kind);

enum class EventKind {
  kExportBan,
  kSiteOutage,
  kLaneClosure,
  kDemandShock,
  kCapacityChange,
  kStockpileRelease,
  kLaneThroughput,  // "lane_throughput": lanes carry at most a fraction of their baseline flow
};
std::string_view EventKindName(EventKind kind);  // "export_ban", ...

struct Event {
  std::string id;
  EventKind kind = EventKind::kSiteOutage;
  std::string description;
  int32_t start_day = 0;          // days after the scenario start
  Distribution duration_days;     // open-ended events run to the horizon (a large fixed value)
  // Targets (which apply depends on the kind; see docs/FORMATS.md).
  std::vector<std::string> sites;
  std::vector<std::string> lanes;
  std::vector<std::string> chokepoints;
  std::vector<std::string> materials;     // empty = all materials
  std::vector<std::string> origins;       // export_ban, lane_throughput: country codes or groups
  std::vector<std::string> destinations;  // the same: empty = everyone but the origin
  std::vector<std::string> except;        // the same: destinations excluded ("all but")
  std::vector<std::string> countries;     // site_outage / demand_shock: countries or groups
  std::string process;                    // capacity_change: process id ("" = all of the site's)
  // Severity: site_outage capacity factor (0 = closed), demand_shock factor,
  // capacity_change capacity factor relative to nameplate (when `capacity_per_day` is unset),
  // lane_throughput factor of each lane's baseline flow (when `capacity_per_day` is unset).
  Distribution severity = Distribution::Fixed(0.0);
  std::optional<double> detour_days;      // lane_closure: delay instead of a block
  // capacity_change: new nameplate capacity; lane_throughput: the cap of each lane (`quantity`).
  std::optional<double> capacity_per_day;
  double ramp_days = 0.0;                 // capacity_change: linear ramp to the new level
  double quantity = 0.0;                  // stockpile_release: total released (canonical units)
};

enum class Protocol { kProRata, kPriority, kContractFirst, kAllianceFirst, kPlan };
std::string_view ProtocolName(Protocol protocol);
std::optional<Protocol> ParseProtocol(std::string_view name);

struct ProtocolConfig {
  Protocol default_protocol = Protocol::kProRata;
  // Per supplier country overrides (ISO code -> protocol), e.g. only JP acts alliance-first.
  std::map<std::string, Protocol> by_country;
  // alliance_first: the partner group each supplier country serves after its own country.
  std::map<std::string, std::string> alliance;
  // alliance_first: the group used for a supplier country not listed in `alliance`.
  std::string default_alliance;
};

// Settings of the allocation plan (opt/), kept with the scenario so plan and simulation agree.
struct PlanConfig {
  int32_t period_days = 7;
  std::map<std::string, double> material_weights;  // end-use material -> weight
  std::map<std::string, double> site_weights;      // end-use site -> weight
};

inline constexpr int32_t kDefaultReorderAfterDays = 7;

// What a process can make per day in the run: its nameplate capacity (the default), or its
// 2024 output from the network's `output_2024.csv` (`baseline: output_2024`), so that no
// process has headroom above what it made in the base year.
enum class Baseline { kCapacity, kOutput2024 };

// A process capacity the scenario's baseline replaces (per day).
struct CapacityOverride {
  std::string site;
  std::string process;
  double per_day = 0.0;
};

struct Scenario {
  std::string id;
  std::string name;
  std::string description;
  std::string file;
  std::string network_file;  // resolved path of the network it runs on
  int32_t start = 0;         // days since epoch
  int32_t horizon_days = 365;
  ProtocolConfig protocol;
  uint64_t seed = 1;
  // Days an open order may stay unfilled before the buyer cancels the rest and orders it again
  // (docs/SIMULATION.md, "Re-sourcing"); `reorder_after` in a scenario file.
  int32_t reorder_after_days = kDefaultReorderAfterDays;
  std::vector<Event> events;
  PlanConfig plan;
  Baseline baseline = Baseline::kCapacity;
  std::vector<CapacityOverride> baseline_capacity;  // kOutput2024: one per row of the file
  // Market rules (`standards:`). At load each is compiled into one lane_closure event with id
  // "standard.<id>" on the lanes it blocks (analyze::CompileStandards), appended to `events`.
  std::vector<Standard> standards;
  // Ids of the hedges applied to this scenario and its network, in order: a scenario file's
  // `hedges:` at load, then those a hedge verb applies. hedge::ApplyHedge refuses a hedge already
  // here (it would count twice).
  std::vector<std::string> hedges_applied;
};

// Applies the scenario's baseline to its network (the capacities it replaces).
void ApplyBaseline(const Scenario& scenario, Network& network);

}  // namespace chaintwin::model
