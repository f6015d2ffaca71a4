#include "chaintwin/report/extras.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "chaintwin/model/network.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::report {
namespace {
constexpr size_t kSeries = 7;  // opening, received, produced, consumed, shipped, closing, unmet
constexpr double kTiny = 1e-9;
constexpr int64_t kClosed = 1;  // every process of the site at outage capacity factor 0
constexpr int64_t kIdle = 2;    // made nothing while its running processes normally make something
}  // namespace

std::string ParseInclude(const std::vector<std::string>& words, Extras& extras) {
  for (const std::string& w : words) {
    if (w == "timeline") {
      extras.timeline = true;
    } else if (w == "site_status") {
      extras.site_status = true;
    } else if (w == "flows") {
      extras.flows = true;
    } else {
      return w.empty() ? std::string("(empty)") : w;
    }
  }
  return "";
}

namespace {

// Shipments per lane summed over a window of days, read from the engine's cumulative lane
// audit after each day (the audit counts every departure).
struct LaneWindow : sim::TimelineSink {
  sim::RunOptions::LaneAudit audit;
  std::vector<double> before, sum;  // by lane
  int32_t lo = 0, hi = 0;
  explicit LaneWindow(uint32_t lanes, int32_t from = 0, int32_t to = 0)
      : before(lanes, 0.0), sum(lanes, 0.0), lo(from), hi(to) {}
  void Day(const model::CompiledNetwork& net, const sim::DayFigures& f) override {
    for (uint32_t l = 0; l < net.num_lanes(); ++l) {
      const double total = audit.shipped[l];
      if (f.day >= lo && f.day < hi) sum[l] += total - before[l];
      before[l] = total;
    }
  }
};

}  // namespace

struct ExtrasCollector::State {
  const model::CompiledNetwork* net = nullptr;
  int32_t start_date = 0;
  Extras extras;
  sim::TimelineSink* next = nullptr;
  // Timeline: the slots shown, and per slot kSeries columns of one value per period.
  std::vector<uint32_t> slots;
  std::vector<std::vector<double>> columns;  // slots.size() * kSeries
  std::vector<int64_t> period_start;
  std::string period_key;
  // Site status: one code per site and day; per process, its outage factor on each day comes
  // from the active site_outage events (closed when every process of a site is at factor 0).
  std::vector<std::vector<int64_t>> status;  // by site: kClosed | kIdle bits until AddTo
  std::vector<double> site_baseline;         // scratch, by site
  std::vector<double> site_produced;         // scratch, by site
  std::vector<double> outage;                // scratch, by process
  const model::ResolvedScenario* scenario = nullptr;
  const model::EventSchedule* schedule = nullptr;
  // Flows: the engine's cumulative shipments per lane, and what each window has.
  sim::RunOptions::LaneAudit audit;
  std::vector<double> shipped_before;        // by lane, cumulative at the previous day
  std::vector<double> baseline_sum, disruption_sum;  // by lane
  sim::RunOptions options;  // of the run, for the undisrupted one (flows without a baseline day)
  int32_t days_seen = 0;

  // The day's kClosed / kIdle bits of every site.
  void RecordSites(const model::CompiledNetwork& net, const sim::DayFigures& f) {
    std::fill(site_baseline.begin(), site_baseline.end(), 0.0);
    std::fill(site_produced.begin(), site_produced.end(), 0.0);
    std::fill(outage.begin(), outage.end(), 1.0);
    for (size_t e = 0; e < scenario->events.size(); ++e) {
      const model::ResolvedEvent& ev = scenario->events[e];
      const model::EventDraw& d = (*schedule)[e];
      if (ev.kind != model::EventKind::kSiteOutage || f.day < d.start_day || f.day >= d.end_day) {
        continue;
      }
      for (ProcessId p : ev.processes) outage[p.value] *= d.severity;
    }
    const int32_t today = start_date + f.day;
    for (uint32_t p = 0; p < net.num_processes(); ++p) {
      if (net.process_start[p] <= today) {
        site_baseline[net.process_site[p].value] += net.process_expected_output[p];
      }
    }
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      site_produced[net.slot_site[slot].value] += f.produced[slot];
    }
    for (uint32_t site = 0; site < net.num_sites(); ++site) {
      const uint32_t p0 = net.site_process_begin[site], p1 = net.site_process_begin[site + 1];
      bool closed = p1 > p0;
      for (uint32_t p = p0; p < p1 && closed; ++p) closed = outage[p] <= 0.0;
      const bool idle = site_baseline[site] > kTiny && site_produced[site] <= kTiny;
      status[site].push_back((closed ? kClosed : 0) | (idle ? kIdle : 0));
    }
  }
};

