#include "model/chokepoint_rule.hpp"

#include <algorithm>
#include <limits>

namespace chaintwin::model {

void BuildClosureWindows(const CompiledNetwork& net, const ResolvedScenario& sc,
                         const EventSchedule& sched, ClosureWindows& out) {
  out.by_chokepoint.assign(net.chokepoint_key.size(), {});
  for (auto& w : out.by_lane) w.clear();
  out.by_lane.resize(net.num_lanes());
  for (size_t e = 0; e < sc.events.size(); ++e) {
    const ResolvedEvent& ev = sc.events[e];
    if (ev.kind != EventKind::kLaneClosure) continue;
    ClosureWindow w{sched[e].start_day, sched[e].end_day, ev.detour_days ? *ev.detour_days : -1};
    for (ChokepointId c : ev.chokepoints) out.by_chokepoint[c.value].push_back(w);
    if (ev.detour_days) {
      for (LaneId l : ev.lanes) out.by_lane[l.value].push_back(w);
    }
  }
}

int32_t ExtraVoyageDays(const CompiledNetwork& net, const ClosureWindows& windows, uint32_t lane,
                        int32_t depart) {
  int32_t extra = 0;
  for (const ClosureWindow& w : windows.by_lane[lane]) {
    if (depart >= w.start && depart < w.end) extra = std::max(extra, w.detour);
  }
  for (uint32_t x = net.lane_crossing_begin[lane]; x < net.lane_crossing_begin[lane + 1]; ++x) {
    int32_t cross = depart + net.crossing_day[x] + extra;
    for (;;) {
      int32_t detour = -1, next = std::numeric_limits<int32_t>::max();
      bool closed = false;
      for (const ClosureWindow& w : windows.by_chokepoint[net.crossing_chokepoint[x].value]) {
        if (cross < w.start) {
          if (w.detour >= 0) next = std::min(next, w.start);
        } else if (cross < w.end) {
          closed = true;
          if (w.detour >= 0) detour = std::max(detour, w.detour);
          next = std::min(next, w.end);
        }
      }
      if (detour >= 0) {
        extra += detour;
        break;
      }
      if (!closed) break;
      extra += next - cross;
      cross = next;
    }
  }
  return extra;
}

}  // namespace chaintwin::model
