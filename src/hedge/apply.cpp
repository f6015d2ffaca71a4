// Hedges as edits of a network and a scenario, made before compile (docs/HEDGING.md, "What a
// hedge becomes"), and their annualised cost.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <fmt/format.h>

#include "chaintwin/hedge/hedge.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::hedge {
namespace {

constexpr double kDaysPerYear = 365.0;

const model::Site* FindSite(const model::Network& n, const std::string& id) {
  for (const model::Site& s : n.sites) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

model::Site* FindSite(model::Network& n, const std::string& id) {
  for (model::Site& s : n.sites) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

bool CutsSupply(model::EventKind kind) {
  return kind == model::EventKind::kExportBan || kind == model::EventKind::kSiteOutage ||
         kind == model::EventKind::kLaneClosure || kind == model::EventKind::kLaneThroughput;
}

// Splits `total` over `weights` in proportion (equally when they are all zero).
std::vector<double> Split(double total, const std::vector<double>& weights) {
  double sum = 0.0;
  for (double w : weights) sum += w;
  std::vector<double> out(weights.size(), 0.0);
  for (size_t i = 0; i < weights.size(); ++i) {
    out[i] = sum > 0.0 ? total * weights[i] / sum : total / static_cast<double>(weights.size());
  }
  return out;
}

// A new alternate lane: it takes a blocked primary's share (by its own share, 1) once
// `qualification_days` have passed since the block began.
model::Lane NewAlternate(std::string id, const std::string& from, const std::string& to,
                         const std::string& material, int32_t transit_days, int32_t qualification_days) {
  model::Lane l;
  l.id = std::move(id);
  l.supplier = from;
  l.buyer = to;
  l.material = material;
  l.transit_days = transit_days;
  l.share = 1.0;
  l.alternate = true;
  l.qualification_days = qualification_days;
  return l;
}

// A stockpile site: the holdings as its stock, an alternate lane to each partner that uses a
// material, qualified `trigger_delay_days` after the partner's supply is blocked, all through one
// gate (a chokepoint) of the daily release; pro rata to contributions also caps each lane at the
// partner's share of the release.
void ApplyStockpileSite(const Hedge& h, model::Network& n) {
  const Stockpile& s = h.stockpile;
  model::Site site;
  site.id = fmt::format("hedge_{}", h.id);
  site.name = h.name;
  const model::Site* first = FindSite(n, s.partners.front().site);
  site.country = first->country;
  for (const auto& hold : s.holdings) site.inventory.push_back({hold.material, hold.quantity});
  model::Chokepoint gate;
  gate.id = fmt::format("hedge_{}_release", h.id);
  gate.name = fmt::format("{}: daily release", h.name);
  gate.capacity_per_day = s.release_per_day;
  for (const model::Material& m : n.materials) {
    if (m.id == s.holdings.front().material) gate.capacity_dimension = m.dimension;
  }
  double total = 0.0;
  for (const auto& hold : s.holdings) total += hold.quantity;
  for (const Share& share : StockpileShares(s, n)) {
    model::Lane l = NewAlternate(fmt::format("hedge_{}_{}_{}", h.id, share.site, share.material),
                                 site.id, share.site, share.material, 0,
                                 static_cast<int32_t>(std::lround(s.trigger_delay_days)));
    l.chokepoints.push_back({gate.id, 0});
    if (s.allocation == Stockpile::Allocation::kProRataContribution && total > 0.0) {
      l.capacity_per_day = s.release_per_day * share.quantity / total;
    }
    n.lanes.push_back(std::move(l));
  }
  n.sites.push_back(std::move(site));
  n.chokepoints.push_back(std::move(gate));
}

std::vector<std::string> ApplyStockpile(const Hedge& h, model::Network& n, model::Scenario& sc) {
  const Stockpile& s = h.stockpile;
  std::vector<std::string> notes;
  if (s.via_site) {
    ApplyStockpileSite(h, n);
    return notes;
  }
  int32_t start_day = 0;
  if (s.trigger_date) {
    start_day = *s.trigger_date - sc.start;
  } else {
    // The first event of the scenario that cuts supply of a stockpiled material.
    std::optional<int32_t> first;
    for (const model::Event& e : sc.events) {
      if (!CutsSupply(e.kind)) continue;
      bool touches = e.materials.empty();
      for (const auto& hold : s.holdings) {
        touches = touches || std::find(e.materials.begin(), e.materials.end(), hold.material) !=
                                 e.materials.end();
      }
      if (touches && (!first || e.start_day < *first)) first = e.start_day;
    }
    if (!first) {
      notes.push_back(fmt::format(
          "{}: no event of scenario {} cuts supply of a stockpiled material; nothing released",
          h.id, sc.id));
      return notes;
    }
    start_day = *first + static_cast<int32_t>(std::lround(s.trigger_delay_days));
  }
  start_day = std::max(start_day, 0);
  if (start_day >= sc.horizon_days) {
    notes.push_back(fmt::format("{}: the release starts on day {}, after the horizon of {}", h.id,
                                start_day, sc.id));
    return notes;
  }
  double total = 0.0;
  for (const auto& hold : s.holdings) total += hold.quantity;
  const double days = std::max(1.0, std::ceil(total / s.release_per_day - 1e-9));
  for (const Share& share : StockpileShares(s, n)) {
    if (!(share.quantity > 0.0)) continue;
    model::Event e;
    e.id = fmt::format("hedge_{}_{}_{}", h.id, share.site, share.material);
    e.kind = model::EventKind::kStockpileRelease;
    e.description = fmt::format("{}: release to {}", h.name, share.site);
    e.start_day = start_day;
    e.duration_days = model::Distribution::Fixed(days);
    e.sites = {share.site};
    e.materials = {share.material};
    e.quantity = share.quantity;
    sc.events.push_back(std::move(e));
  }
  return notes;
}

bool HasLane(const model::Network& n, const std::string& from, const std::string& to,
             const std::string& material) {
  return std::any_of(n.lanes.begin(), n.lanes.end(), [&](const model::Lane& l) {
    return l.supplier == from && l.buyer == to && l.material == material;
  });
}

std::vector<std::string> ApplyOfftake(const Hedge& h, model::Network& n, model::Scenario& sc) {
  const Offtake& o = h.offtake;
  std::vector<double> need;
  for (const std::string& b : o.buyers) need.push_back(NormalUsePerDay(n, b, o.material));
  const std::vector<double> volume = Split(o.volume_per_day, need);
  const int32_t start = o.start.value_or(sc.start);
  for (size_t i = 0; i < o.buyers.size(); ++i) {
    const std::string& buyer = o.buyers[i];
    bool found = false;
    for (model::Lane& l : n.lanes) {
      if (l.supplier != o.supplier || l.buyer != buyer || l.material != o.material) continue;
      found = true;
      if (l.alternate) l.qualification_days = std::min(l.qualification_days, o.qualification_days);
      if (l.capacity_per_day) l.capacity_per_day = std::max(*l.capacity_per_day, volume[i]);
    }
    if (!found) {
      model::Lane l = NewAlternate(fmt::format("hedge_{}_{}", h.id, buyer), o.supplier, buyer,
                                   o.material, o.transit_days, o.qualification_days);
      l.capacity_per_day = volume[i];
      n.lanes.push_back(std::move(l));
    }
    model::Contract c;
    c.id = fmt::format("hedge_{}_{}", h.id, buyer);
    c.buyer = buyer;
    c.seller = o.supplier;
    c.material = o.material;
    c.volume_per_day = volume[i];
    c.start = start;
    c.end = start + static_cast<int32_t>(std::lround(o.term_years * kDaysPerYear));
    c.priority = 1;
    c.sla_otif = o.sla_otif;
    c.audit_right = o.audit_right;
    c.kind = model::ContractKind::kOfftake;
    n.contracts.push_back(std::move(c));
  }
  return {};
}

std::vector<std::string> ApplyLocalize(const Hedge& h, model::Network& n) {
  const Localize& l = h.localize;
  const model::Site* like = FindSite(n, l.like.empty() ? l.site : l.like);
  model::Process process;
  for (const model::Process& p : like->processes) {
    if (p.output == l.output) {
      process.inputs = p.inputs;
      process.lead_days = p.lead_days;
      break;
    }
  }
  process.id = fmt::format("hedge_{}", h.id);
  process.output = l.output;
  process.capacity_per_day = l.capacity_per_day;
  process.start = l.start;
  process.ramp_up = l.ramp_up;
  if (model::Site* site = FindSite(n, l.site)) {
    site->processes.push_back(std::move(process));
    return {};
  }
  // A new site: the recipe, stock targets and suppliers of `like`, its own buyers.
  model::Site site;
  site.id = l.site;
  site.name = l.name.empty() ? l.site : l.name;
  site.country = l.country;
  site.stock_days_default = like->stock_days_default;
  site.stock_days = like->stock_days;
  std::vector<model::Lane> added;
  for (const model::Lane& in : n.lanes) {
    if (in.buyer != like->id) continue;
    bool input = std::any_of(process.inputs.begin(), process.inputs.end(),
                             [&](const model::RecipeInput& r) { return r.material == in.material; });
    if (!input) continue;
    model::Lane copy = in;
    copy.id = fmt::format("hedge_{}_{}_{}", h.id, in.supplier, in.material);
    copy.buyer = site.id;
    copy.chokepoints.clear();
    added.push_back(std::move(copy));
  }
  site.processes.push_back(std::move(process));
  n.sites.push_back(std::move(site));
  for (model::Lane& lane : added) {
    // Ids of copied lanes are unique per (supplier, material); a second copy of the same pair
    // (two lanes of `like` from one supplier) gets an index.
    int same = 0;
    for (const model::Lane& x : n.lanes) same += x.id.rfind(lane.id, 0) == 0 ? 1 : 0;
    if (same > 0) lane.id += fmt::format("_{}", same);
    n.lanes.push_back(std::move(lane));
  }
  for (const std::string& buyer : l.buyers) {
    if (HasLane(n, l.site, buyer, l.output)) continue;
    n.lanes.push_back(NewAlternate(fmt::format("hedge_{}_{}", h.id, buyer), l.site, buyer,
                                   l.output, l.transit_days, l.qualification_days));
  }
  return {};
}

bool IsEndOfLife(const model::Network& n, const std::string& material) {
  return std::any_of(n.materials.begin(), n.materials.end(), [&](const model::Material& m) {
    return m.id == material && m.stage == model::Stage::kEndOfLife;
  });
}

// A recycler's output is sold, not called off by fixed shares: each buyer's primary share from a
// recycler of `material` rises by `factor` (at most all of it), the buyer's other primaries
// giving way pro rata, so that what the recycler ships in normal times grows with its
// throughput.
void ScaleRecyclerShares(model::Network& n, const std::string& recycler,
                         const std::string& material, double factor) {
  std::vector<std::string> buyers;
  for (const model::Lane& l : n.lanes) {
    if (l.supplier == recycler && l.material == material && !l.alternate) buyers.push_back(l.buyer);
  }
  for (const std::string& b : buyers) {
    double total = 0.0, mine = 0.0;
    for (const model::Lane& l : n.lanes) {
      if (l.buyer != b || l.material != material || l.alternate) continue;
      total += l.share;
      if (l.supplier == recycler) mine += l.share;
    }
    if (!(total > 0.0) || !(mine > 0.0) || mine >= total) continue;
    const double r = mine / total;
    const double target = std::min(1.0, r * factor);
    for (model::Lane& l : n.lanes) {
      if (l.buyer != b || l.material != material || l.alternate) continue;
      l.share *= l.supplier == recycler ? target / r : (1.0 - target) / (1.0 - r);
    }
  }
}

// Capacity x factor for the whole run (capacity_change events), and each recycler's (a site
// with an end-of-life input) buyers take `factor` times their share from it.
std::vector<std::string> ApplyRecycling(const Hedge& h, model::Network& n, model::Scenario& sc) {
  for (const std::string& site : h.recycling.sites) {
    model::Event e;
    e.id = fmt::format("hedge_{}_{}", h.id, site);
    e.kind = model::EventKind::kCapacityChange;
    e.description = h.name;
    e.start_day = 0;
    e.duration_days = model::Distribution::Fixed(sc.horizon_days);
    e.sites = {site};
    e.severity = model::Distribution::Fixed(h.recycling.capacity_factor);
    sc.events.push_back(std::move(e));
    const model::Site* s = FindSite(static_cast<const model::Network&>(n), site);
    if (s == nullptr) continue;
    std::vector<std::string> outputs;
    for (const model::Process& p : s->processes) {
      const bool recycles =
          std::any_of(p.inputs.begin(), p.inputs.end(),
                      [&](const model::RecipeInput& in) { return IsEndOfLife(n, in.material); });
      if (recycles) outputs.push_back(p.output);
    }
    for (const std::string& m : outputs) {
      ScaleRecyclerShares(n, site, m, h.recycling.capacity_factor);
    }
  }
  return {};
}

bool MakesOutput(const model::Site& s, const std::string& material) {
  return std::any_of(s.processes.begin(), s.processes.end(),
                     [&](const model::Process& p) { return p.output == material; });
}

// The fraction of the shift in place on day `t` of the scenario: 0 before `start`, rising
// linearly to 1 over `ramp` days.
double RampAt(double t, int32_t start, int32_t ramp) {
  if (t < start) return 0.0;
  if (ramp <= 0) return 1.0;
  return std::min(1.0, (t - start) / static_cast<double>(ramp));
}

// The shifted network: `share` of each demand site's `from` demand is `to` demand, served by the
// `from` suppliers that make `to` (in proportion to their `from` shares) besides the `to`
// suppliers it had; each plant has a `to` line of `share` of its `from` capacity in one capacity
// pool with it, and the new inputs' lanes (their opening stock is the plant's stock-day target,
// as for any slot whose stock is not given). Before and during the ramp,
// weekly demand_shock steps scale demand back to the mix of the day.
std::vector<std::string> ApplyChemistryShift(const Hedge& h, model::Network& n,
                                             model::Scenario& sc) {
  const ChemistryShift& c = h.chemistry;
  const model::Site* like = FindSite(n, c.like);
  model::Process line;
  if (like != nullptr) {
    for (const model::Process& p : like->processes) {
      if (p.output == c.to) {
        line.inputs = p.inputs;
        line.lead_days = p.lead_days;
        break;
      }
    }
  }
  const int32_t start_date = c.start.value_or(sc.start);
  const int32_t start_day = start_date - sc.start;
  // Plants: the new line, pooled with the old; the lanes and stock its new inputs need.
  std::vector<model::Lane> new_lanes;
  for (const std::string& id : c.plants) {
    model::Site* plant = FindSite(n, id);
    std::vector<model::Lane> supply;
    for (const model::RecipeInput& in : line.inputs) {
      auto lanes = NewInputLanes(n, *plant, *like, in.material);
      if (!lanes) continue;  // refused at load
      for (model::Lane& l : *lanes) {
        l.id = fmt::format("hedge_{}_{}_{}_{}", h.id, l.supplier, id, in.material);
        supply.push_back(std::move(l));
      }
    }
    double capacity = 0.0;
    std::string pool;
    for (const model::Process& p : plant->processes) {
      if (p.output != c.from) continue;
      capacity += p.capacity_per_day;
      if (!p.capacity_pool.empty()) pool = p.capacity_pool;
    }
    if (pool.empty()) {
      pool = fmt::format("hedge_{}", h.id);
      plant->capacity_pools.push_back({pool, capacity});
      for (model::Process& p : plant->processes) {
        if (p.output == c.from) p.capacity_pool = pool;
      }
    }
    model::Process to = line;
    to.id = fmt::format("hedge_{}", h.id);
    to.output = c.to;
    to.capacity_per_day = c.share * capacity;
    to.capacity_pool = pool;
    to.start = start_date;
    if (c.ramp_days > 0) to.ramp_up = {{0, 0.0}, {c.ramp_days, 1.0}};
    plant->processes.push_back(std::move(to));
    new_lanes.insert(new_lanes.end(), supply.begin(), supply.end());
  }
  // Demand sites: the moved demand and who delivers it.
  auto makes_to = [&](const std::string& site) {
    const model::Site* s = FindSite(n, site);
    return s != nullptr && MakesOutput(*s, c.to);
  };
  struct Mix {
    std::string site;
    double from = 0.0;  // before the shift, per day
    double to = 0.0;
    double moved = 0.0;
  };
  std::vector<Mix> mixes;
  for (const std::string& id : c.demand) {
    model::Site* d = FindSite(n, id);
    Mix mix{id};
    for (const model::Demand& x : d->demand) {
      if (x.material == c.from) mix.from += x.per_day;
      if (x.material == c.to) mix.to += x.per_day;
    }
    mix.moved = c.share * mix.from;
    for (model::Demand& x : d->demand) {
      if (x.material == c.from) x.per_day *= 1.0 - c.share;
    }
    bool has_to = false;
    for (model::Demand& x : d->demand) {
      if (x.material == c.to && !has_to) {
        x.per_day += mix.moved;
        has_to = true;
      }
    }
    if (!has_to) d->demand.push_back({c.to, mix.moved});
    // Weights in flow per day: the `to` lanes keep what they carried; the moved demand goes to
    // the `from` suppliers that make `to`, by their `from` shares.
    double from_able = 0.0, to_sum = 0.0;
    for (const model::Lane& l : n.lanes) {
      if (l.buyer != id || l.alternate) continue;
      if (l.material == c.from && makes_to(l.supplier)) from_able += l.share;
      if (l.material == c.to) to_sum += l.share;
    }
    std::map<std::string, double> extra;  // supplier -> moved flow per day
    if (from_able > 0.0) {
      for (const model::Lane& l : n.lanes) {
        if (l.buyer == id && !l.alternate && l.material == c.from && makes_to(l.supplier)) {
          extra[l.supplier] += mix.moved * l.share / from_able;
        }
      }
    }
    std::vector<model::Lane> added;
    for (model::Lane& l : n.lanes) {
      if (l.buyer != id || l.alternate || l.material != c.to) continue;
      double w = to_sum > 0.0 ? mix.to * l.share / to_sum : 0.0;
      if (from_able <= 0.0 && to_sum > 0.0) w += mix.moved * l.share / to_sum;
      if (auto it = extra.find(l.supplier); it != extra.end()) {
        w += it->second;
        extra.erase(it);
      }
      l.share = w;
    }
    for (const model::Lane& l : n.lanes) {
      if (l.buyer != id || l.alternate || l.material != c.from) continue;
      auto it = extra.find(l.supplier);
      if (it == extra.end()) continue;
      model::Lane copy = l;
      copy.id = fmt::format("hedge_{}_{}_{}", h.id, l.supplier, id);
      copy.material = c.to;
      copy.share = it->second;
      copy.capacity_per_day.reset();
      added.push_back(std::move(copy));
      extra.erase(it);
    }
    n.lanes.insert(n.lanes.end(), added.begin(), added.end());
    mixes.push_back(mix);
  }
  n.lanes.insert(n.lanes.end(), new_lanes.begin(), new_lanes.end());
  // Before and during the ramp: weekly steps back to the mix of the step's middle day.
  constexpr int32_t kStep = 7;
  const int32_t end = std::min(sc.horizon_days, start_day + c.ramp_days);
  for (int32_t a = 0; a < end;) {
    const int32_t b = a < start_day ? std::min(start_day, end) : std::min(a + kStep, end);
    const double r = RampAt(0.5 * (a + b - 1), start_day, c.ramp_days);
    for (const Mix& mix : mixes) {
      const double f_from = (mix.from - mix.moved * r) / (mix.from - mix.moved);
      const double f_to = (mix.to + mix.moved * r) / (mix.to + mix.moved);
      for (const auto& [material, factor] : {std::pair{c.from, f_from}, std::pair{c.to, f_to}}) {
        model::Event e;
        e.id = fmt::format("hedge_{}_{}_{}_day{}", h.id, mix.site, material, a);
        e.kind = model::EventKind::kDemandShock;
        e.description = fmt::format("{}: the mix of days {}-{}", h.name, a, b - 1);
        e.start_day = a;
        e.duration_days = model::Distribution::Fixed(b - a);
        e.sites = {mix.site};
        e.materials = {material};
        e.severity = model::Distribution::Fixed(factor);
        sc.events.push_back(std::move(e));
      }
    }
    a = b;
  }
  return {};
}

}  // namespace

double Finance::CapitalRecoveryFactor() const {
  const double n = std::max(life_years, 1.0 / kDaysPerYear);
  if (discount_rate <= 0.0) return 1.0 / n;
  const double g = std::pow(1.0 + discount_rate, n);
  return discount_rate * g / (g - 1.0);
}

double NormalUsePerDay(const model::Network& network, const std::string& site,
                       const std::string& material) {
  const model::Site* s = FindSite(network, site);
  if (s == nullptr) return 0.0;
  double use = 0.0;
  for (const model::Process& p : s->processes) {
    if (!std::isfinite(p.capacity_per_day)) continue;
    for (const model::RecipeInput& in : p.inputs) {
      if (in.material == material) use += p.capacity_per_day * in.per_unit;
    }
  }
  for (const model::Demand& d : s->demand) {
    if (d.material == material) use += d.per_day;
  }
  return use;
}

std::vector<Share> StockpileShares(const Stockpile& stockpile, const model::Network& network) {
  std::vector<Share> out;
  for (const auto& hold : stockpile.holdings) {
    std::vector<const Stockpile::Partner*> users;
    std::vector<double> weights;
    for (const Stockpile::Partner& p : stockpile.partners) {
      const double need = NormalUsePerDay(network, p.site, hold.material);
      if (!(need > 0.0)) continue;
      users.push_back(&p);
      weights.push_back(stockpile.allocation == Stockpile::Allocation::kByNeed ? need
                                                                                : p.contribution);
    }
    if (users.empty()) continue;
    const std::vector<double> q = Split(hold.quantity, weights);
    for (size_t i = 0; i < users.size(); ++i) out.push_back({users[i]->site, hold.material, q[i]});
  }
  return out;
}

std::optional<std::vector<model::Lane>> NewInputLanes(const model::Network& network,
                                                      const model::Site& plant,
                                                      const model::Site& like,
                                                      const std::string& material) {
  std::vector<model::Lane> out;
  if (MakesOutput(plant, material)) return out;
  for (const model::Lane& l : network.lanes) {
    if (l.buyer == plant.id && l.material == material) return out;
  }
  for (const model::Lane& l : network.lanes) {
    if (l.buyer != like.id || l.material != material || l.alternate) continue;
    const model::Site* supplier = FindSite(network, l.supplier);
    if (supplier == nullptr) return std::nullopt;
    // The plant's own route from that supplier, else the longest from its country.
    const model::Lane* route = nullptr;
    for (const model::Lane& r : network.lanes) {
      if (r.buyer != plant.id) continue;
      const model::Site* from = FindSite(network, r.supplier);
      if (from == nullptr) continue;
      if (r.supplier == l.supplier) {
        route = &r;
        break;
      }
      if (from->country == supplier->country &&
          (route == nullptr || r.transit_days > route->transit_days)) {
        route = &r;
      }
    }
    if (route == nullptr) return std::nullopt;
    model::Lane lane = *route;
    lane.supplier = l.supplier;
    lane.material = material;
    lane.share = l.share;
    lane.alternate = false;
    lane.qualification_days = 0;
    lane.capacity_per_day.reset();
    out.push_back(std::move(lane));
  }
  return out;
}

void CheckNotApplied(const std::vector<const Hedge*>& hedges,
                     const std::vector<const model::Scenario*>& scenarios) {
  util::Diagnostics problems;
  for (const model::Scenario* scenario : scenarios) {
    for (const Hedge* hedge : hedges) {
      const auto& applied = scenario->hedges_applied;
      if (std::find(applied.begin(), applied.end(), hedge->id) == applied.end()) continue;
      problems.push_back(
          {scenario->file, 0, 0, "hedges",
           fmt::format("scenario '{}' already applies hedge '{}' ({}); applying it again would count it "
                       "twice: evaluate it on a scenario that does not list it, or leave it out of the "
                       "hedges given",
                       scenario->id, hedge->id, hedge->file)});
    }
  }
  if (!problems.empty()) throw InputError(std::move(problems));
}

std::vector<std::string> ApplyHedge(const Hedge& hedge, model::Network& network,
                                    model::Scenario& scenario) {
  CheckNotApplied({&hedge}, {&scenario});
  scenario.hedges_applied.push_back(hedge.id);
  switch (hedge.kind) {
    case Kind::kStockpile: return ApplyStockpile(hedge, network, scenario);
    case Kind::kOfftake: return ApplyOfftake(hedge, network, scenario);
    case Kind::kLocalize: return ApplyLocalize(hedge, network);
    case Kind::kRecycling:
      return ApplyRecycling(hedge, network, scenario);
    case Kind::kChemistryShift:
      return ApplyChemistryShift(hedge, network, scenario);
  }
  return {};
}

std::vector<CostPart> AnnualCost(const Hedge& h) {
  std::vector<CostPart> parts;
  const double crf = h.finance.CapitalRecoveryFactor();
  const double r = h.finance.discount_rate;
  if (h.kind == Kind::kStockpile) {
    const Stockpile& s = h.stockpile;
    double quantity = 0.0;
    for (const auto& hold : s.holdings) quantity += hold.quantity;
    if (s.acquisition_usd_per_t > 0.0) {
      parts.push_back({"capital tied up in stock", quantity * s.acquisition_usd_per_t * r,
                       fmt::format("{:.0f} t x {:.0f} USD/t x {:.3g} discount rate", quantity,
                                   s.acquisition_usd_per_t, r)});
    }
    if (s.holding_usd_per_t_year > 0.0) {
      parts.push_back({"storage and handling", quantity * s.holding_usd_per_t_year,
                       fmt::format("{:.0f} t x {:.0f} USD/t/yr", quantity, s.holding_usd_per_t_year)});
    }
  } else if (h.kind == Kind::kOfftake) {
    const Offtake& o = h.offtake;
    const double per_year = o.volume_per_day * kDaysPerYear;
    if (o.price_premium_usd_per_t > 0.0) {
      parts.push_back({"price premium", per_year * o.price_premium_usd_per_t,
                       fmt::format("{:.0f} t/yr x {:.0f} USD/t", per_year, o.price_premium_usd_per_t)});
    }
    if (o.audit_right && o.audit_usd_per_year > 0.0) {
      parts.push_back({"audits", o.audit_usd_per_year,
                       fmt::format("{:.0f} USD/yr", o.audit_usd_per_year)});
    }
    if (o.sla_otif &&
        (o.sla_penalty_usd_per_t > 0.0 || o.sla_penalty_usd_per_missed_period > 0.0)) {
      parts.push_back(
          {"SLA penalty (owed by the supplier: simulated per scenario, it lowers the "
           "net cost)",
           0.0,
           fmt::format("{:.0f} USD per t short and {:.0f} USD per {}-day period missed, "
                       "when on time in full falls below {:.0f} %",
                       o.sla_penalty_usd_per_t, o.sla_penalty_usd_per_missed_period,
                       o.sla_period_days, *o.sla_otif * 100.0)});
    }
  }
  if (h.kind == Kind::kChemistryShift && h.chemistry.price_difference_usd_per_kwh != 0.0) {
    // Demand moved per year (GWh) x 1e6 kWh per GWh x the price difference; needs the network's
    // demand, which the hedge holds through `moved_gwh_per_year` (set at load). The buyers of
    // the cells pay or save it, not the hedge's budget: it enters the net cost only.
    const double gwh = h.chemistry.moved_gwh_per_year;
    parts.push_back(
        {h.chemistry.price_difference_usd_per_kwh < 0.0
             ? "cell price difference (a saving: the new chemistry is cheaper; net cost only)"
             : "cell price difference (net cost only)",
         gwh * 1e6 * h.chemistry.price_difference_usd_per_kwh,
         fmt::format("{:.2f} GWh/yr moved x 1e6 kWh/GWh x {:.1f} USD/kWh ({} minus {})", gwh,
                     h.chemistry.price_difference_usd_per_kwh, h.chemistry.to, h.chemistry.from),
         true});
  }
  if (h.capex_usd > 0.0) {
    parts.push_back({"capital (annualised)", h.capex_usd * crf,
                     fmt::format("{:.4g} USD x capital recovery factor {:.4f} ({:.3g} over {:.3g} yr)",
                                 h.capex_usd, crf, r, h.finance.life_years)});
  }
  if (h.opex_usd_per_year > 0.0) {
    parts.push_back({"operating", h.opex_usd_per_year, fmt::format("{:.4g} USD/yr", h.opex_usd_per_year)});
  }
  return parts;
}

SlaScore ScoreSla(const Offtake& o, const std::vector<double>& ordered,
                  const std::vector<double>& shipped, int32_t term_first, int32_t term_end,
                  const std::vector<uint8_t>* excused) {
  SlaScore score;
  score.target = o.sla_otif.value_or(0.0);
  const int32_t days = static_cast<int32_t>(std::min(ordered.size(), shipped.size()));
  const int32_t first = std::max(0, term_first);
  const int32_t end = std::min(days, term_end);
  const int32_t period = std::max(1, o.sla_period_days);
  int32_t missed = 0;
  for (int32_t a = first; a < end; a += period) {
    const int32_t b = std::min(end, a + period);
    double want = 0.0, sent = 0.0;
    for (int32_t t = a; t < b; ++t) {
      want += ordered[static_cast<size_t>(t)];
      sent += shipped[static_cast<size_t>(t)];
    }
    want = std::min(want, o.volume_per_day * (b - a));
    if (!(want > 1e-9 * o.volume_per_day)) continue;  // no orders this period
    bool excuse = false;
    for (int32_t t = a; excused != nullptr && t < b && !excuse; ++t) {
      excuse = static_cast<size_t>(t) < excused->size() && (*excused)[static_cast<size_t>(t)];
    }
    if (excuse) {
      ++score.periods_excused;
      continue;
    }
    const double got = std::min(want, sent);
    ++score.periods;
    score.ordered += want;
    score.delivered += got;
    if (want - got <= 1e-9 * want) {
      ++score.periods_otif;
    } else {
      ++missed;
      score.short_quantity += want - got;
    }
  }
  if (score.periods > 0) score.otif = static_cast<double>(score.periods_otif) / score.periods;
  score.below_target = o.sla_otif.has_value() && score.otif < *o.sla_otif;
  if (score.below_target && days > 0) {
    const double owed = score.short_quantity * o.sla_penalty_usd_per_t +
                        missed * o.sla_penalty_usd_per_missed_period;
    score.penalty_usd_per_year = owed * kDaysPerYear / days;
  }
  return score;
}

double TotalCost(const std::vector<CostPart>& parts) {
  double sum = 0.0;
  for (const CostPart& p : parts) sum += p.net_only ? 0.0 : p.usd_per_year;
  return sum;
}

double NetAdjustment(const std::vector<CostPart>& parts) {
  double sum = 0.0;
  for (const CostPart& p : parts) sum += p.net_only ? p.usd_per_year : 0.0;
  return sum;
}

}  // namespace chaintwin::hedge