ExtrasCollector::ExtrasCollector(const model::CompiledNetwork& net,
                                 const model::ResolvedScenario& scenario,
                                 const model::EventSchedule& schedule, Extras extras,
                                 sim::RunOptions& options, sim::TimelineSink* next)
    : s_(std::make_unique<State>()) {
  State& s = *s_;
  s.net = &net;
  s.start_date = scenario.start_date;
  s.next = next;
  s.scenario = &scenario;
  s.schedule = &schedule;
  if (extras.timeline) {
    std::vector<uint8_t> wanted(net.num_sites(), extras.timeline_sites.empty() ? 1 : 0);
    for (size_t i = 0; i < extras.timeline_sites.size(); ++i) {
      const std::string& key = extras.timeline_sites[i];
      auto it = std::find(net.site_key.begin(), net.site_key.end(), key);
      if (it == net.site_key.end()) {
        throw InputError(util::Diagnostics{util::Diagnostic{
            "", 0, 0, fmt::format("timeline_sites[{}]", i),
            fmt::format("no site '{}' in the network", key)}});
      }
      wanted[static_cast<size_t>(it - net.site_key.begin())] = 1;
    }
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      if (wanted[net.slot_site[slot].value]) s.slots.push_back(slot);
    }
    s.columns.resize(s.slots.size() * kSeries);
  }
  if (extras.site_status) {
    s.status.resize(net.num_sites());
    s.site_baseline.resize(net.num_sites());
    s.site_produced.resize(net.num_sites());
    s.outage.resize(net.num_processes());
  }
  if (extras.flows) {
    options.lane_audit = &s.audit;
    s.options = options;
    s.shipped_before.assign(net.num_lanes(), 0.0);
    s.baseline_sum.assign(net.num_lanes(), 0.0);
    s.disruption_sum.assign(net.num_lanes(), 0.0);
  }
  // Windows: baseline [0, first start), disruption [first start, last end); no events: all
  // days are baseline.
  const int32_t horizon = options.days > 0 ? options.days : scenario.horizon_days;
  if (schedule.empty()) {
    baseline_end_ = disruption_begin_ = disruption_end_ = horizon;
  } else {
    int32_t first = INT32_MAX, last = 0;
    for (const model::EventDraw& d : schedule) {
      first = std::min(first, d.start_day);
      last = std::max(last, d.end_day);
    }
    baseline_end_ = disruption_begin_ = std::clamp(first, 0, horizon);
    disruption_end_ = std::clamp(last, disruption_begin_, horizon);
  }
  s.extras = std::move(extras);
}

ExtrasCollector::~ExtrasCollector() = default;

void ExtrasCollector::Day(const model::CompiledNetwork& net, const sim::DayFigures& f) {
  State& s = *s_;
  if (s.next != nullptr) s.next->Day(net, f);
  s.days_seen = f.day + 1;
  if (s.extras.site_status) s.RecordSites(net, f);
  if (s.extras.timeline) {
    std::string key = s.extras.by == Rollup::kDay    ? std::to_string(f.day)
                      : s.extras.by == Rollup::kWeek ? std::to_string(f.day / 7)
                                                     : util::FormatDate(s.start_date + f.day).substr(0, 7);
    const bool fresh = s.period_start.empty() || key != s.period_key;
    if (fresh) {
      s.period_start.push_back(f.day);
      s.period_key = std::move(key);
    }
    const double* in[kSeries] = {f.opening, f.received, f.produced, f.consumed,
                                 f.shipped, f.closing,  f.unmet};
    for (size_t i = 0; i < s.slots.size(); ++i) {
      const uint32_t slot = s.slots[i];
      for (size_t c = 0; c < kSeries; ++c) {
        std::vector<double>& col = s.columns[i * kSeries + c];
        const double v = in[c][slot];
        if (fresh) {
          col.push_back(v);
        } else if (c == 0) {
          // opening: the period's first day's
        } else if (c == 5) {
          col.back() = v;  // closing: the last day's
        } else {
          col.back() += v;
        }
      }
    }
  }
  if (s.extras.flows) {
    const bool base = f.day < baseline_end_;
    const bool disrupted = f.day >= disruption_begin_ && f.day < disruption_end_;
    for (uint32_t l = 0; l < net.num_lanes(); ++l) {
      const double total = s.audit.shipped[l];
      const double today = total - s.shipped_before[l];
      s.shipped_before[l] = total;
      if (base) s.baseline_sum[l] += today;
      if (disrupted) s.disruption_sum[l] += today;
    }
  }
}

