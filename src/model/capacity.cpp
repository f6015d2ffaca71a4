#include "chaintwin/model/capacity.hpp"

#include <algorithm>

namespace chaintwin::model {

double ThroughputCutCap(const CompiledNetwork& net, const ResolvedEvent& ev, double severity,
                        LaneId lane) {
  if (ev.capacity_per_day) return *ev.capacity_per_day;
  if (!(severity < 1.0)) return kUnlimited;  // a cut to the whole flow is no cut
  return std::max(severity, 0.0) * net.lane_expected_flow[lane.value];
}

namespace {
// A window of a lane_throughput event caps something: a `quantity`, or a factor below 1.
bool Caps(const ResolvedEvent& ev, const EventDraw& when) {
  return ev.kind == EventKind::kLaneThroughput && when.end_day > when.start_day &&
         (ev.capacity_per_day || when.severity < 1.0);
}
}  // namespace

void BuildThroughputCuts(const CompiledNetwork& net, const ResolvedScenario& sc,
                         const EventSchedule& sched, ThroughputCuts& out) {
  out.begin.clear();
  out.windows.clear();
  out.capped_lanes = net.capped_lanes;
  bool any = false;
  for (size_t e = 0; e < sc.events.size(); ++e) {
    const ResolvedEvent& ev = sc.events[e];
    any = any || (!ev.lanes.empty() && Caps(ev, sched[e]));
  }
  if (!any) return;
  // Counted per lane, then placed (CSR), in event order within a lane.
  out.begin.assign(net.num_lanes() + 1, 0);
  auto each = [&](auto&& f) {
    for (size_t e = 0; e < sc.events.size(); ++e) {
      const ResolvedEvent& ev = sc.events[e];
      if (!Caps(ev, sched[e])) continue;
      for (LaneId l : ev.lanes) f(e, ev, l);
    }
  };
  each([&](size_t, const ResolvedEvent&, LaneId l) { ++out.begin[l.value + 1]; });
  for (uint32_t l = 0; l < net.num_lanes(); ++l) out.begin[l + 1] += out.begin[l];
  out.windows.resize(out.begin.back());
  std::vector<uint32_t> fill(out.begin.begin(), out.begin.end() - 1);
  each([&](size_t e, const ResolvedEvent& ev, LaneId l) {
    out.windows[fill[l.value]++] = ThroughputCuts::Window{
        sc.start_date + sched[e].start_day, sc.start_date + sched[e].end_day,
        ThroughputCutCap(net, ev, sched[e].severity, l)};
  });
  out.capped_lanes.clear();
  std::vector<uint8_t> capped(net.num_lanes(), 0);
  for (LaneId l : net.capped_lanes) capped[l.value] = 1;
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    if (capped[l] || out.begin[l + 1] > out.begin[l]) out.capped_lanes.push_back(LaneId{l});
  }
}

double ThroughputCap(const ThroughputCuts& cuts, LaneId lane, int32_t date) {
  double cap = kUnlimited;
  if (cuts.begin.empty()) return cap;
  for (uint32_t i = cuts.begin[lane.value]; i < cuts.begin[lane.value + 1]; ++i) {
    const ThroughputCuts::Window& w = cuts.windows[i];
    if (date >= w.first && date < w.end) cap = std::min(cap, w.per_day);
  }
  return cap;
}

int32_t ThroughputCutSince(const ThroughputCuts& cuts, LaneId lane, int32_t date) {
  int32_t since = kNotCut;
  if (cuts.begin.empty()) return since;
  const uint32_t w0 = cuts.begin[lane.value], w1 = cuts.begin[lane.value + 1];
  for (uint32_t i = w0; i < w1; ++i) {
    const ThroughputCuts::Window& w = cuts.windows[i];
    if (date >= w.first && date < w.end) since = std::min(since, w.first);
  }
  // Windows that meet or overlap are one cut, from the first one's first day.
  for (bool moved = since != kNotCut; moved;) {
    moved = false;
    for (uint32_t i = w0; i < w1; ++i) {
      const ThroughputCuts::Window& w = cuts.windows[i];
      if (w.first < since && w.end >= since) {
        since = w.first;
        moved = true;
      }
    }
  }
  return since;
}

