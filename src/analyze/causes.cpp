// ExplainShortages(): the cause chain of every shortage, after the run (the method is in
// include/chaintwin/analyze/causes.hpp). Two passes: first what acts on each shortage's own
// path (events, blocked lanes, closed plants, the upstream shortage), then the root events,
// following upstream links.
#include "chaintwin/analyze/causes.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>

#include <fmt/format.h>

#include "chaintwin/util/check.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin::analyze {
namespace {

using model::CompiledNetwork;
using model::EventKind;

// Stock positions that only pass a material on are followed this many lanes upstream.
constexpr int kMaxHops = 3;

// Which events act on which lanes, plants and demands, from their resolved targets and draws.
struct EventIndex {
  std::vector<std::vector<uint32_t>> lane;     // by lane: bans and closures (also by chokepoint)
  std::vector<std::vector<uint32_t>> process;  // by process: outages and capacity cuts
  std::vector<std::vector<uint32_t>> slot;     // by slot: demand shocks that raise demand

  EventIndex(const CompiledNetwork& net, const model::ResolvedScenario& sc,
             const model::EventSchedule& sched)
      : lane(net.num_lanes()), process(net.num_processes()), slot(net.num_slots()) {
    std::vector<std::vector<uint32_t>> by_chokepoint(net.chokepoint_key.size());
    for (uint32_t e = 0; e < sc.events.size(); ++e) {
      const model::ResolvedEvent& ev = sc.events[e];
      if (sched[e].end_day <= sched[e].start_day) continue;  // never active
      switch (ev.kind) {
        case EventKind::kExportBan:
        case EventKind::kLaneClosure:
        case EventKind::kLaneThroughput:
          for (LaneId l : ev.lanes) lane[l.value].push_back(e);
          for (ChokepointId c : ev.chokepoints) by_chokepoint[c.value].push_back(e);
          break;
        case EventKind::kSiteOutage:
          if (sched[e].severity >= 1.0) break;  // a factor of 1 changes nothing
          for (ProcessId p : ev.processes) process[p.value].push_back(e);
          break;
        case EventKind::kCapacityChange:
          for (ProcessId p : ev.processes) {
            double target = ev.capacity_per_day ? *ev.capacity_per_day
                                                : net.process_capacity[p.value] * sched[e].severity;
            if (target < net.process_capacity[p.value]) process[p.value].push_back(e);
          }
          break;
        case EventKind::kDemandShock:
          if (sched[e].severity <= 1.0) break;
          for (SlotId s : ev.slots) slot[s.value].push_back(e);
          break;
        case EventKind::kStockpileRelease:
          break;  // adds supply: never a cause
      }
    }
    for (uint32_t l = 0; l < net.num_lanes(); ++l) {
      for (uint32_t x = net.lane_crossing_begin[l]; x < net.lane_crossing_begin[l + 1]; ++x) {
        for (uint32_t e : by_chokepoint[net.crossing_chokepoint[x].value]) lane[l].push_back(e);
      }
    }
  }
};

// Sorted, without repeats.
template <typename T>
void Tidy(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

class Explainer {
 public:
  Explainer(const CompiledNetwork& net, const model::ResolvedScenario& sc,
            const model::EventSchedule& sched, const sim::Results& r)
      : net_(net), sc_(sc), sched_(sched), r_(r), index_(net, sc, sched) {
    for (uint32_t i = 0; i < r.shortages.size(); ++i) {
      const sim::Shortage& s = r.shortages[i];
      if (s.kind == sim::ShortageKind::kProduction) made_short_[{s.site.value, s.lost_material.value}].push_back(i);
    }
  }

  std::vector<ShortageCause> Run() {
    std::vector<ShortageCause> out(r_.shortages.size());
    for (uint32_t i = 0; i < out.size(); ++i) Direct(i, out[i]);
    for (uint32_t i = 0; i < out.size(); ++i) Roots(i, out);
    for (uint32_t i = 0; i < out.size(); ++i) {
      out[i].text = Text(i, out);
      out[i].summary = Summary(i, out);
    }
    return out;
  }

 private:
  bool Started(uint32_t e, int32_t day) const { return sched_[e].start_day <= day; }

  // What acts on shortage i's own path.
  void Direct(uint32_t i, ShortageCause& c) const {
    const sim::Shortage& s = r_.shortages[i];
    const int32_t d = s.first_day;
    SlotId x = net_.FindSlot(s.site, s.material);
    if (!x.valid()) return;
    // Breadth first up the path: (slot, transit from it down to x, hops).
    struct Step {
      uint32_t slot;
      int32_t transit;
      int hops;
    };
    // Paths are a few positions long: a vector beats a set here (tens of thousands of
    // shortages on the generated 100,000-site network).
    std::vector<Step> queue{{x.value, 0, 0}};
    std::vector<uint32_t> seen{x.value};
    int32_t best_distance = std::numeric_limits<int32_t>::max();
    for (size_t q = 0; q < queue.size(); ++q) {
      const Step step = queue[q];
      // A plant making this material here (x itself, or a supplier on the path).
      ConsiderMaker(step.slot, step.transit, i, c, best_distance);
      for (uint32_t k = net_.in_begin[step.slot]; k < net_.in_begin[step.slot + 1]; ++k) {
        const uint32_t lane = net_.in_lanes[k].value;
        for (uint32_t e : index_.lane[lane]) {
          if (!Started(e, d)) continue;
          c.blocked_lanes.push_back(LaneId{lane});
          c.direct_events.push_back(e);
        }
        const uint32_t from = net_.lane_from[lane].value;
        if (std::find(seen.begin(), seen.end(), from) != seen.end()) continue;
        seen.push_back(from);
        const int32_t transit = step.transit + net_.lane_transit[lane];
        if (MakesHere(from)) {
          ConsiderMaker(from, transit, i, c, best_distance);
        } else if (step.hops + 1 < kMaxHops) {
          queue.push_back({from, transit, step.hops + 1});
        }
      }
    }
    for (uint32_t e : index_.slot[x.value]) {
      if (Started(e, d)) c.direct_events.push_back(e);
    }
    if (c.direct_events.empty() && c.upstream < 0) {
      Sideways(x.value, d, c);
      if (s.kind == sim::ShortageKind::kProduction) {
        const SlotId out = net_.FindSlot(s.site, s.lost_material);
        ShiftedOrders(out, d, c);
        if (c.direct_events.empty() && c.rationing_suppliers.empty() && c.shifted_buyers.empty()) {
          DownstreamShift(out, d, i, c);
        }
      }
    }
    Tidy(c.blocked_lanes);
    Tidy(c.closed_sites);
    Tidy(c.rationing_suppliers);
    Tidy(c.shifted_buyers);
    Tidy(c.shifted_to);
    Tidy(c.shifted_from);
    Tidy(c.direct_events);
    // Stock and cargo at sea bridged the days from the earliest direct event still in force.
    int32_t earliest = std::numeric_limits<int32_t>::max();
    for (uint32_t e : c.direct_events) {
      if (sched_[e].end_day > d) earliest = std::min(earliest, sched_[e].start_day);
    }
    if (earliest != std::numeric_limits<int32_t>::max()) c.bridged_days = d - std::max(0, earliest);
    if (!c.blocked_lanes.empty()) {
      c.kind = CauseKind::kBlockedSupply;
    } else if (!c.closed_sites.empty()) {
      c.kind = CauseKind::kSupplierDown;
    } else if (c.upstream >= 0) {
      c.kind = CauseKind::kInherited;
    } else if (!c.rationing_suppliers.empty()) {
      c.kind = CauseKind::kSharedSupplier;
    } else if (!c.shifted_to.empty()) {
      c.kind = CauseKind::kDownstreamShift;
    } else if (!c.shifted_buyers.empty()) {
      c.kind = CauseKind::kOrdersShifted;
    } else if (!c.direct_events.empty()) {
      c.kind = CauseKind::kDemandRise;
    }
  }

  bool MakesHere(uint32_t slot) const {
    const uint32_t site = net_.slot_site[slot].value;
    for (uint32_t p = net_.site_process_begin[site]; p < net_.site_process_begin[site + 1]; ++p) {
      if (net_.process_output[p].value == slot) return true;
    }
    return false;
  }

  // `slot` is made at its site: outages of those plants, and that site's own shortages of
  // making it (the upstream candidates), `transit` days up the path from shortage i.
  void ConsiderMaker(uint32_t slot, int32_t transit, uint32_t i, ShortageCause& c,
                     int32_t& best_distance) const {
    const int32_t d = r_.shortages[i].first_day;
    const uint32_t site = net_.slot_site[slot].value;
    for (uint32_t p = net_.site_process_begin[site]; p < net_.site_process_begin[site + 1]; ++p) {
      if (net_.process_output[p].value != slot) continue;
      for (uint32_t e : index_.process[p]) {
        if (!Started(e, d)) continue;
        c.closed_sites.push_back(SiteId{site});
        c.direct_events.push_back(e);
      }
    }
    auto it = made_short_.find({site, net_.slot_material[slot].value});
    if (it == made_short_.end()) return;
    // The goods short at day d would have left this site about `transit` days before.
    const int32_t left = d - transit;
    for (uint32_t j : it->second) {
      const sim::Shortage& u = r_.shortages[j];
      if (j == i || u.first_day > d) continue;
      int32_t distance = left < u.first_day ? u.first_day - left
                         : left > u.last_day ? left - u.last_day
                                             : 0;
      if (distance < best_distance ||
          (distance == best_distance && c.upstream >= 0 &&
           u.first_day < r_.shortages[static_cast<uint32_t>(c.upstream)].first_day)) {
        best_distance = distance;
        c.upstream = static_cast<int32_t>(j);
      }
    }
  }

  // Nothing on x's own path: did its suppliers' other buyers lose their supply to an event,
  // and turn to the same suppliers?
  void Sideways(uint32_t x, int32_t d, ShortageCause& c) const {
    for (uint32_t k = net_.in_begin[x]; k < net_.in_begin[x + 1]; ++k) {
      const uint32_t from = net_.lane_from[net_.in_lanes[k].value].value;
      for (uint32_t o = net_.out_begin[from]; o < net_.out_begin[from + 1]; ++o) {
        const uint32_t buyer = net_.lane_to[net_.out_lanes[o].value].value;
        if (buyer == x) continue;
        for (uint32_t b = net_.in_begin[buyer]; b < net_.in_begin[buyer + 1]; ++b) {
          for (uint32_t e : index_.lane[net_.in_lanes[b].value]) {
            if (!Started(e, d)) continue;
            c.direct_events.push_back(e);
            c.rationing_suppliers.push_back(net_.slot_site[from]);
          }
        }
      }
    }
  }

  // A plant short of an input: did the buyers of its output `out` lose their other supply of
  // it to an event, and turn to this plant?
  void ShiftedOrders(SlotId out, int32_t d, ShortageCause& c) const {
    if (!out.valid()) return;
    for (uint32_t o = net_.out_begin[out.value]; o < net_.out_begin[out.value + 1]; ++o) {
      const uint32_t buyer = net_.lane_to[net_.out_lanes[o].value].value;
      for (uint32_t b = net_.in_begin[buyer]; b < net_.in_begin[buyer + 1]; ++b) {
        const uint32_t lane = net_.in_lanes[b].value;
        if (net_.lane_from[lane] == out) continue;
        for (uint32_t e : index_.lane[lane]) {
          if (!Started(e, d)) continue;
          c.direct_events.push_back(e);
          c.shifted_buyers.push_back(net_.slot_site[buyer]);
        }
      }
    }
  }

  // The latest episode, begun by day d, of the site of `slot` running short making it (other
  // than shortage i); -1: none.
  int32_t LatestShort(uint32_t slot, int32_t d, uint32_t i) const {
    auto it = made_short_.find({net_.slot_site[slot].value, net_.slot_material[slot].value});
    if (it == made_short_.end()) return -1;
    int32_t latest = -1;
    for (uint32_t j : it->second) {
      if (j == i || r_.shortages[j].first_day > d) continue;
      if (latest < 0 || r_.shortages[j].first_day > r_.shortages[static_cast<uint32_t>(latest)].first_day) {
        latest = static_cast<int32_t>(j);
      }
    }
    return latest;
  }

  // A plant short of an input, nothing else found: walk down from its output `out` (its
  // buyers, the plants that turn what they buy into an output, their buyers: kMaxHops levels of
  // buyers) for a buyer that also buys the same material from another supplier whose lane an
  // event blocked, or which ran short making it, on or before day d. Such a buyer moved its
  // orders onto this chain (re-sourcing), which then asked this plant for more than usual.
  void DownstreamShift(SlotId out, int32_t d, uint32_t i, ShortageCause& c) const {
    if (!out.valid()) return;
    struct Step {
      uint32_t slot;  // made on the chain: `out`, or what a buyer's plant makes of it
      int hops;
    };
    std::vector<Step> queue{{out.value, 0}};
    std::vector<uint32_t> seen{out.value};
    for (size_t q = 0; q < queue.size(); ++q) {
      const Step step = queue[q];
      for (uint32_t o = net_.out_begin[step.slot]; o < net_.out_begin[step.slot + 1]; ++o) {
        const uint32_t buyer = net_.lane_to[net_.out_lanes[o].value].value;
        bool shifted = false;
        for (uint32_t b = net_.in_begin[buyer]; b < net_.in_begin[buyer + 1]; ++b) {
          const uint32_t lane = net_.in_lanes[b].value;
          const uint32_t from = net_.lane_from[lane].value;
          if (from == step.slot) continue;
          for (uint32_t e : index_.lane[lane]) {
            if (!Started(e, d)) continue;
            c.direct_events.push_back(e);
            shifted = true;
          }
          const int32_t latest = LatestShort(from, d, i);
          if (latest >= 0) {
            c.shifted_from.push_back(static_cast<uint32_t>(latest));
            shifted = true;
          }
        }
        if (shifted) {
          c.shifted_buyers.push_back(net_.slot_site[buyer]);
          c.shifted_to.push_back(net_.slot_site[step.slot]);
        }
        if (step.hops + 1 >= kMaxHops) continue;
        // What the buyer's plants make of it, one level further down.
        const uint32_t site = net_.slot_site[buyer].value;
        for (uint32_t p = net_.site_process_begin[site]; p < net_.site_process_begin[site + 1]; ++p) {
          for (uint32_t k = net_.process_input_begin[p]; k < net_.process_input_begin[p + 1]; ++k) {
            if (net_.input_slot[k].value != buyer) continue;
            const uint32_t made = net_.process_output[p].value;
            if (std::find(seen.begin(), seen.end(), made) != seen.end()) continue;
            seen.push_back(made);
            // A plant that ran short making it was shifted away from, not to.
            if (LatestShort(made, d, i) >= 0) continue;
            queue.push_back({made, step.hops + 1});
          }
        }
      }
    }
  }

  // Root events: its own and those along the upstream links and the shortages buyers shifted
  // away from, followed to their end (a cycle ends the walk).
  void Roots(uint32_t i, std::vector<ShortageCause>& out) const {
    std::vector<uint32_t> events = out[i].direct_events;
    std::set<uint32_t> visited{i};
    std::vector<uint32_t> stack;
    auto follow = [&](const ShortageCause& c) {
      if (c.upstream >= 0) stack.push_back(static_cast<uint32_t>(c.upstream));
      stack.insert(stack.end(), c.shifted_from.begin(), c.shifted_from.end());
    };
    follow(out[i]);
    while (!stack.empty()) {
      const uint32_t j = stack.back();
      stack.pop_back();
      if (!visited.insert(j).second) continue;
      const auto& more = out[j].direct_events;
      events.insert(events.end(), more.begin(), more.end());
      follow(out[j]);
    }
    Tidy(events);
    std::stable_sort(events.begin(), events.end(), [&](uint32_t a, uint32_t b) {
      return sched_[a].start_day < sched_[b].start_day;
    });
    const auto& direct = out[i].direct_events;
    for (uint32_t e : events) {
      out[i].events.push_back(CauseEvent{e, sc_.events[e].key, sc_.events[e].kind,
                                         std::max(0, sched_[e].start_day), sched_[e].end_day,
                                         std::binary_search(direct.begin(), direct.end(), e)});
    }
  }

  std::string Site(SiteId s) const {
    const std::string& key = net_.site_key[s.value];
    const std::string& name = net_.site_name[s.value];
    return name.empty() || name == key ? key : fmt::format("{} ({})", name, key);
  }

  std::string Events(const std::vector<uint32_t>& events) const {
    std::string text;
    for (size_t k = 0; k < events.size(); ++k) {
      const uint32_t e = events[k];
      if (k > 0) text += k + 1 == events.size() ? " and " : ", ";
      const int32_t start = std::max(0, sched_[e].start_day);
      const int32_t end = std::min(sched_[e].end_day, r_.days);
      text += fmt::format("{} ({}, {})", sc_.events[e].key, model::EventKindName(sc_.events[e].kind),
                          end < r_.days
                              ? fmt::format("days {}-{}, {} to {}", start, end - 1,
                                            util::FormatDate(r_.start_date + start),
                                            util::FormatDate(r_.start_date + end - 1))
                              : fmt::format("from day {}, {}", start,
                                            util::FormatDate(r_.start_date + start)));
    }
    return text;
  }

  // "CN, KR" for the supplier countries of `lanes`.
  std::string Origins(const std::vector<LaneId>& lanes) const {
    std::set<std::string> countries;
    for (LaneId l : lanes) {
      countries.insert(net_.country_key[net_.site_country[net_.slot_site[net_.lane_from[l.value].value].value].value]);
    }
    std::string text;
    for (const std::string& c : countries) text += (text.empty() ? "" : ", ") + c;
    return text;
  }

  std::string Sites(const std::vector<SiteId>& sites) const {
    std::string text;
    for (SiteId s : sites) text += (text.empty() ? "" : ", ") + Site(s);
    return text;
  }

  std::string Text(uint32_t i, const std::vector<ShortageCause>& all) const {
    const sim::Shortage& s = r_.shortages[i];
    const ShortageCause& c = all[i];
    const std::string& m = net_.material_key[s.material.value];
    std::string head =
        s.kind == sim::ShortageKind::kProduction
            ? fmt::format("{} makes less {} from day {} ({}) for want of {}", Site(s.site),
                          net_.material_key[s.lost_material.value], s.first_day,
                          util::FormatDate(r_.start_date + s.first_day), m)
            : fmt::format("{} is short of {} for its end-use demand from day {} ({})", Site(s.site),
                          m, s.first_day, util::FormatDate(r_.start_date + s.first_day));
    std::string why;
    // Either stock and cargo at sea bridged the days since the event began, or the event was
    // over and the first cargo since was still on its way.
    int32_t ended = -1;
    for (uint32_t e : c.direct_events) ended = std::max(ended, sched_[e].end_day);
    const std::string bridged =
        c.bridged_days >= 0
            ? fmt::format("; its stock and the cargo at sea lasted {} days", c.bridged_days)
        : ended >= 0 ? fmt::format("; {} days after that ended, the first supply since had not "
                                   "made up for it",
                                   s.first_day - ended)
                     : "";
    switch (c.kind) {
      case CauseKind::kBlockedSupply: {
        SlotId x = net_.FindSlot(s.site, s.material);
        size_t own = 0;
        for (LaneId l : c.blocked_lanes) own += net_.lane_to[l.value] == x ? 1 : 0;
        const size_t lanes_in = x.valid() ? net_.in_begin[x.value + 1] - net_.in_begin[x.value] : 0;
        const std::string from = Origins(c.blocked_lanes), events = Events(c.direct_events);
        // A closure with a detour delays cargo rather than stopping it; a throughput cut slows it.
        auto any = [&](auto&& f) { return std::any_of(c.direct_events.begin(), c.direct_events.end(), f); };
        const bool delays = any([&](uint32_t e) {
          return sc_.events[e].kind == EventKind::kLaneClosure && sc_.events[e].detour_days;
        });
        const bool cuts = any([&](uint32_t e) { return sc_.events[e].kind == EventKind::kLaneThroughput; });
        const char* blocked = cuts ? (delays ? "blocked, delayed or cut" : "blocked or cut")
                                   : delays ? "blocked or delayed" : "blocked";
        if (own != c.blocked_lanes.size()) {
          why = c.blocked_lanes.size() == 1
                    ? fmt::format("a lane on its {} supply path, from {}, was {} by {}", m,
                                  from, blocked, events)
                    : fmt::format("{} lanes on its {} supply path, from {}, were {} by {}",
                                  c.blocked_lanes.size(), m, from, blocked, events);
        } else if (own == lanes_in) {
          why = own == 1 ? fmt::format("its only {} lane, from {}, was {} by {}", m, from, blocked, events)
                         : fmt::format("all {} of its {} lanes, from {}, were {} by {}", own,
                                       m, from, blocked, events);
        } else {
          why = fmt::format("{} of its {} {} lanes, from {}, {} {} by {}", own, lanes_in, m,
                            from, own == 1 ? "was" : "were", blocked, events);
        }
        why += bridged;
        break;
      }
      case CauseKind::kSupplierDown:
        why = fmt::format("the plant(s) making its {} at {} were shut or cut by {}{}", m,
                          Sites(c.closed_sites), Events(c.direct_events), bridged);
        break;
      case CauseKind::kInherited:
        break;  // said below
      case CauseKind::kSharedSupplier:
        why = fmt::format(
            "{} {} rationed {} among more orders once {} cut {} other buyers' supply",
            c.rationing_suppliers.size() == 1 ? "its supplier" : "its suppliers",
            Sites(c.rationing_suppliers), m, Events(c.direct_events),
            c.rationing_suppliers.size() == 1 ? "its" : "their");
        break;
      case CauseKind::kOrdersShifted:
        why = fmt::format(
            "{} {} turned to it for {} once {} cut {} other supply, and its {} did not keep up",
            c.shifted_buyers.size() == 1 ? "its buyer" : "its buyers", Sites(c.shifted_buyers),
            net_.material_key[s.lost_material.value], Events(c.direct_events),
            c.shifted_buyers.size() == 1 ? "its" : "their", m);
        break;
      case CauseKind::kDownstreamShift: {
        std::vector<uint32_t> roots;
        for (const CauseEvent& e : c.events) roots.push_back(e.index);
        why = fmt::format(
            "buyers down its chain ({}) turned to {} once {} cut their other supply, so it was "
            "asked for more {} than usual and its {} did not keep up",
            Few(c.shifted_buyers), Few(c.shifted_to), Events(roots),
            net_.material_key[s.lost_material.value], m);
        break;
      }
      case CauseKind::kDemandRise:
        why = fmt::format("its demand rose with {}", Events(c.direct_events));
        break;
      case CauseKind::kUnexplained:
        why = "no event reaches its supply path: the network's own supply falls short";
        break;
    }
    std::string text = head + ": " + why;
    if (c.upstream >= 0) {
      const sim::Shortage& u = r_.shortages[static_cast<uint32_t>(c.upstream)];
      text += fmt::format("{}it inherits the shortage at {} ({} short from day {})",
                          why.empty() ? "" : "; ", Site(u.site), net_.material_key[u.material.value],
                          u.first_day);
      std::vector<uint32_t> inherited;
      for (const CauseEvent& e : c.events) {
        if (!e.direct) inherited.push_back(e.index);
      }
      if (!inherited.empty()) text += fmt::format(", which goes back to {}", Events(inherited));
    }
    return text + ".";
  }

  // "3 lanes from CN blocked <- us_panasonic_nv anode_material d65; root cn_ban (d0)".
  std::string Summary(uint32_t i, const std::vector<ShortageCause>& all) const {
    const ShortageCause& c = all[i];
    std::string text;
    switch (c.kind) {
      case CauseKind::kBlockedSupply:
        text = fmt::format("{} lane{} from {} blocked", c.blocked_lanes.size(),
                           c.blocked_lanes.size() == 1 ? "" : "s", Origins(c.blocked_lanes));
        break;
      case CauseKind::kSupplierDown:
        text = fmt::format("{} down", Keys(c.closed_sites));
        break;
      case CauseKind::kInherited:
        break;
      case CauseKind::kSharedSupplier:
        text = fmt::format("{} rationing", Keys(c.rationing_suppliers));
        break;
      case CauseKind::kOrdersShifted:
        text = fmt::format("orders from {} shifted here", Keys(c.shifted_buyers));
        break;
      case CauseKind::kDownstreamShift:
        text = fmt::format("orders from {} shifted to {}", Keys(c.shifted_buyers, 2),
                           Keys(c.shifted_to, 2));
        break;
      case CauseKind::kDemandRise:
        text = "demand shock";
        break;
      case CauseKind::kUnexplained:
        return "no event on its path";
    }
    if (c.upstream >= 0) {
      const sim::Shortage& u = r_.shortages[static_cast<uint32_t>(c.upstream)];
      text += fmt::format("{}<- {} {} d{}", text.empty() ? "" : " ", net_.site_key[u.site.value],
                          net_.material_key[u.material.value], u.first_day);
    }
    std::string roots;
    for (const CauseEvent& e : c.events) {
      roots += fmt::format("{}{} (d{})", roots.empty() ? "" : ", ", e.key, e.start_day);
    }
    return roots.empty() ? text : text + "; " + roots;
  }

  // Up to three sites by name, then how many more by key.
  std::string Few(const std::vector<SiteId>& sites) const {
    constexpr size_t kNamed = 3;
    if (sites.size() <= kNamed) return Sites(sites);
    std::string text = Sites({sites.begin(), sites.begin() + kNamed});
    std::vector<SiteId> rest(sites.begin() + kNamed, sites.end());
    return fmt::format("{} and {} more: {}", text, rest.size(), Keys(rest));
  }

  // Site keys, the first `most` of them and how many more.
  std::string Keys(const std::vector<SiteId>& sites, size_t most = SIZE_MAX) const {
    std::string text;
    for (size_t k = 0; k < sites.size() && k < most; ++k) {
      text += (text.empty() ? "" : ", ") + net_.site_key[sites[k].value];
    }
    return sites.size() > most ? fmt::format("{} +{}", text, sites.size() - most) : text;
  }

  const CompiledNetwork& net_;
  const model::ResolvedScenario& sc_;
  const model::EventSchedule& sched_;
  const sim::Results& r_;
  EventIndex index_;
  // Production shortages by (site, lost output material): who failed to make what.
  std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>> made_short_;
};

}  // namespace

std::string_view CauseKindName(CauseKind kind) {
  switch (kind) {
    case CauseKind::kBlockedSupply:
      return "blocked_supply";
    case CauseKind::kSupplierDown:
      return "supplier_down";
    case CauseKind::kInherited:
      return "inherited";
    case CauseKind::kSharedSupplier:
      return "shared_supplier";
    case CauseKind::kOrdersShifted:
      return "orders_shifted";
    case CauseKind::kDownstreamShift:
      return "downstream_shift";
    case CauseKind::kDemandRise:
      return "demand_rise";
    case CauseKind::kUnexplained:
      return "unexplained";
  }
  return "unexplained";
}

std::vector<ShortageCause> ExplainShortages(const CompiledNetwork& net,
                                            const model::ResolvedScenario& scenario,
                                            const model::EventSchedule& schedule,
                                            const sim::Results& results) {
  CT_CHECK(scenario.network == &net, "scenario resolved on another network");
  CT_CHECK(schedule.size() == scenario.events.size(), "one draw per event");
  return Explainer(net, scenario, schedule, results).Run();
}

}  // namespace chaintwin::analyze
