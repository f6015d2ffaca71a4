// ComputePlanInputs(): the scenario's events day by day, as src/sim/engine.cpp applies them
// (an event is active on days [max(0, start), end)), then folded into periods so that the LP
// is a relaxation of what the simulator can do: anything the simulator does day by day,
// summed per period, is feasible in the LP (the plan bounds every protocol from above; with
// 1-day periods it is exact).
//   capacity     nameplate x ramp-up x capacity changes x outage factors, summed over the days
//                (model/capacity_rule.hpp: the simulator's rule, unlimited stays unlimited);
//   lane state   a lane carries in a period if on at least one of its days it is not blocked
//                (ban or closure without detour) and, for an alternate, qualified: a primary
//                into the same stock position has been unusable (blocked, or its supplier's
//                plant closed) for the alternate's qualification days;
//   arrival      transit plus the delays the simulator adds (detours, waiting at a closed
//                chokepoint), at the earliest departure day of the period, in whole periods;
//   lane cap     model::LaneCapacity with the run's throughput cuts (model/capacity.hpp),
//                summed over the days;
//   demand       per day x the product of active demand-shock factors, summed;
//   fixed inflow the opening pipeline (each lane's baseline flow, as if shipped every day
//                before the start) by arrival period, plus stockpile releases spread evenly.
#include "opt/plan_inputs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "chaintwin/model/capacity.hpp"
#include "chaintwin/util/check.hpp"
#include "model/capacity_rule.hpp"
#include "model/chokepoint_rule.hpp"
#include "model/qualification.hpp"
#include "opt/lp.hpp"

