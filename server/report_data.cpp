#include "server/report_data.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/analyze/causes.hpp"
#include "chaintwin/analyze/concentration.hpp"
#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/opt/tts.hpp"
#include "chaintwin/report/analysis.hpp"
#include "chaintwin/report/extras.hpp"
#include "chaintwin/report/results.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "server/json_map.hpp"

namespace chaintwin::server {
namespace {

using Json = nlohmann::ordered_json;

Json Parse(const std::string& text) { return Json::parse(text); }

std::string NowUtc() {
  const auto now = std::chrono::system_clock::now();
  const int64_t secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const int64_t days = secs / 86400, rem = secs % 86400;
  return fmt::format("{}T{:02}:{:02}:{:02}Z", util::FormatDate(static_cast<int32_t>(days)), rem / 3600,
                     rem / 60 % 60, rem % 60);
}

Json ScenarioJson(const ReportRequest& q, const model::EventSchedule& schedule) {
  const model::Scenario& sc = *q.scenario;
  Json events = Json::array();
  for (size_t i = 0; i < sc.events.size(); ++i) {
    const model::Event& e = sc.events[i];
    const model::EventDraw& d = schedule[i];
    events.push_back({{"id", e.id},
                      {"kind", std::string(model::EventKindName(e.kind))},
                      {"description", e.description},
                      {"start_day", d.start_day},
                      {"start_date", util::FormatDate(sc.start + d.start_day)},
                      {"end_day", d.end_day},
                      {"end_date", util::FormatDate(sc.start + d.end_day)},
                      {"duration_days", d.end_day - d.start_day},
                      {"severity", d.severity}});
  }
  return {{"id", sc.id},
          {"name", sc.name},
          {"description", sc.description},
          {"network", std::filesystem::path(sc.network_file).filename().string()},
          {"start_date", util::FormatDate(sc.start)},
          {"horizon_days", sc.horizon_days},
          {"protocol", q.protocol_text},
          {"seed", sc.seed},
          {"reorder_after_days", sc.reorder_after_days},
          {"baseline", sc.baseline == model::Baseline::kCapacity ? "capacity" : "output_2024"},
          {"events", events}};
}

// Unserved GWh of the scenario with `reorder_after_days` (one run).
double UnservedWith(const ReportRequest& q, const model::EventSchedule& schedule, int32_t reorder) {
  sim::RunOptions o;
  o.protocol = q.protocol;
  o.reorder_after_days = std::max(1, reorder);
  o.max_allocation_records = 0;
  return sim::Engine::Create(*q.compiled).Run(*q.resolved, schedule, o).totals.unserved_gwh;
}

const char* ClassText(const std::string& input) {
  if (input == "stock_days") return "Days of stock each site holds (its target; the start is at the target)";
  if (input == "qualification") return "Days before a buyer may order from an alternate supplier it has not bought from";
  if (input == "capacity") return "Nameplate capacity of the processes";
  if (input == "transit") return "Transit days of the lanes";
  if (input == "demand") return "End-use demand";
  return "";
}

// The assumptions, largest swing of the headline first; those not varied last.
Json Assumptions(const ReportRequest& q, const Json* sensitivity, const model::EventSchedule& schedule,
                 double base) {
  Json out = Json::array();
  if (sensitivity != nullptr) {
    std::map<std::string, Json> by_class;  // input class -> assumption
    std::vector<std::string> order;
    for (const Json& row : (*sensitivity)["rows"]) {
      const std::string input = row["input"];
      if (!by_class.count(input)) {
        order.push_back(input);
        by_class[input] = {{"id", input},
                           {"what", ClassText(input.c_str())},
                           {"varied", true},
                           {"low_factor", row["low_factor"]},
                           {"high_factor", row["high_factor"]},
                           {"swing_gwh", 0.0},
                           {"groups", Json::array()}};
      }
      Json& a = by_class[input];
      const double swing = row["swing_gwh"];
      if (swing > a["swing_gwh"].get<double>()) a["swing_gwh"] = swing;
      if (a["groups"].size() < 3 && swing > 0) {
        a["groups"].push_back({{"label", row["label"]},
                               {"unserved_demand_gwh_low", row["unserved_demand_gwh_low"]},
                               {"unserved_demand_gwh_high", row["unserved_demand_gwh_high"]},
                               {"swing_gwh", swing}});
      }
    }
    for (const auto& input : order) out.push_back(by_class[input]);
  }
  // reorder_after: not in the sensitivity classes; two more runs at half and one and a half times.
  const int32_t r = q.scenario->reorder_after_days;
  const int32_t lo = std::max(1, static_cast<int32_t>(std::lround(r * 0.5)));
  const int32_t hi = std::max(lo + 1, static_cast<int32_t>(std::lround(r * 1.5)));
  const double v_lo = UnservedWith(q, schedule, lo), v_hi = UnservedWith(q, schedule, hi);
  const double swing = std::max({v_lo, v_hi, base}) - std::min({v_lo, v_hi, base});
  out.push_back({{"id", "reorder_after"},
                 {"what", fmt::format("Days an order may stay unfilled before the buyer cancels and "
                                      "orders elsewhere ({} days in this scenario)", r)},
                 {"varied", true},
                 {"low_factor", static_cast<double>(lo) / r},
                 {"high_factor", static_cast<double>(hi) / r},
                 {"swing_gwh", swing},
                 {"groups", Json::array({{{"label", fmt::format("reorder_after {} / {} days", lo, hi)},
                                          {"unserved_demand_gwh_low", v_lo},
                                          {"unserved_demand_gwh_high", v_hi},
                                          {"swing_gwh", swing}}})}});
  out.push_back({{"id", "baseline"},
                 {"what", q.scenario->baseline == model::Baseline::kCapacity
                              ? "Every process runs to its nameplate capacity as the normal state "
                                "(baseline: capacity), and the run starts from the steady state: "
                                "stocks at their targets, lanes carrying their baseline flow"
                              : "Processes run at their 2024 output (baseline: output_2024), and "
                                "the run starts from the steady state: stocks at their targets, "
                                "lanes carrying their baseline flow"},
                 {"varied", false},
                 {"low_factor", nullptr},
                 {"high_factor", nullptr},
                 {"swing_gwh", nullptr},
                 {"groups", Json::array()}});
  std::stable_sort(out.begin(), out.end(), [](const Json& a, const Json& b) {
    const double sa = a["swing_gwh"].is_number() ? a["swing_gwh"].get<double>() : -1.0;
    const double sb = b["swing_gwh"].is_number() ? b["swing_gwh"].get<double>() : -1.0;
    return sa > sb;
  });
  int rank = 0;
  for (Json& a : out) a["rank"] = ++rank;
  return out;
}

}  // namespace

std::vector<LaneId> ScenarioBlockedLanes(const model::CompiledNetwork& net,
                                         const model::ResolvedScenario& resolved) {
  std::vector<uint8_t> blocked(net.num_lanes(), 0);
  for (const model::ResolvedEvent& e : resolved.events) {
    const bool blocks = e.kind == model::EventKind::kExportBan ||
                        (e.kind == model::EventKind::kLaneClosure && !e.detour_days);
    if (!blocks) continue;
    for (LaneId l : e.lanes) blocked[l.value] = 1;
    for (ChokepointId c : e.chokepoints) {
      for (uint32_t l = 0; l < net.num_lanes(); ++l) {
        for (uint32_t x = net.lane_crossing_begin[l]; x < net.lane_crossing_begin[l + 1]; ++x) {
          if (net.crossing_chokepoint[x] == c) blocked[l] = 1;
        }
      }
    }
  }
  std::vector<LaneId> lanes;
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    if (blocked[l]) lanes.push_back(LaneId{l});
  }
  return lanes;
}

