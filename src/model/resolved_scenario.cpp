// Resolve(): event targets as dense ids. Sample...(): one run's draws.
#include "chaintwin/model/resolved_scenario.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"
#include "chaintwin/util/rng.hpp"

namespace chaintwin::model {
namespace {



std::vector<uint8_t> CountrySet(const CompiledNetwork& net, const std::vector<std::string>& keys) {
  std::vector<uint8_t> in(net.num_countries(), 0);
  for (const std::string& key : keys) {
    for (CountryId c : net.ExpandCountries(key)) in[c.value] = 1;
  }
  return in;
}

std::vector<uint8_t> MaterialSet(const CompiledNetwork& net, const std::vector<std::string>& keys) {
  std::vector<uint8_t> in(net.num_materials(), keys.empty() ? 1 : 0);
  for (const std::string& key : keys) {
    if (MaterialId m = net.FindMaterial(key); m.valid()) in[m.value] = 1;
  }
  return in;
}

std::vector<SiteId> TargetSites(const CompiledNetwork& net, const Event& e) {
  std::vector<SiteId> sites;
  for (const std::string& key : e.sites) {
    if (SiteId s = net.FindSite(key); s.valid()) sites.push_back(s);
  }
  if (!e.countries.empty()) {
    std::vector<uint8_t> in = CountrySet(net, e.countries);
    for (uint32_t s = 0; s < net.num_sites(); ++s) {
      if (in[net.site_country[s].value]) sites.push_back(SiteId{s});
    }
  }
  std::sort(sites.begin(), sites.end());
  sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
  return sites;
}

// The lanes from a site in `e.origins` to a buyer in `e.destinations` (default: every country
// but the origin's), not in `e.except`, carrying a material in `materials`: an export ban's.
void AppendOriginLanes(const CompiledNetwork& net, const Event& e,
                       const std::vector<uint8_t>& materials, std::vector<LaneId>& out) {
  std::vector<uint8_t> origin = CountrySet(net, e.origins);
  std::vector<uint8_t> dest = e.destinations.empty()
                                  ? std::vector<uint8_t>(net.num_countries(), 1)
                                  : CountrySet(net, e.destinations);
  if (e.destinations.empty()) {
    for (uint32_t c = 0; c < net.num_countries(); ++c) {
      if (origin[c]) dest[c] = 0;  // default: everyone but the origin
    }
  }
  std::vector<uint8_t> spared = CountrySet(net, e.except);
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    SlotId from = net.lane_from[l];
    SlotId to = net.lane_to[l];
    CountryId cf = net.site_country[net.slot_site[from.value].value];
    CountryId ct = net.site_country[net.slot_site[to.value].value];
    if (origin[cf.value] && dest[ct.value] && !spared[ct.value] &&
        materials[net.slot_material[from.value].value]) {
      out.push_back(LaneId{l});
    }
  }
}

// A lane_throughput's lanes: those it names, those crossing its chokepoints and those from its
// origin, each carrying a material in `materials`; ascending, once each.
void ResolveThroughputLanes(const CompiledNetwork& net, const Event& e,
                            const std::vector<uint8_t>& materials, std::vector<LaneId>& out) {
  std::vector<uint8_t> in(net.num_lanes(), 0);
  for (const std::string& key : e.lanes) {
    if (LaneId l = net.FindLane(key); l.valid()) in[l.value] = 1;
  }
  for (const std::string& key : e.chokepoints) {
    ChokepointId c = net.FindChokepoint(key);
    for (uint32_t l = 0; l < net.num_lanes() && c.valid(); ++l) {
      for (uint32_t x = net.lane_crossing_begin[l]; x < net.lane_crossing_begin[l + 1]; ++x) {
        if (net.crossing_chokepoint[x] == c) in[l] = 1;
      }
    }
  }
  if (!e.origins.empty()) {
    std::vector<LaneId> from_origin;
    AppendOriginLanes(net, e, materials, from_origin);
    for (LaneId l : from_origin) in[l.value] = 1;
  }
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    if (in[l] && materials[net.slot_material[net.lane_from[l].value].value]) out.push_back(LaneId{l});
  }
}

