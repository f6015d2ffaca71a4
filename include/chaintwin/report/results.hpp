// Renders a simulation's results for people (tables) and machines (JSON, CSV). Shared by the
// `simulate` and `compare` verbs and, later, the server and the HTML report.
#pragma once

#include <string>
#include <vector>

#include "chaintwin/analyze/causes.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/results.hpp"

namespace chaintwin::report {

// Lost and demanded GWh of one country (end-use demand at its sites; cell output of its plants).
struct CountryLoss {
  std::string country;
  double demand_gwh = 0.0;
  double unserved_gwh = 0.0;
  double lost_production_gwh = 0.0;
};
// By country, largest unserved first, then largest lost production, then code.
std::vector<CountryLoss> LossByCountry(const model::CompiledNetwork& net, const sim::Results& r);

struct RunInfo {
  std::string protocol;     // as run, e.g. "pro_rata" or "default pro_rata; JP alliance_first"
  std::string network_file;
  int events = 0;
  // One cause per shortage (analyze::ExplainShortages), shown when given: a "cause" column
  // and the sentences under the table, a "cause" object per JSON shortage.
  const std::vector<analyze::ShortageCause>* causes = nullptr;
};

// Terminal report: the "which, when, where" table (first `max_rows` shortages; all when 0),
// lost GWh by country, and totals.
std::string ResultsText(const model::CompiledNetwork& net, const sim::Results& r,
                        const RunInfo& info, size_t max_rows = 25);
// Everything as one JSON document (schema in docs/CLI.md).
std::string ResultsJson(const model::CompiledNetwork& net, const sim::Results& r,
                        const RunInfo& info);
// CSV tables. ShortagesCsv adds the cause columns when `causes` is given.
std::string ShortagesCsv(const model::CompiledNetwork& net, const sim::Results& r,
                         const std::vector<analyze::ShortageCause>* causes = nullptr);
std::string CountriesCsv(const model::CompiledNetwork& net, const sim::Results& r);
std::string SitesCsv(const model::CompiledNetwork& net, const sim::Results& r);
std::string AllocationsCsv(const model::CompiledNetwork& net, const sim::Results& r);

// Side-by-side comparison of two runs on networks with the same keys: shortages that appear,
// vanish or move, and the lost GWh difference by country.
std::string CompareText(const model::CompiledNetwork& net_a, const sim::Results& a,
                        const model::CompiledNetwork& net_b, const sim::Results& b);
std::string CompareJson(const model::CompiledNetwork& net_a, const sim::Results& a,
                        const model::CompiledNetwork& net_b, const sim::Results& b);
std::string CompareCsv(const model::CompiledNetwork& net_a, const sim::Results& a,
                       const model::CompiledNetwork& net_b, const sim::Results& b);

}  // namespace chaintwin::report