double LaneCapacity(const CompiledNetwork& net, LaneId lane, int32_t date) {
  double cap = net.lane_capacity[lane.value];
  for (uint32_t i = net.lane_contract_begin[lane.value]; i < net.lane_contract_begin[lane.value + 1];
       ++i) {
    const CompiledNetwork::LaneContract& k = net.lane_contracts[i];
    if (date >= k.first_day && date <= k.last_day) cap = std::min(cap, k.max_volume_per_day);
  }
  return cap;
}

double LaneCapacity(const CompiledNetwork& net, const ThroughputCuts& cuts, LaneId lane,
                    int32_t date) {
  return std::min(LaneCapacity(net, lane, date), ThroughputCap(cuts, lane, date));
}

double LimitCapacity(const CompiledNetwork& net, uint32_t limit, int32_t date) {
  if (date < net.limit_first_day[limit] || date > net.limit_last_day[limit]) return kUnlimited;
  return net.limit_capacity[limit];
}

void BuildLimitParts(const CompiledNetwork& net, LimitParts& out) {
  out.begin.clear();
  out.parts.clear();
  if (net.num_limits() == 0) return;
  // Counted per lane, then placed (CSR), limits in order within a lane.
  std::vector<double> flows(net.num_limits(), 0.0);
  out.begin.assign(net.num_lanes() + 1, 0);
  for (uint32_t g = 0; g < net.num_limits(); ++g) {
    for (uint32_t i = net.limit_lane_begin[g]; i < net.limit_lane_begin[g + 1]; ++i) {
      const double flow = net.lane_expected_flow[net.limit_lanes[i].value];
      if (flow <= 0.0) continue;
      flows[g] += flow;
      ++out.begin[net.limit_lanes[i].value + 1];
    }
  }
  for (uint32_t l = 0; l < net.num_lanes(); ++l) out.begin[l + 1] += out.begin[l];
  out.parts.resize(out.begin.back());
  std::vector<uint32_t> fill(out.begin.begin(), out.begin.end() - 1);
  for (uint32_t g = 0; g < net.num_limits(); ++g) {
    for (uint32_t i = net.limit_lane_begin[g]; i < net.limit_lane_begin[g + 1]; ++i) {
      const uint32_t l = net.limit_lanes[i].value;
      const double flow = net.lane_expected_flow[l];
      if (flow > 0.0) out.parts[fill[l]++] = LimitParts::Part{g, flow / flows[g]};
    }
  }
}

double OrderCapacity(const CompiledNetwork& net, const ThroughputCuts& cuts,
                     const LimitParts& parts, LaneId lane, int32_t date) {
  double cap = LaneCapacity(net, cuts, lane, date);
  if (parts.begin.empty()) return cap;
  for (uint32_t i = parts.begin[lane.value]; i < parts.begin[lane.value + 1]; ++i) {
    // kUnlimited x a fraction > 0 is kUnlimited: a limit not in force caps nothing.
    cap = std::min(cap, LimitCapacity(net, parts.parts[i].limit, date) * parts.parts[i].fraction);
  }
  return cap;
}

void ApplyCapacities(const CompiledNetwork& net, const ThroughputCuts& cuts, int32_t date,
                     std::span<double> departing) {
  for (LaneId lane : cuts.capped_lanes) {
    double& q = departing[lane.value];
    q = std::min(q, LaneCapacity(net, cuts, lane, date));
  }
  for (uint32_t g = 0; g < net.num_limits(); ++g) {
    double cap = LimitCapacity(net, g, date);
    if (cap == kUnlimited) continue;
    double total = 0.0;
    for (uint32_t i = net.limit_lane_begin[g]; i < net.limit_lane_begin[g + 1]; ++i) {
      total += departing[net.limit_lanes[i].value];
    }
    if (total <= cap) continue;
    double factor = cap / total;
    for (uint32_t i = net.limit_lane_begin[g]; i < net.limit_lane_begin[g + 1]; ++i) {
      departing[net.limit_lanes[i].value] *= factor;
    }
  }
}

}  // namespace chaintwin::model