void ResolveTargets(const CompiledNetwork& net, const Event& e, ResolvedEvent& r) {

  std::vector<uint8_t> materials = MaterialSet(net, e.materials);
  switch (e.kind) {
    case EventKind::kExportBan:
      AppendOriginLanes(net, e, materials, r.lanes);
      break;
    case EventKind::kLaneThroughput:
      ResolveThroughputLanes(net, e, materials, r.lanes);
      break;
    case EventKind::kSiteOutage:
    case EventKind::kCapacityChange:
      for (SiteId s : TargetSites(net, e)) {
        for (uint32_t p = net.site_process_begin[s.value]; p < net.site_process_begin[s.value + 1];
             ++p) {
          MaterialId out = net.slot_material[net.process_output[p].value];
          if (!materials[out.value]) continue;
          if (!e.process.empty() && net.process_key[p] != e.process) continue;
          r.processes.push_back(ProcessId{p});
        }
      }
      break;
    case EventKind::kLaneClosure:
      for (const std::string& key : e.lanes) {
        if (LaneId l = net.FindLane(key); l.valid()) r.lanes.push_back(l);
      }
      for (const std::string& key : e.chokepoints) {
        if (ChokepointId c = net.FindChokepoint(key); c.valid()) r.chokepoints.push_back(c);
      }
      break;
    case EventKind::kDemandShock:
      for (SiteId s : TargetSites(net, e)) {
        for (uint32_t slot = net.site_slot_begin[s.value]; slot < net.site_slot_begin[s.value + 1];
             ++slot) {
          if (net.slot_demand_per_day[slot] > 0 && materials[net.slot_material[slot].value]) {
            r.slots.push_back(SlotId{slot});
          }
        }
      }
      break;
    case EventKind::kStockpileRelease:
      for (SiteId s : TargetSites(net, e)) {
        for (const std::string& key : e.materials) {
          MaterialId m = net.FindMaterial(key);
          SlotId slot = m.valid() ? net.FindSlot(s, m) : SlotId{};
          if (!slot.valid()) {
            throw InputError(util::Diagnostics{util::Diagnostic{
                "", 0, 0, fmt::format("events[{}]", e.id),
                fmt::format("site '{}' neither holds, uses, makes nor receives '{}': a stockpile "
                            "release needs a material the site has a stock position for",
                            net.site_key[s.value], key)}});
          }
          r.slots.push_back(slot);
        }
      }
      break;
  }
}

}  // namespace

ResolvedScenario Resolve(const CompiledNetwork& network, const Scenario& scenario) {
  ResolvedScenario out;
  out.network = &network;
  out.id = scenario.id;
  out.start_date = scenario.start;
  out.horizon_days = scenario.horizon_days;
  out.seed = scenario.seed;
  out.reorder_after_days = scenario.reorder_after_days;
  out.protocol = scenario.protocol;
  for (const Event& e : scenario.events) {
    ResolvedEvent r;
    r.key = e.id;
    r.kind = e.kind;
    r.start_day = e.start_day;
    r.duration_days = e.duration_days;
    r.severity = e.severity;
    if (e.detour_days) r.detour_days = static_cast<int32_t>(std::lround(*e.detour_days));
    r.capacity_per_day = e.capacity_per_day;
    r.ramp_days = e.ramp_days;
    r.quantity = e.quantity;
    ResolveTargets(network, e, r);
    out.events.push_back(std::move(r));
  }
  return out;
}

double Sample(const Distribution& d, uint64_t stream_seed) {
  using Kind = Distribution::Kind;
  util::Rng rng(stream_seed);
  switch (d.kind) {
    case Kind::kFixed:
      return d.a;
    case Kind::kUniform:
      return d.a + (d.b - d.a) * rng.Uniform();
    case Kind::kTriangular: {
      // Inverse CDF with min a, max b, mode c.
      double u = rng.Uniform();
      double width = d.b - d.a;
      if (width <= 0) return d.a;
      double fc = (d.c - d.a) / width;
      if (u < fc) return d.a + std::sqrt(u * width * (d.c - d.a));
      return d.b - std::sqrt((1 - u) * width * (d.b - d.c));
    }
    case Kind::kLognormal:
      return d.a * std::exp(d.b * rng.Normal());
  }
  return d.a;
}

namespace {
EventDraw Draw(const ResolvedEvent& e, double duration, double severity) {
  EventDraw draw;
  draw.start_day = e.start_day;
  draw.end_day = e.start_day + static_cast<int32_t>(std::max(0L, std::lround(std::max(0.0, duration))));
  draw.severity = std::max(0.0, severity);
  return draw;
}
}  // namespace

EventSchedule NominalSchedule(const ResolvedScenario& scenario) {
  EventSchedule schedule;
  for (const ResolvedEvent& e : scenario.events) {
    schedule.push_back(Draw(e, e.duration_days.Nominal(), e.severity.Nominal()));
  }
  return schedule;
}

EventSchedule SampleSchedule(const ResolvedScenario& scenario, uint64_t seed, uint64_t run) {
  EventSchedule schedule;
  for (const ResolvedEvent& e : scenario.events) {
    double duration = Sample(e.duration_days, util::StreamSeed(seed, run, e.key + "/duration"));
    double severity = Sample(e.severity, util::StreamSeed(seed, run, e.key + "/severity"));
    schedule.push_back(Draw(e, duration, severity));
  }
  return schedule;
}

}  // namespace chaintwin::model
