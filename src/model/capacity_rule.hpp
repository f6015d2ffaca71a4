// The capacity of a process on a day: one definition for the simulator (src/sim/engine.cpp)
// and the optimizer (src/opt/plan_inputs.cpp, src/opt/tts.cpp). docs/SIMULATION.md, step 2-3.
//
//   capacity(t) = nameplate x ramp-up(t)           (0 before the process's `start`, whatever
//                                                    capacity change is in force)
//                 -> each capacity change in force  (a straight line to its target over
//                                                    `ramp_days`, in scenario event order)
//                 x outage factors                  (the product of the site outages in force)
//
// Unlimited capacity (an external source with no capacity given: nameplate = kUnlimited)
// stays unlimited under any positive factor: 50 % of "as much as asked" is still as much as
// asked, so a change that cannot bind leaves the run as it was without it. A factor of 0 stops
// it (an outage), and a change to a finite capacity per day caps it. A straight line to or
// from unlimited is unlimited until the line ends. No rule here produces NaN: infinity is
// never subtracted from infinity nor multiplied by 0.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"

namespace chaintwin::model {

inline bool IsUnlimited(double capacity) { return std::isinf(capacity); }

// capacity x factor; a factor of 0 or less stops any process, unlimited or not.
inline double ScaleCapacity(double capacity, double factor) {
  return factor > 0.0 ? capacity * factor : 0.0;
}

// The point `w` (0..1) of the way along a straight line from `from` to `to`; `to` from w >= 1.
// With either end unlimited the line is unlimited until it ends.
inline double RampToward(double from, double to, double w) {
  if (w >= 1.0) return to;
  if (w <= 0.0) return from;
  if (IsUnlimited(from) || IsUnlimited(to)) return kUnlimited;
  return from + (to - from) * w;
}

// The ramp-up factor of process `p` on `date` (days since epoch): its `ramp_up` points joined
// by straight lines, counted from its `start` (or the scenario's start when it has none); the
// first point's factor before the first point, the last one's after the last; 1 without a
// ramp; 0 before `start`.
double RampUpFactor(const CompiledNetwork& net, uint32_t p, int32_t date, int32_t scenario_start);

// The capacity a capacity change moves process `p` to: its `capacity` per day when given,
// else nameplate x the event's severity (the drawn factor).
inline double CapacityChangeTarget(const CompiledNetwork& net, const ResolvedEvent& ev, uint32_t p,
                                   double severity) {
  return ev.capacity_per_day ? *ev.capacity_per_day
                             : ScaleCapacity(net.process_capacity[p], severity);
}

// How far along its ramp a capacity change is on scenario day t: (t - start + 1) / ramp_days,
// so the target holds on the last ramp day; 1 without a ramp.
inline double CapacityChangeWeight(const ResolvedEvent& ev, const EventDraw& draw, int32_t t) {
  return ev.ramp_days > 0 ? std::min(1.0, (t - draw.start_day + 1) / ev.ramp_days) : 1.0;
}

// Nameplate x ramp-up x the capacity changes in force on scenario day t, before outages; 0
// before the process's `start`, whatever change is in force (a change scales or caps a plant,
// it does not open one early). `in_force(e)` says whether event e is active today (the caller
// keeps that state).
template <class InForce>
double PlannedCapacity(const CompiledNetwork& net, const ResolvedScenario& sc,
                       const EventSchedule& sched, uint32_t p, int32_t t, InForce&& in_force) {
  if (net.process_start[p] != std::numeric_limits<int32_t>::min() &&
      sc.start_date + t < net.process_start[p]) {
    return 0.0;
  }
  double cap = ScaleCapacity(net.process_capacity[p],
                             RampUpFactor(net, p, sc.start_date + t, sc.start_date));
  for (size_t e = 0; e < sc.events.size(); ++e) {
    const ResolvedEvent& ev = sc.events[e];
    if (ev.kind != EventKind::kCapacityChange || !in_force(e)) continue;
    bool targets = false;
    for (ProcessId q : ev.processes) targets = targets || q.value == p;
    if (!targets) continue;
    cap = RampToward(cap, CapacityChangeTarget(net, ev, p, sched[e].severity),
                     CapacityChangeWeight(ev, sched[e], t));
  }
  return cap;
}

// The capacity today: the planned capacity x the product of the outage factors in force.
inline double CapacityToday(double planned, double outage_factor) {
  return ScaleCapacity(planned, outage_factor);
}

}  // namespace chaintwin::model