namespace chaintwin::opt {
namespace {

using model::EventKind;

struct Active {
  int32_t start = 0;
  int32_t end = 0;
  bool on = false;
  bool At(int32_t t) const { return on && t >= start && t < end; }
};

}  // namespace

PlanInputs ComputePlanInputs(const model::CompiledNetwork& net, const model::ResolvedScenario& sc,
                             const model::EventSchedule& sched, int32_t period_days) {
  CT_CHECK(period_days >= 1, "period_days >= 1");
  CT_CHECK(sched.size() == sc.events.size(), "one draw per event");
  PlanInputs in;
  const int32_t horizon = std::max(1, sc.horizon_days);
  const int32_t periods = (horizon + period_days - 1) / period_days;
  const size_t P = static_cast<size_t>(periods);
  in.periods = periods;
  in.period_days = period_days;
  for (int32_t p = 0; p < periods; ++p) {
    in.period_start.push_back(p * period_days);
    in.period_length.push_back(std::min(period_days, horizon - p * period_days));
  }
  auto period_of = [&](int32_t day) { return day / period_days; };

  std::vector<Active> active(sc.events.size());
  for (size_t e = 0; e < sc.events.size(); ++e) {
    int32_t a = std::max(0, sched[e].start_day), b = sched[e].end_day;
    active[e] = Active{a, b, a < horizon && b > a};
  }

  // Capacities, and the days on which a supplier's plant is closed (all that makes the slot
  // at 0), kept only for suppliers on a primary lane into a buyer that has alternates.
  const uint32_t procs = net.num_processes();
  const uint32_t slots = net.num_slots();
  const uint32_t lanes = net.num_lanes();
  const size_t H = static_cast<size_t>(horizon);
  in.capacity.assign(procs * P, 0.0);
  in.pool_capacity.assign(net.num_pools() * P, 0.0);
  std::vector<double> outage(procs, 1.0), make_cap(slots, 0.0);
  std::vector<uint8_t> makes(slots, 0), has_alternate(slots, 0);
  for (uint32_t p = 0; p < procs; ++p) makes[net.process_output[p].value] = 1;
  for (uint32_t l = 0; l < lanes; ++l) {
    if (net.lane_alternate[l]) has_alternate[net.lane_to[l].value] = 1;
  }
  std::vector<int32_t> watched(slots, -1);  // slot -> row in plant_closed
  int32_t num_watched = 0;
  for (uint32_t l = 0; l < lanes; ++l) {
    uint32_t from = net.lane_from[l].value;
    if (net.lane_alternate[l] || !has_alternate[net.lane_to[l].value] || !makes[from]) continue;
    if (watched[from] < 0) watched[from] = num_watched++;
  }
  std::vector<uint8_t> plant_closed(static_cast<size_t>(num_watched) * H, 0);
  for (int32_t t = 0; t < horizon; ++t) {
    std::fill(outage.begin(), outage.end(), 1.0);
    std::fill(make_cap.begin(), make_cap.end(), 0.0);
    for (size_t e = 0; e < sc.events.size(); ++e) {
      if (sc.events[e].kind != EventKind::kSiteOutage || !active[e].At(t)) continue;
      for (ProcessId p : sc.events[e].processes) outage[p.value] *= sched[e].severity;
    }
    const size_t period = static_cast<size_t>(period_of(t));
    for (uint32_t p = 0; p < procs; ++p) {
      double cap = model::CapacityToday(
          model::PlannedCapacity(net, sc, sched, p, t, [&](size_t e) { return active[e].At(t); }),
          outage[p]);
      in.capacity[p * P + period] += std::max(0.0, cap);
      make_cap[net.process_output[p].value] += std::max(0.0, cap);
    }
    for (uint32_t q = 0; q < net.num_pools(); ++q) {
      double factor = 1.0;
      for (uint32_t k = net.pool_process_begin[q]; k < net.pool_process_begin[q + 1]; ++k) {
        factor = std::min(factor, outage[net.pool_processes[k].value]);
      }
      in.pool_capacity[q * P + period] += net.pool_capacity[q] * std::max(0.0, factor);
    }
    for (uint32_t s = 0; s < slots; ++s) {
      if (watched[s] < 0) continue;
      size_t k = static_cast<size_t>(watched[s]) * H + static_cast<size_t>(t);
      plant_closed[k] = make_cap[s] <= 0.0;
    }
  }

  // Blocks by day, and the delay windows the simulator applies to cargo.
  std::vector<uint8_t> ban(lanes * H, 0), closed(lanes * H, 0);
  model::ClosureWindows windows;
  model::BuildClosureWindows(net, sc, sched, windows);
  for (size_t e = 0; e < sc.events.size(); ++e) {
    const model::ResolvedEvent& ev = sc.events[e];
    if (!active[e].on) continue;
    int32_t a = active[e].start, b = std::min(active[e].end, horizon);
    auto mark = [&](std::vector<uint8_t>& v, uint32_t l) {
      for (int32_t t = a; t < b; ++t) v[l * H + static_cast<size_t>(t)] = 1;
    };
    if (ev.kind == EventKind::kExportBan) {
      for (LaneId l : ev.lanes) mark(ban, l.value);
    } else if (ev.kind == EventKind::kLaneClosure && !ev.detour_days) {
      model::ForEachLaneClosedBy(net, ev, [&](uint32_t l) { mark(closed, l); });
    }
  }
  // Delay of a departure on `depart`: the simulator's (model/chokepoint_rule.hpp).
  auto delay = [&](uint32_t l, int32_t depart) {
    return net.lane_transit[l] + model::ExtraVoyageDays(net, windows, l, depart);
  };

  // Lane states per period. A lane may carry in a period when on some day of it the
  // simulator could ship on it: not blocked and, for an alternate, qualified. (Asking this on
  // every day, as an earlier version did, forbade flows the simulator makes in a period that
  // a ban starts or ends in, so the plan could fall below a protocol.) An alternate qualifies
  // once a primary of the same buyer slot has been unusable for its qualification days.
  // Unusable is blocked or, as in the simulator (Order: a "dead" supplier), from a supplier
  // whose plant is closed: the simulator also asks that it has no stock left, which the LP
  // cannot know in advance, so a closed plant is enough here. The LP may then use an
  // alternate a little earlier than the simulator would, never later.
  in.lane_state.assign(lanes * P, LaneState::kOpen);
  std::vector<int32_t> unusable_since(lanes, -1);
  std::vector<uint8_t> can_ship(lanes, 0), banned(lanes, 0), blocked_all(lanes, 1);
  for (int32_t t = 0; t < horizon; ++t) {
    const size_t period = static_cast<size_t>(period_of(t));
    if (t == in.period_start[period]) {
      std::fill(can_ship.begin(), can_ship.end(), 0);
      std::fill(banned.begin(), banned.end(), 0);
      std::fill(blocked_all.begin(), blocked_all.end(), 1);
    }
    for (uint32_t l = 0; l < lanes; ++l) {
      size_t k = l * H + static_cast<size_t>(t);
      bool blocked = ban[k] || closed[k];
      int32_t w = watched[net.lane_from[l].value];
      bool unusable = blocked || (w >= 0 && plant_closed[static_cast<size_t>(w) * H +
                                                         static_cast<size_t>(t)]);
      unusable_since[l] = unusable ? (unusable_since[l] < 0 ? t : unusable_since[l]) : -1;
      if (ban[k]) banned[l] = 1;
      if (!blocked) blocked_all[l] = 0;
    }
    for (uint32_t l = 0; l < lanes; ++l) {
      size_t k = l * H + static_cast<size_t>(t);
      if (ban[k] || closed[k]) continue;
      if (!net.lane_alternate[l]) {
        can_ship[l] = 1;
        continue;
      }
      uint32_t slot = net.lane_to[l].value;
      int32_t since = model::kNotSince;
      for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
        uint32_t o = net.in_lanes[i].value;
        if (!net.lane_alternate[o] && unusable_since[o] >= 0) {
          since = std::min(since, unusable_since[o]);
        }
      }
      if (model::AlternateQualified(t, since, net.lane_qualification[l])) {
        can_ship[l] = 1;
      }
    }
    if (t == in.period_start[period] + in.period_length[period] - 1) {
      for (uint32_t l = 0; l < lanes; ++l) {
        if (can_ship[l]) continue;
        in.lane_state[l * P + period] = !blocked_all[l] ? LaneState::kNotQualified
                                        : banned[l]     ? LaneState::kExportBan
                                                        : LaneState::kLaneClosure;
      }
    }
  }

