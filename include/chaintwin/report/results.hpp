// Renders a simulation's results for people (tables) and machines (a `Document`: JSON and one
// CSV per section). Shared by the `simulate` and `compare` verbs and, later, the server and the
// HTML report.
//
// Three loss figures, defined in docs/SIMULATION.md "Three loss figures", each under its own
// name in every output:
//   unserved_demand_gwh   end-use demand not served (the headline: what users did not get);
//   lost_cell_output_gwh  cells and packs not made at the plants for want of inputs;
//   shortfall_gwh         what one shortage episode cost at its site (episodes overlap down a
//                         chain, so they are ranked, never summed).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chaintwin/analyze/causes.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/report/document.hpp"
#include "chaintwin/sim/results.hpp"

namespace chaintwin::report {

// Order of the shortage rows. kShortfall (default): largest shortfall_gwh first, then largest
// quantity; kFirstDay: the engine's order (first day, site, material); kDays: longest first;
// kSite: by site key, then material.
enum class ShortageSort { kShortfall, kFirstDay, kDays, kSite };
// "lost" (or "shortfall"), "first_day", "days", "site"; nullopt for anything else.
std::optional<ShortageSort> ParseShortageSort(std::string_view text);
inline constexpr const char* kShortageSortChoices = "lost, first_day, days or site";

// Loss of one country or region: end-use demand at its demand sites and cell output of its
// plants.
struct AreaLoss {
  std::string code;  // country code or region id ("other": countries of no region)
  std::string name;  // English name
  double demand_gwh = 0.0;
  double unserved_demand_gwh = 0.0;
  double lost_cell_output_gwh = 0.0;
};
// By country, largest unserved first, then largest lost cell output, then code. Countries with
// no demand and no loss are left out.
std::vector<AreaLoss> LossByCountry(const model::CompiledNetwork& net, const sim::Results& r);
// By region (compiled.region_*: groups marked `region: true`); countries in no region add up
// under "other". Same order and filter as LossByCountry; empty when the network has no region.
std::vector<AreaLoss> LossByRegion(const model::CompiledNetwork& net, const sim::Results& r);

struct RunInfo {
  std::string protocol;     // as run, e.g. "pro_rata" or "default pro_rata; JP alliance_first"
  std::string network_file;
  int events = 0;
  ShortageSort sort = ShortageSort::kShortfall;
  // One cause per shortage (analyze::ExplainShortages), shown when given: a "cause" column
  // and the sentences under the table, a "cause" object per JSON shortage and
  // cause_* columns in the shortages CSV.
  const std::vector<analyze::ShortageCause>* causes = nullptr;
};

// Terminal report: the "which, when, where" table (first `max_rows` shortages; all when 0),
// losses by country (and region), and the totals with the headline named.
std::string ResultsText(const model::CompiledNetwork& net, const sim::Results& r,
                        const RunInfo& info, size_t max_rows = 25);
// Everything as one document, verb "simulate" (docs/schema/simulate.schema.json). Sections:
// shortages, by_country, by_region, sites (every site), allocations.
Document ResultsDocument(const model::CompiledNetwork& net, const sim::Results& r,
                         const RunInfo& info);

// Side-by-side comparison of two runs on networks with the same keys: shortages that appear,
// vanish or move, and the unserved demand difference by country.
std::string CompareText(const model::CompiledNetwork& net_a, const sim::Results& a,
                        const model::CompiledNetwork& net_b, const sim::Results& b);
// Verb "compare"; sections: changes, by_country.
Document CompareDocument(const model::CompiledNetwork& net_a, const sim::Results& a,
                         const model::CompiledNetwork& net_b, const sim::Results& b);

}  // namespace chaintwin::report