void ExtrasCollector::AddTo(Document& doc, const sim::Results& results) {
  State& s = *s_;
  const model::CompiledNetwork& net = *s.net;
  if (s.extras.timeline) {
    const char* by = s.extras.by == Rollup::kDay    ? "day"
                     : s.extras.by == Rollup::kWeek ? "week"
                                                    : "month";
    doc.Field("timeline.by", Type::kString, Text(by),
              "Period of the timeline's values: day, week (7-day blocks from the start) or "
              "month (calendar months)");
    std::vector<std::string> dates;
    for (int64_t d : s.period_start) dates.push_back(util::FormatDate(s.start_date + static_cast<int32_t>(d)));
    doc.Field("timeline.period_start_days", Type::kIntegerList, Integers(s.period_start),
              "First scenario day of each period (0 = the start date)");
    doc.Field("timeline.period_start_dates", Type::kStringList, List(std::move(dates)),
              "First date of each period (ISO 8601)");
    Records& series = doc.Section(
        "timeline.series",
        "One row per site and material; each column holds one value per period: opening (the "
        "period's first day's stock), received, produced, consumed, shipped and unmet (summed "
        "over the period), closing (its last day's stock), in the material's unit");
    series.Add("site", Type::kString, "Site id")
        .Add("material", Type::kString, "Material id")
        .Add("unit", Type::kString, "Unit of the material")
        .Add("opening", Type::kNumberList, "Stock at the start of the period")
        .Add("received", Type::kNumberList, "Arrived by lanes (and stockpile releases)")
        .Add("produced", Type::kNumberList, "Made by the site's processes")
        .Add("consumed", Type::kNumberList, "Used by processes and end-use demand served")
        .Add("shipped", Type::kNumberList, "Sent to buyers on lanes")
        .Add("closing", Type::kNumberList, "Stock at the end of the period")
        .Add("unmet", Type::kNumberList, "Need not met (input not available, demand not served)");
    for (size_t i = 0; i < s.slots.size(); ++i) {
      const uint32_t slot = s.slots[i];
      std::vector<Cell> row{Text(net.site_key[net.slot_site[slot].value]),
                            Text(net.material_key[net.slot_material[slot].value]),
                            Text(net.material_unit[net.slot_material[slot].value])};
      for (size_t c = 0; c < kSeries; ++c) row.push_back(Numbers(std::move(s.columns[i * kSeries + c])));
      series.Row(std::move(row));
    }
    doc.Optional("timeline");
  }
  if (s.extras.site_status) {
    doc.Field("site_status.days", Type::kInteger, Int(s.days_seen), "Days in each status list");
    doc.Field("site_status.codes.0", Type::kString, Text("normal"), "Code 0");
    doc.Field("site_status.codes.1", Type::kString, Text("short"),
              "Code 1: the day is in one of the site's shortage episodes (a row of shortages)");
    doc.Field("site_status.codes.2", Type::kString, Text("stopped"),
              "Code 2: closed by a site_outage (every process at capacity factor 0), or short "
              "and made nothing while its running processes normally make something");
    // Short: a day of one of the site's shortage episodes (the shortage table's rows).
    std::vector<std::vector<uint8_t>> short_day(net.num_sites());
    for (const sim::Shortage& sh : results.shortages) {
      std::vector<uint8_t>& days = short_day[sh.site.value];
      days.resize(static_cast<size_t>(s.days_seen), 0);
      for (int32_t d = std::max(0, sh.first_day); d <= sh.last_day && d < s.days_seen; ++d) days[d] = 1;
    }
    for (uint32_t site = 0; site < net.num_sites(); ++site) {
      for (size_t d = 0; d < s.status[site].size(); ++d) {
        const int64_t bits = s.status[site][d];
        const bool is_short = d < short_day[site].size() && short_day[site][d];
        s.status[site][d] = (bits & kClosed) || (is_short && (bits & kIdle)) ? kStopped
                            : is_short                                      ? kShort
                                                                            : kNormal;
      }
    }
    Records& sites = doc.Section("site_status.sites", "One row per site: its status code per day");
    sites.Add("site", Type::kString, "Site id")
        .Add("country", Type::kString, "Country code of the site")
        .Add("status", Type::kIntegerList, "One code per day (see codes)");
    for (uint32_t site = 0; site < net.num_sites(); ++site) {
      sites.Row({Text(net.site_key[site]), Text(net.country_key[net.site_country[site].value]),
                 Integers(std::move(s.status[site]))});
    }
    doc.Optional("site_status");
  }
  if (s.extras.flows) {
    Records& flows = doc.Section(
        "flows",
        "Shipments per day by (from country, to country, material, supplier stage), averaged "
        "over the baseline window (before the first event; when it starts on day 0, the "
        "disruption window's days of the same run without its events) and the disruption window (first event's start "
        "to the last event's end)");
    flows.Add("period", Type::kString, "baseline or disruption")
        .Add("from_country", Type::kString, "Country of the supplier")
        .Add("to_country", Type::kString, "Country of the buyer")
        .Add("material", Type::kString, "Material id")
        .Add("stage", Type::kString, "Supply-chain stage of the material (the supplier's)")
        .Add("quantity_per_day", Type::kNumber, "Average shipped per day over the window")
        .Add("unit", Type::kString, "Unit of the material")
        .Add("days", Type::kInteger, "Days in the window")
        .Add("basis", Type::kString,
             "simulated (shipped in this run's window) or undisrupted_run (the same days of the "
             "same run without its events, when no day precedes the first event)");
    using Key = std::tuple<std::string, std::string, std::string>;  // from, to, material
    auto emit = [&](const char* period, const std::vector<double>& per_lane, int32_t days,
                    const char* basis, double divide) {
      std::map<Key, double> sums;
      std::map<Key, uint32_t> material_of;
      for (uint32_t l = 0; l < net.num_lanes(); ++l) {
        if (!(per_lane[l] > 0.0)) continue;
        const uint32_t from = net.lane_from[l].value, to = net.lane_to[l].value;
        const uint32_t m = net.slot_material[from].value;
        Key k{net.country_key[net.site_country[net.slot_site[from].value].value],
              net.country_key[net.site_country[net.slot_site[to].value].value],
              net.material_key[m]};
        sums[k] += per_lane[l];
        material_of[k] = m;
      }
      for (const auto& [k, sum] : sums) {
        const uint32_t m = material_of[k];
        flows.Row({Text(period), Text(std::get<0>(k)), Text(std::get<1>(k)), Text(std::get<2>(k)),
                   Text(std::string(model::StageName(net.material_stage[m]))), Num(sum / divide),
                   Text(net.material_unit[m]), Int(days), Text(basis)});
      }
    };
    const int32_t base_days = std::min(baseline_end_, s.days_seen);
    const int32_t dis_days = std::max(0, std::min(disruption_end_, s.days_seen) - disruption_begin_);
    if (base_days > 0) {
      emit("baseline", s.baseline_sum, base_days, "simulated", base_days);
    } else if (dis_days > 0) {
      // No day before the first event: the same days of the same run without its events.
      model::ResolvedScenario calm = *s.scenario;
      calm.events.clear();
      LaneWindow window(net.num_lanes(), disruption_begin_, disruption_begin_ + dis_days);
      sim::RunOptions o = s.options;
      o.lane_audit = &window.audit;
      o.max_allocation_records = 0;
      sim::Engine::Create(net).Run(calm, {}, o, &window);
      emit("baseline", window.sum, dis_days, "undisrupted_run", dis_days);
    }
    if (dis_days > 0) emit("disruption", s.disruption_sum, dis_days, "simulated", dis_days);
    doc.Optional("flows");
  }
}

}  // namespace chaintwin::report
