// The optional parts of a simulate result (`simulate --include timeline,site_status,flows`,
// `"include": [...]` in POST /v1/simulate): collected while the engine runs, through the same
// TimelineSink the `--timeline` CSV uses, and added to the result Document as
//   timeline     {by, period_start_days, period_start_dates, series: [{site, material,
//                opening, received, produced, consumed, shipped, closing, unmet}]} (columnar:
//                one value per period; opening is the period's first day's, closing its last
//                day's, the others summed);
//   site_status  {days, codes: {"0": "normal", "1": "short", "2": "stopped"}, sites: [{site,
//                country, status: [one code per day]}]}: short on the days of the site's
//                shortage episodes, stopped when closed by a site_outage or short and idle;
//   flows        [{period, from_country, to_country, material, stage, quantity_per_day, unit,
//                days, basis}]: what left each lane per day, summed by (from country, to
//                country, material, supplier stage) and averaged over the baseline window
//                (the days before the first event starts) and the disruption window (from the
//                first event's start to the last event's end); when the first event starts
//                on day 0, the baseline is the same days of the run without its events.
// Definitions in docs/SIMULATION.md, "Timeline, site status and flows". Nothing is collected
// when nothing is asked for: the engine then runs without a sink, as before.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/report/document.hpp"
#include "chaintwin/report/timeline_csv.hpp"
#include "chaintwin/sim/engine.hpp"

namespace chaintwin::report {

struct Extras {
  bool timeline = false;
  bool site_status = false;
  bool flows = false;
  Rollup by = Rollup::kDay;           // timeline periods: day, week (7-day blocks) or month
  std::vector<std::string> timeline_sites;  // only these sites in the timeline; all when empty
  bool any() const { return timeline || site_status || flows; }
};

// Reads "timeline", "site_status", "flows" (the CLI's comma list, the API's array) into
// `extras`; returns the first word that is none of them, or "" when all were known.
std::string ParseInclude(const std::vector<std::string>& words, Extras& extras);
inline constexpr const char* kIncludeChoices = "timeline, site_status or flows";

// Site status codes, one per site and day (docs/SIMULATION.md).
enum SiteStatus : uint8_t { kNormal = 0, kShort = 1, kStopped = 2 };

class ExtrasCollector : public sim::TimelineSink {
 public:
  // Collects what `extras` asks for over a run of `scenario` with `schedule`. Throws
  // InputError (field "timeline_sites") for a site key the network does not have. When flows
  // are asked for, `options.lane_audit` is pointed at the collector's own (the engine's
  // per-lane shipments); `options` must then outlive the run. Forwards every day to `next`
  // when non-null (the --timeline CSV).
  ExtrasCollector(const model::CompiledNetwork& net, const model::ResolvedScenario& scenario,
                  const model::EventSchedule& schedule, Extras extras, sim::RunOptions& options,
                  sim::TimelineSink* next = nullptr);
  ~ExtrasCollector() override;
  ExtrasCollector(const ExtrasCollector&) = delete;
  ExtrasCollector& operator=(const ExtrasCollector&) = delete;

  void Day(const model::CompiledNetwork& net, const sim::DayFigures& f) override;

  // Adds the asked-for parts to `doc` (a simulate ResultsDocument), each optional in its
  // schema (a run without --include has none of them). Call once, after the run.
  void AddTo(Document& doc, const sim::Results& results);

  // For tests: the baseline and disruption windows [first, last) in days.
  int32_t baseline_end() const { return baseline_end_; }
  int32_t disruption_begin() const { return disruption_begin_; }
  int32_t disruption_end() const { return disruption_end_; }

 private:
  struct State;
  std::unique_ptr<State> s_;
  int32_t baseline_end_ = 0, disruption_begin_ = 0, disruption_end_ = 0;
};

}  // namespace chaintwin::report