std::string ReportDataJson(const ReportRequest& q) {
  auto step = [&](const char* name, uint64_t done, uint64_t total) {
    if (q.progress) q.progress(name, done, total);
  };
  if (q.protocol.value_or(model::Protocol::kProRata) == model::Protocol::kPlan ||
      q.scenario->protocol.default_protocol == model::Protocol::kPlan) {
    throw InputError("", "the report runs the simulation protocols only, not plan (use "
                         "`chaintwin plan` for the allocation plan)");
  }
  const model::CompiledNetwork& net = *q.compiled;
  const model::EventSchedule schedule = model::NominalSchedule(*q.resolved);

  // The run, with every extra (timeline by week) and the causes of its shortages.
  step("simulate", 0, 1);
  report::Extras extras;
  extras.timeline = extras.site_status = extras.flows = true;
  extras.by = report::Rollup::kWeek;
  sim::RunOptions options;
  options.protocol = q.protocol;
  report::ExtrasCollector collector(net, *q.resolved, schedule, extras, options);
  const sim::Results results = sim::Engine::Create(net).Run(*q.resolved, schedule, options, &collector);
  const std::vector<analyze::ShortageCause> causes =
      analyze::ExplainShortages(net, *q.resolved, schedule, results);
  report::RunInfo info{q.protocol_text, q.scenario->network_file,
                       static_cast<int>(q.scenario->events.size()), report::ShortageSort::kShortfall,
                       &causes};
  Json simulate = Parse(SimulateJson(net, results, info, false, &collector));
  simulate["allocations"] = Json::array();  // megabytes; totals.allocation_decisions counts them
  step("simulate", 1, 1);

  Json sensitivity = nullptr;
  if (q.sensitivity) {
    analyze::SensitivityOptions so;
    so.threads = q.threads;
    if (q.protocol) so.run.protocol = q.protocol;
    so.progress = [&](uint64_t done, uint64_t total) { step("sensitivity", done, total); };
    analyze::SensitivityResults r = analyze::RunSensitivity(*q.network, *q.scenario, so);
    sensitivity = Parse(report::SensitivityDocument(r, r.rows.size()).Json());
  }

  step("tts", 0, 1);
  opt::TtsConfig tc;
  tc.threads = q.threads;
  tc.blocked_lanes = ScenarioBlockedLanes(net, *q.resolved);
  opt::TtsResult tts = opt::AnalyzeTts(net, tc);
  Json tts_json = Parse(report::TtsDocument(net, tts, report::TtsInfo{q.network->id, q.scenario->id,
                                                                     false, tts.ranking.size(), 0.0})
                            .Json());
  step("tts", 1, 1);
  Json concentration = Parse(ConcentrationJson(net, analyze::Concentration(*q.network, net)));

  step("assumptions", 0, 1);
  Json assumptions = Assumptions(q, sensitivity.is_null() ? nullptr : &sensitivity, schedule,
                                 results.totals.unserved_gwh);
  step("assumptions", 1, 1);

  Json data = {{"schema_version", 1},
               {"kind", "report"},
               {"generated_at", q.generated_at.empty() ? NowUtc() : q.generated_at},
               {"scenario", ScenarioJson(q, schedule)},
               {"network", Parse(NetworkJson(*q.network))},
               {"simulate", std::move(simulate)},
               {"sensitivity", std::move(sensitivity)},
               {"tts", std::move(tts_json)},
               {"concentration", std::move(concentration)},
               {"sources", Parse(SourcesJson(*q.network))},
               {"assumptions", std::move(assumptions)}};
  return data.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace chaintwin::server