  // Arrival periods: the earliest arrival of any departure day in the period. The simulator
  // may ship the whole period's flow on that day; a later rounding would make the LP count on
  // goods later than the simulator can have them (7-day periods: up to 6 days late per hop).
  in.arrival_period.assign(lanes * P, 0);
  for (uint32_t l = 0; l < lanes; ++l) {
    for (size_t p = 0; p < P; ++p) {
      int32_t earliest = std::numeric_limits<int32_t>::max();
      for (int32_t t = in.period_start[p]; t < in.period_start[p] + in.period_length[p]; ++t) {
        earliest = std::min(earliest, t + delay(l, t));
      }
      in.arrival_period[l * P + p] = period_of(earliest);
    }
  }

  // Demand and fixed inflows.
  in.demand.assign(slots * P, 0.0);
  in.fixed_inflow.assign(slots * P, 0.0);
  std::vector<double> factor(slots, 1.0);
  for (int32_t t = 0; t < horizon; ++t) {
    const size_t period = static_cast<size_t>(period_of(t));
    std::fill(factor.begin(), factor.end(), 1.0);
    for (size_t e = 0; e < sc.events.size(); ++e) {
      const model::ResolvedEvent& ev = sc.events[e];
      if (!active[e].At(t)) continue;
      if (ev.kind == EventKind::kDemandShock) {
        for (SlotId s : ev.slots) factor[s.value] *= sched[e].severity;
      } else if (ev.kind == EventKind::kStockpileRelease) {
        int32_t span = std::max(1, sched[e].end_day - sched[e].start_day);
        for (SlotId s : ev.slots) in.fixed_inflow[s.value * P + period] += ev.quantity / span;
      }
    }
    for (uint32_t s = 0; s < slots; ++s) {
      if (net.slot_demand_per_day[s] > 0) {
        in.demand[s * P + period] += net.slot_demand_per_day[s] * factor[s];
      }
    }
  }
  // Capacities (model/capacity.hpp), day by day as the simulator applies them, summed.
  model::ThroughputCuts cuts;
  model::BuildThroughputCuts(net, sc, sched, cuts);
  in.capped_lanes = cuts.capped_lanes;
  in.lane_capacity.assign(lanes * P, kInf);
  for (LaneId lane : cuts.capped_lanes) {
    for (size_t p = 0; p < P; ++p) {
      double sum = 0.0;
      for (int32_t t = in.period_start[p]; t < in.period_start[p] + in.period_length[p]; ++t) {
        sum += model::LaneCapacity(net, cuts, lane, sc.start_date + t);
      }
      in.lane_capacity[lane.value * P + p] = sum;
    }
  }
  in.limit_capacity.assign(net.num_limits() * P, kInf);
  for (uint32_t g = 0; g < net.num_limits(); ++g) {
    for (size_t p = 0; p < P; ++p) {
      double sum = 0.0;
      for (int32_t t = in.period_start[p]; t < in.period_start[p] + in.period_length[p]; ++t) {
        sum += model::LimitCapacity(net, g, sc.start_date + t);
      }
      in.limit_capacity[g * P + p] = sum;
    }
  }
  for (uint32_t l = 0; l < lanes; ++l) {
    double flow = net.lane_expected_flow[l];
    if (flow <= 0.0) continue;
    for (int32_t depart = -net.lane_transit[l]; depart < 0; ++depart) {
      int32_t arrive = depart + delay(l, depart);
      if (arrive < 0 || arrive >= horizon) continue;
      in.fixed_inflow[net.lane_to[l].value * P + static_cast<size_t>(period_of(arrive))] += flow;
    }
  }
  return in;
}

}  // namespace chaintwin::opt
