// Generate(): a synthetic battery chain of any size, built downstream first so that every
// site's capacity can be sized from what its buyers will order of it:
//   end use (demand) -> cell makers -> cathode / anode makers -> refiners and recyclers ->
//   mines and external black-mass collectors.
// Each tier picks its suppliers (1-3 primaries, sometimes an alternate), adds its expected
// need to theirs, and the next tier up sizes its capacity from that (most plants with 15-60 %
// headroom, a few tight ones that run short without any event).
// Determinism: one util::Rng stream, consumed in site order; no unordered containers, no
// standard distributions. Numbers are rounded to a few significant digits so the files read
// well and round-trip exactly.
#include "chaintwin/io/generate.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "chaintwin/util/rng.hpp"

namespace chaintwin::io {
namespace {

using model::Stage;

constexpr int64_t kMinSites = 5;
constexpr int64_t kMaxSites = 10'000'000;

enum Mat : uint32_t {
  kSpodumene,
  kGraphite,
  kNickelOre,
  kBlackMass,
  kLioh,
  kNiso4,
  kCathode,
  kAnode,
  kCell,
  kNumMaterials,
};

struct MaterialSpec {
  const char* id;
  const char* name;
  Stage stage;
  bool energy;
};
constexpr std::array<MaterialSpec, kNumMaterials> kMaterialSpecs = {{
    {"spodumene", "Spodumene concentrate (SC6)", Stage::kMining, false},
    {"natural_graphite", "Natural flake graphite", Stage::kMining, false},
    {"nickel_ore", "Nickel concentrate", Stage::kMining, false},
    {"black_mass", "Black mass from end-of-life batteries", Stage::kEndOfLife, false},
    {"lithium_hydroxide", "Lithium hydroxide monohydrate", Stage::kRefining, false},
    {"nickel_sulfate", "Nickel sulfate hexahydrate", Stage::kRefining, false},
    {"cathode_nmc811", "NMC811 cathode active material", Stage::kComponent, false},
    {"anode_material", "Spherical coated graphite anode", Stage::kComponent, false},
    {"cell_nmc", "NMC811 cells", Stage::kCell, true},
}};

struct CountrySpec {
  const char* code;
  const char* name;
  int region;  // 0 Oceania, 1 South-East Asia, 2 East Asia, 3 Europe, 4 Americas, 5 Africa
  double lat;
  double lon;
};
constexpr size_t kNumCountries = 16;
constexpr std::array<CountrySpec, kNumCountries> kCountries = {{
    {"AU", "Australia", 0, -25.0, 134.0},
    {"ID", "Indonesia", 1, -2.0, 118.0},
    {"CN", "China", 2, 33.0, 110.0},
    {"KR", "Korea", 2, 36.0, 128.0},
    {"JP", "Japan", 2, 36.0, 138.0},
    {"DE", "Germany", 3, 51.0, 10.0},
    {"PL", "Poland", 3, 52.0, 19.0},
    {"HU", "Hungary", 3, 47.0, 19.0},
    {"SE", "Sweden", 3, 62.0, 15.0},
    {"FR", "France", 3, 46.0, 2.0},
    {"US", "United States", 4, 39.0, -98.0},
    {"CA", "Canada", 4, 56.0, -106.0},
    {"MX", "Mexico", 4, 23.0, -102.0},
    {"CL", "Chile", 4, -30.0, -70.0},
    {"AR", "Argentina", 4, -35.0, -65.0},
    {"CD", "DR Congo", 5, -4.0, 23.0},
}};
constexpr int kNumRegions = 6;

enum Role {
  kSpodumeneMine,
  kGraphiteMine,
  kNickelMine,
  kCollector,
  kLiohRefiner,
  kNiso4Refiner,
  kRecycler,
  kCathodeMaker,
  kAnodeMaker,
  kCellMaker,
  kEndUse,
  kNumRoles,
};

// Which line of the chain a role belongs to: the lithium line (0) is always there; the
// graphite (1), nickel (2) and recycling (3) lines join as the network grows.
struct RoleSpec {
  const char* key;
  const char* label;
  int line;
  double weight;  // share of the sites beyond the minimum
  std::array<int, kNumCountries> country_weight;  // order of kCountries
};
// clang-format off
//                                                          AU  ID  CN  KR  JP  DE  PL  HU  SE  FR  US  CA  MX  CL  AR  CD
constexpr std::array<RoleSpec, kNumRoles> kRoles = {{
    {"mine",      "spodumene mine",      0, 0.05, {{50,  0, 10,  0,  0,  0,  0,  0,  0,  0,  3,  8,  0, 12, 12,  5}}},
    {"mine",      "graphite mine",       1, 0.05, {{ 5,  0, 60,  0,  0,  0,  0,  0,  2,  0,  2, 10,  3,  0,  0, 18}}},
    {"mine",      "nickel mine",         2, 0.05, {{12, 50,  4,  0,  0,  0,  0,  0,  0,  0,  2, 12,  0,  0,  0,  5}}},
    {"collector", "black-mass collector",3, 0.035,{{ 2,  0, 30, 10, 10, 15,  8,  2,  3, 10, 15,  3,  2,  0,  0,  0}}},
    {"refiner",   "lithium refiner",     0, 0.06, {{ 6,  0, 65,  8,  2,  5,  0,  0,  0,  0,  5,  2,  0,  5,  2,  0}}},
    {"refiner",   "nickel refiner",      2, 0.05, {{ 4, 25, 50, 10, 10,  0,  0,  0,  0,  2,  0,  4,  0,  0,  0,  0}}},
    {"recycler",  "recycler",            3, 0.035,{{ 2,  0, 30, 15, 10, 15, 10,  3,  3,  5, 15,  5,  0,  0,  0,  0}}},
    {"cathode",   "cathode maker",       0, 0.10, {{ 0,  0, 60, 20, 12,  1,  3,  1,  0,  1,  4,  1,  0,  0,  0,  0}}},
    {"anode",     "anode maker",         1, 0.07, {{ 0,  0, 85,  5,  5,  0,  0,  0,  0,  0,  3,  2,  0,  0,  0,  0}}},
    {"cell",      "cell maker",          0, 0.12, {{ 0,  0, 55, 10,  6,  5,  5,  5,  4,  2, 10,  2,  1,  0,  0,  0}}},
    {"enduse",    "EV and storage maker",0, 0.325,{{ 0,  1, 35,  6,  7, 12,  3,  2,  3,  7, 18,  3,  4,  0,  0,  0}}},
}};
// clang-format on

struct ChokepointSpec {
  const char* id;
  const char* name;
  double lat;
  double lon;
};
enum Choke : uint32_t { kMalacca, kTaiwan, kSuez, kPanama, kNumChokepoints };
constexpr std::array<ChokepointSpec, kNumChokepoints> kChokepoints = {{
    {"malacca", "Strait of Malacca", 2.5, 101.0},
    {"taiwan_strait", "Taiwan Strait", 24.0, 119.5},
    {"suez", "Suez Canal and Red Sea", 30.5, 32.3},
    {"panama", "Panama Canal", 9.1, -79.7},
}};

constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// `x` rounded to 4 significant digits, as the double nearest that decimal (so fmt's shortest
// form prints it short). Only exact powers of ten are multiplied or divided by.
double Round4(double x) {
  if (!(x > 0.0) || !std::isfinite(x)) return x;
  int e = 0;  // x in [10^e, 10^(e+1)), up to the inexactness of 1/10^k (digit count only)
  if (x >= 1.0) {
    while (e < 22 && x >= kPow10[e + 1]) ++e;
  } else {
    e = -1;
    while (e > -22 && x < 1.0 / kPow10[-e]) --e;
  }
  int shift = 3 - e;  // digits after the point to keep
  if (shift > 22 || shift < -22) return x;
  if (shift >= 0) return std::round(x * kPow10[shift]) / kPow10[shift];
  return std::round(x / kPow10[-shift]) * kPow10[-shift];
}

double RoundTo(double x, int decimals) {
  return std::round(x * kPow10[decimals]) / kPow10[decimals];
}

class Generator {
 public:
  explicit Generator(const GenerateOptions& o) : o_(o), rng_(o.seed ^ 0x6368616974776E31ull) {}
  GeneratedCase Run();

 private:
  struct SiteInfo {
    Role role = kEndUse;
    uint32_t country = 0;
    Mat output = kNumMaterials;  // kNumMaterials for end use
    double expected_out = 0.0;   // per day, what buyers will order (or the demand)
    double capacity = 0.0;
  };

  double Uniform(double lo, double hi) { return lo + (hi - lo) * rng_.Uniform(); }
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(rng_.Next() % n); }
  uint32_t PickCountry(Role role);
  void CountSites();
  void MakeSites();
  void Recipe(uint32_t site, std::vector<std::pair<Mat, double>>& inputs);
  void ChooseSuppliers(uint32_t buyer, Mat material, double need);
  void Route(uint32_t from_country, uint32_t to_country, model::Lane& lane);
  void SizeAndSupply(Role role);
  void MakeScenario();

  const GenerateOptions& o_;
  util::Rng rng_;
  bool line_[4] = {true, false, false, false};
  std::array<int64_t, kNumRoles> count_{};
  std::vector<SiteInfo> info_;
  std::array<std::vector<uint32_t>, kNumRoles> by_role_;
  // Suppliers of each material, all and by region.
  std::array<std::vector<uint32_t>, kNumMaterials> makers_;
  std::array<std::array<std::vector<uint32_t>, kNumRegions>, kNumMaterials> makers_by_region_;
  std::vector<double> lane_flow_;  // expected per day, by lane
  std::vector<uint32_t> lane_supplier_, lane_buyer_;  // site indices, by lane
  std::vector<Mat> lane_material_;
  GeneratedCase out_;
};

uint32_t Generator::PickCountry(Role role) {
  const auto& w = kRoles[role].country_weight;
  int total = 0;
  for (int x : w) total += x;
  int r = static_cast<int>(Below(static_cast<uint32_t>(total)));
  for (uint32_t c = 0; c < kNumCountries; ++c) {
    if (r < w[c]) return c;
    r -= w[c];
  }
  return 2;
}

void Generator::CountSites() {
  const int64_t n = o_.sites;
  line_[1] = n >= 7;
  line_[2] = n >= 9;
  line_[3] = n >= 11;
  int64_t minimum = 0;
  double weights = 0.0;
  for (int r = 0; r < kNumRoles; ++r) {
    if (!line_[kRoles[r].line]) continue;
    count_[r] = 1;
    ++minimum;
    weights += kRoles[r].weight;
  }
  int64_t extra = n - minimum;
  int64_t given = 0;
  for (int r = 0; r < kNumRoles; ++r) {
    if (!line_[kRoles[r].line]) continue;
    auto add = static_cast<int64_t>(std::floor(static_cast<double>(extra) * kRoles[r].weight / weights));
    count_[r] += add;
    given += add;
  }
  count_[kEndUse] += extra - given;  // the remainder of the rounding
}

// Sites are laid out upstream first, role by role; capacities and lanes come later, downstream
// first (SizeAndSupply), once each site's expected output is known.
void Generator::MakeSites() {
  model::Network& net = out_.network;
  net.sites.reserve(static_cast<size_t>(o_.sites));
  info_.reserve(static_cast<size_t>(o_.sites));
  const int width = o_.sites >= 1'000'000 ? 7 : 6;
  for (int r = 0; r < kNumRoles; ++r) {
    auto role = static_cast<Role>(r);
    for (int64_t k = 0; k < count_[r]; ++k) {
      auto index = static_cast<uint32_t>(net.sites.size());
      SiteInfo info;
      info.role = role;
      info.country = PickCountry(role);
      switch (role) {
        case kSpodumeneMine: info.output = kSpodumene; break;
        case kGraphiteMine: info.output = kGraphite; break;
        case kNickelMine: info.output = kNickelOre; break;
        case kCollector: info.output = kBlackMass; break;
        case kLiohRefiner: info.output = kLioh; break;
        case kNiso4Refiner: info.output = kNiso4; break;
        case kRecycler: info.output = line_[2] && rng_.Uniform() < 0.4 ? kNiso4 : kLioh; break;
        case kCathodeMaker: info.output = kCathode; break;
        case kAnodeMaker: info.output = kAnode; break;
        case kCellMaker: info.output = kCell; break;
        default: info.output = kNumMaterials; break;
      }
      const CountrySpec& c = kCountries[info.country];
      model::Site site;
      std::string cc = c.code;
      for (char& ch : cc) ch = static_cast<char>(ch - 'A' + 'a');
      site.id = fmt::format("{}_{}_{:0{}}", kRoles[r].key, cc, index, width);
      site.name = fmt::format("{} {} {}", c.code, kRoles[r].label, index);
      site.country = c.code;
      site.lat = RoundTo(std::clamp(c.lat + Uniform(-4.0, 4.0), -90.0, 90.0), 3);
      site.lon = RoundTo(std::clamp(c.lon + Uniform(-6.0, 6.0), -180.0, 180.0), 3);
      site.external = role == kCollector;
      if (!site.external) {
        site.stock_days_default = role == kEndUse ? 3 + Below(18) : 7 + Below(39);
      }
      if (role == kEndUse) {
        // Annual demand lognormal around 8 GWh/yr, from 0.2 to 300 GWh/yr.
        double gwh_per_year = std::clamp(std::exp(std::log(8.0) + rng_.Normal()), 0.2, 300.0);
        info.expected_out = Round4(gwh_per_year / 365.0);
        site.demand.push_back(model::Demand{kMaterialSpecs[kCell].id, info.expected_out});
        if (rng_.Uniform() < 0.15) site.demand_mode = model::DemandMode::kBacklog;
      } else {
        makers_[info.output].push_back(index);
        makers_by_region_[info.output][static_cast<size_t>(c.region)].push_back(index);
      }
      by_role_[r].push_back(index);
      net.sites.push_back(std::move(site));
      info_.push_back(info);
    }
  }
}

// The recipe of a site's one process: input material and amount per unit of output.
void Generator::Recipe(uint32_t site, std::vector<std::pair<Mat, double>>& inputs) {
  inputs.clear();
  switch (info_[site].role) {
    case kLiohRefiner: inputs.push_back({kSpodumene, RoundTo(Uniform(7.0, 8.0), 2)}); break;
    case kNiso4Refiner: inputs.push_back({kNickelOre, RoundTo(Uniform(4.0, 5.0), 2)}); break;
    case kRecycler:
      inputs.push_back({kBlackMass, info_[site].output == kLioh ? RoundTo(Uniform(5.0, 7.0), 2)
                                                                : RoundTo(Uniform(1.2, 1.6), 2)});
      break;
    case kCathodeMaker:
      inputs.push_back({kLioh, RoundTo(Uniform(0.42, 0.48), 3)});
      if (line_[2]) inputs.push_back({kNiso4, RoundTo(Uniform(1.5, 1.7), 3)});
      break;
    case kAnodeMaker: inputs.push_back({kGraphite, RoundTo(Uniform(2.2, 2.8), 2)}); break;
    case kCellMaker:  // t per GWh: 1.4-1.7 kg of cathode and 0.9-1.2 kg of anode per kWh
      inputs.push_back({kCathode, RoundTo(Uniform(1400.0, 1700.0), 0)});
      if (line_[1]) inputs.push_back({kAnode, RoundTo(Uniform(900.0, 1200.0), 0)});
      break;
    case kEndUse: inputs.push_back({kCell, 1.0}); break;  // its demand, not a process
    default: break;
  }
}

void Generator::Route(uint32_t from_country, uint32_t to_country, model::Lane& lane) {
  auto days = [&](int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1))); };
  auto cross = [&](Choke c) { lane.chokepoints.push_back(model::ChokepointCrossing{kChokepoints[c].id, 0}); };
  lane.mode = model::TransportMode::kSea;
  if (from_country == to_country) {
    if (rng_.Uniform() < 0.15) {
      lane.mode = model::TransportMode::kInternal;
      lane.transit_days = 0;
    } else {
      lane.mode = rng_.Uniform() < 0.5 ? model::TransportMode::kRoad : model::TransportMode::kRail;
      lane.transit_days = days(1, 5);
    }
  } else {
    int a = kCountries[from_country].region, b = kCountries[to_country].region;
    int lo = std::min(a, b), hi = std::max(a, b);
    auto is = [&](int x, int y) { return lo == x && hi == y; };
    if (lo == hi) {
      lane.transit_days = days(3, 12);
      if (lo == 3) lane.mode = rng_.Uniform() < 0.6 ? model::TransportMode::kRail : model::TransportMode::kRoad;
      if (lo == 2 && rng_.Uniform() < 0.3) cross(kTaiwan);
    } else if (is(2, 3)) {
      lane.transit_days = days(32, 40);
      cross(kMalacca);
      cross(kSuez);
    } else if (is(1, 3)) {
      lane.transit_days = days(26, 34);
      if (rng_.Uniform() < 0.5) cross(kMalacca);
      cross(kSuez);
    } else if (is(0, 3)) {
      lane.transit_days = days(30, 38);
      cross(kSuez);
    } else if (is(0, 2)) {
      lane.transit_days = days(10, 16);
      if (rng_.Uniform() < 0.2) cross(kTaiwan);
    } else if (is(1, 2)) {
      lane.transit_days = days(6, 12);
      if (rng_.Uniform() < 0.4) cross(kTaiwan);
    } else if (is(2, 4) || is(1, 4) || is(0, 4)) {
      lane.transit_days = days(18, 30);
      if (rng_.Uniform() < 0.35) cross(kPanama);
    } else if (is(3, 4)) {
      lane.transit_days = days(10, 20);
      if (rng_.Uniform() < 0.25) cross(kPanama);
    } else if (is(2, 5) || is(1, 5)) {
      lane.transit_days = days(28, 36);
      cross(kMalacca);
    } else if (is(3, 5)) {
      lane.transit_days = days(22, 30);
      cross(kSuez);
    } else {
      lane.transit_days = days(15, 35);
    }
  }
  lane.transit_days = std::clamp(lane.transit_days, 0, 40);
  // The loader's default crossing day: half the transit, rounded down.
  for (auto& x : lane.chokepoints) x.day = lane.transit_days / 2;
  double km_per_day = lane.mode == model::TransportMode::kSea ? 650.0 : 500.0;
  if (lane.transit_days > 0 && lane.mode != model::TransportMode::kInternal) {
    lane.distance_km = Round4(lane.transit_days * km_per_day * Uniform(0.8, 1.0));
  }
}

// Picks 1-3 primary suppliers of `material` for `buyer` (sometimes one alternate), adds the
// lanes, and adds `need` x share to each primary supplier's expected output.
void Generator::ChooseSuppliers(uint32_t buyer, Mat material, double need) {
  const auto& all = makers_[material];
  if (all.empty()) return;
  const SiteInfo& b = info_[buyer];
  const auto& local = makers_by_region_[material][static_cast<size_t>(kCountries[b.country].region)];
  double u = rng_.Uniform();
  size_t want = u < 0.45 ? 1 : u < 0.8 ? 2 : 3;
  want = std::min(want, all.size());
  std::array<uint32_t, 4> chosen{};
  size_t n = 0;
  auto taken = [&](uint32_t s) { return std::find(chosen.begin(), chosen.begin() + static_cast<long>(n), s) != chosen.begin() + static_cast<long>(n); };
  auto draw = [&]() {
    const auto& pool = !local.empty() && rng_.Uniform() < 0.4 ? local : all;
    return pool[Below(static_cast<uint32_t>(pool.size()))];
  };
  for (int attempt = 0; n < want && attempt < 12; ++attempt) {
    uint32_t s = draw();
    if (!taken(s)) chosen[n++] = s;
  }
  std::array<double, 3> shares{};
  double total = 0.0;
  for (size_t i = 0; i < n; ++i) total += shares[i] = 1.0 + 2.0 * rng_.Uniform();
  double given = 0.0;
  for (size_t i = 0; i + 1 < n; ++i) {
    shares[i] = RoundTo(shares[i] / total, 2);
    given += shares[i];
  }
  shares[n - 1] = RoundTo(1.0 - given, 2);
  model::Network& net = out_.network;
  auto add = [&](uint32_t supplier, double share, bool alternate) {
    model::Lane lane;
    lane.id = fmt::format("L{}", net.lanes.size() + 1);
    lane.supplier = net.sites[supplier].id;
    lane.buyer = net.sites[buyer].id;
    lane.material = kMaterialSpecs[material].id;
    Route(info_[supplier].country, b.country, lane);
    lane.share = share;
    lane.alternate = alternate;
    if (alternate) lane.qualification_days = 14 + static_cast<int32_t>(Below(107));
    net.lanes.push_back(std::move(lane));
    lane_flow_.push_back(alternate ? 0.0 : need * share);
    lane_supplier_.push_back(supplier);
    lane_buyer_.push_back(buyer);
    lane_material_.push_back(material);
  };
  for (size_t i = 0; i < n; ++i) {
    add(chosen[i], shares[i], false);
    info_[chosen[i]].expected_out += need * shares[i];
  }
  if (all.size() > n && rng_.Uniform() < 0.3) {
    for (int attempt = 0; attempt < 6; ++attempt) {
      uint32_t s = draw();
      if (taken(s)) continue;
      add(s, 1.0, true);
      break;
    }
  }
}

// Sizes the capacity of every site of `role` from its expected output (known once every
// buyer tier below was supplied) and chooses its own suppliers.
void Generator::SizeAndSupply(Role role) {
  model::Network& net = out_.network;
  const auto& sites = by_role_[role];
  if (sites.empty()) return;
  double mean = 0.0;
  for (uint32_t s : sites) mean += info_[s].expected_out;
  mean /= static_cast<double>(sites.size());
  std::vector<std::pair<Mat, double>> inputs;
  for (uint32_t s : sites) {
    SiteInfo& info = info_[s];
    model::Site& site = net.sites[s];
    double need = info.expected_out;
    if (role != kEndUse) {
      // Most plants have 15-60 % headroom; one in twenty is tight and runs short unprovoked.
      double headroom = rng_.Uniform() < 0.05 ? Uniform(0.85, 1.02) : Uniform(1.15, 1.6);
      double base = std::max(need, 0.3 * mean);
      if (base <= 0.0) base = 1.0;
      info.capacity = Round4(base * headroom);
      model::Process p;
      p.id = kMaterialSpecs[info.output].id;
      p.output = p.id;
      p.capacity_per_day = info.capacity;
      if ((role == kCellMaker || role == kCathodeMaker || role == kAnodeMaker) &&
          rng_.Uniform() < 0.02) {
        p.start = o_.start_date + 10 + static_cast<int32_t>(Below(static_cast<uint32_t>(std::max(1, o_.horizon_days / 2))));
      }
      Recipe(s, inputs);
      for (const auto& [m, per_unit] : inputs) {
        p.inputs.push_back(model::RecipeInput{kMaterialSpecs[m].id, per_unit});
      }
      site.processes.push_back(std::move(p));
    } else {
      Recipe(s, inputs);
    }
    for (const auto& [m, per_unit] : inputs) ChooseSuppliers(s, m, need * per_unit);
    // One site in ten starts with a stock of its own choosing rather than its target.
    if (!site.external && need > 0.0 && rng_.Uniform() < 0.1) {
      Mat held = role == kEndUse ? kCell : info.output;
      site.inventory.push_back(model::Stock{kMaterialSpecs[held].id, Round4(need * Uniform(5.0, 40.0))});
    }
  }
}

void Generator::MakeScenario() {
  const model::Network& net = out_.network;
  model::Scenario& sc = out_.scenario;
  const int32_t h = o_.horizon_days;
  sc.id = "synthetic_disruptions";
  sc.name = "Export ban, plant outage, chokepoint closures, demand surge and new capacity";
  sc.description = fmt::format(
      "Generated with seed {} for the network {}: every kind of event, all starting inside "
      "the {}-day horizon.",
      o_.seed, net.id, h);
  sc.network_file = "network.yaml";
  sc.start = o_.start_date;
  sc.horizon_days = h;
  sc.seed = o_.seed;
  sc.protocol.default_protocol = o_.protocol;
  sc.protocol.default_alliance = "g7";
  auto day = [&](double f) { return std::clamp(static_cast<int32_t>(f * h), 0, h - 1); };
  auto span = [&](double f) { return static_cast<double>(std::max(1, static_cast<int32_t>(f * h))); };
  auto event = [&](const std::string& id, model::EventKind kind, int32_t start, double duration) {
    model::Event e;
    e.id = id;
    e.kind = kind;
    e.start_day = start;
    e.duration_days = model::Distribution::Fixed(duration);
    return e;
  };

  // Export ban: the (country, material) with the most cross-border primary lanes.
  std::vector<int64_t> exports(kNumCountries * kNumMaterials, 0);
  std::vector<int64_t> crossings(kNumChokepoints, 0);
  for (size_t l = 0; l < net.lanes.size(); ++l) {
    const model::Lane& lane = net.lanes[l];
    for (const auto& x : lane.chokepoints) {
      for (uint32_t c = 0; c < kNumChokepoints; ++c) crossings[c] += x.chokepoint == kChokepoints[c].id;
    }
  }
  size_t best = 0;
  for (size_t l = 0; l < lane_supplier_.size(); ++l) {
    uint32_t from = lane_supplier_[l], to = lane_buyer_[l];
    if (net.lanes[l].alternate || info_[from].country == info_[to].country) continue;
    size_t k = info_[from].country * kNumMaterials + lane_material_[l];
    if (++exports[k] > exports[best]) best = k;
  }
  {
    uint32_t country = exports[best] > 0 ? static_cast<uint32_t>(best / kNumMaterials) : info_[0].country;
    Mat material = exports[best] > 0 ? static_cast<Mat>(best % kNumMaterials) : info_[0].output;
    model::Event e = event(fmt::format("ban_{}_{}", kCountries[country].code, kMaterialSpecs[material].id),
                           model::EventKind::kExportBan, day(0.1), 0);
    e.description = fmt::format("{} withholds export licences for {}.", kCountries[country].name,
                                kMaterialSpecs[material].name);
    e.origins = {kCountries[country].code};
    e.materials = {kMaterialSpecs[material].id};
    e.duration_days.kind = model::Distribution::Kind::kTriangular;
    e.duration_days.a = span(0.25);
    e.duration_days.c = span(0.4);
    e.duration_days.b = span(0.55);
    sc.events.push_back(std::move(e));
  }
  // Site outage: the largest lithium refiner runs at 10 % of capacity.
  {
    uint32_t site = by_role_[kLiohRefiner].front();
    for (uint32_t s : by_role_[kLiohRefiner]) {
      if (info_[s].capacity > info_[site].capacity) site = s;
    }
    model::Event e = event("refinery_fire", model::EventKind::kSiteOutage, day(0.15), span(0.2));
    e.description = "A fire stops most of the largest lithium refinery.";
    e.sites = {net.sites[site].id};
    e.severity = model::Distribution::Fixed(0.1);
    sc.events.push_back(std::move(e));
  }
  // Chokepoint closures: the most crossed without a detour, the next with one.
  std::array<uint32_t, kNumChokepoints> order{kMalacca, kTaiwan, kSuez, kPanama};
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return crossings[a] > crossings[b]; });
  {
    model::Event e = event(fmt::format("{}_closed", kChokepoints[order[0]].id),
                           model::EventKind::kLaneClosure, day(0.3), span(0.08));
    e.description = fmt::format("{} is closed to shipping; cargo waits.", kChokepoints[order[0]].name);
    e.chokepoints = {kChokepoints[order[0]].id};
    sc.events.push_back(std::move(e));
    model::Event d = event(fmt::format("{}_detour", kChokepoints[order[1]].id),
                           model::EventKind::kLaneClosure, day(0.4), span(0.25));
    d.description = fmt::format("Ships avoid {} and sail around it.", kChokepoints[order[1]].name);
    d.chokepoints = {kChokepoints[order[1]].id};
    d.detour_days = 9.0;
    sc.events.push_back(std::move(d));
  }
  // Demand shock: the country with the most end-use demand buys 30 % more cells.
  uint32_t biggest_buyer = by_role_[kEndUse].front();
  {
    std::array<double, kNumCountries> demand{};
    for (uint32_t s : by_role_[kEndUse]) {
      demand[info_[s].country] += info_[s].expected_out;
      if (info_[s].expected_out > info_[biggest_buyer].expected_out) biggest_buyer = s;
    }
    uint32_t country = static_cast<uint32_t>(std::max_element(demand.begin(), demand.end()) - demand.begin());
    model::Event e = event(fmt::format("surge_{}", kCountries[country].code),
                           model::EventKind::kDemandShock, day(0.5), span(0.2));
    e.description = fmt::format("A purchase subsidy in {} lifts demand for cells.", kCountries[country].name);
    e.countries = {kCountries[country].code};
    e.materials = {kMaterialSpecs[kCell].id};
    e.severity = model::Distribution::Fixed(1.3);
    sc.events.push_back(std::move(e));
  }
  // Capacity change: the largest cell maker expands by half, ramping up over 30 days.
  {
    uint32_t site = by_role_[kCellMaker].front();
    for (uint32_t s : by_role_[kCellMaker]) {
      if (info_[s].capacity > info_[site].capacity) site = s;
    }
    int32_t start = day(0.6);
    model::Event e = event("cell_expansion", model::EventKind::kCapacityChange, start,
                           static_cast<double>(std::max(h - start, 1)));
    e.description = "The largest cell plant opens a second line.";
    e.sites = {net.sites[site].id};
    e.severity = model::Distribution::Fixed(1.5);
    e.ramp_days = 30.0;
    sc.events.push_back(std::move(e));
  }
  // Stockpile release: ten days of the largest buyer's demand, over ten days.
  {
    model::Event e = event("cell_stockpile", model::EventKind::kStockpileRelease, day(0.52),
                           std::min(10.0, span(0.2)));
    e.description = "A joint stockpile of cells is released to the largest buyer.";
    e.sites = {net.sites[biggest_buyer].id};
    e.materials = {kMaterialSpecs[kCell].id};
    e.quantity = Round4(10.0 * info_[biggest_buyer].expected_out);
    sc.events.push_back(std::move(e));
  }
}

GeneratedCase Generator::Run() {
  model::Network& net = out_.network;
  net.id = fmt::format("synthetic_{}_s{}", o_.sites, o_.seed);
  net.name = fmt::format("Synthetic battery chain, {} sites (seed {})", o_.sites, o_.seed);
  net.description =
      "Generated by chaintwin generate: mines, refiners, recyclers, cathode and anode makers, "
      "cell makers and end use across 16 countries. Plausible figures, not real data.";
  for (const MaterialSpec& m : kMaterialSpecs) {
    model::Material mat;
    mat.id = m.id;
    mat.name = m.name;
    mat.stage = m.stage;
    mat.dimension = m.energy ? model::Dimension::kEnergy : model::Dimension::kMass;
    mat.unit = m.energy ? "GWh" : "t";
    mat.gwh_per_unit = m.energy ? 1.0 : 0.0;
    net.materials.push_back(std::move(mat));
  }
  for (const CountrySpec& c : kCountries) net.countries.push_back(model::Country{c.code, c.name});
  auto group = [&](const char* id, const char* name, std::vector<std::string> members) {
    std::sort(members.begin(), members.end());
    net.groups.push_back(model::Group{id, name, std::move(members), ""});
  };
  group("eu", "European Union (members in this network)", {"DE", "FR", "HU", "PL", "SE"});
  group("g7", "Group of Seven (members in this network)", {"CA", "DE", "FR", "JP", "US"});
  group("us_fta", "US free-trade partners (in this network)", {"AU", "CA", "CL", "KR", "MX"});
  group("meti_partners", "Japan's mineral partners (in this network)",
        {"AU", "CA", "CL", "DE", "FR", "JP", "KR", "US"});
  group("feoc", "Foreign entities of concern (in this network)", {"CN"});
  for (const ChokepointSpec& c : kChokepoints) {
    net.chokepoints.push_back(model::Chokepoint{c.id, c.name, c.lat, c.lon});
  }

  CountSites();
  MakeSites();
  // Downstream first: each tier's orders size the tier above.
  for (Role role : {kEndUse, kCellMaker, kCathodeMaker, kAnodeMaker, kLiohRefiner, kNiso4Refiner,
                    kRecycler, kSpodumeneMine, kGraphiteMine, kNickelMine, kCollector}) {
    SizeAndSupply(role);
  }
  // Offtake contracts on one primary lane in ten (at most 5,000), for the priority protocols.
  int contracts = 0;
  for (size_t l = 0; l < net.lanes.size() && contracts < 5000; ++l) {
    const model::Lane& lane = net.lanes[l];
    if (lane.alternate || lane_flow_[l] <= 0.0 || rng_.Uniform() >= 0.1) continue;
    model::Contract k;
    k.id = fmt::format("K{}", ++contracts);
    k.buyer = lane.buyer;
    k.seller = lane.supplier;
    k.material = lane.material;
    k.volume_per_day = Round4(lane_flow_[l] * Uniform(0.5, 1.0));
    k.priority = 1 + static_cast<int>(Below(3));
    net.contracts.push_back(std::move(k));
  }
  MakeScenario();
  return std::move(out_);
}

}  // namespace

GeneratedCase Generate(const GenerateOptions& options) {
  if (options.sites < kMinSites || options.sites > kMaxSites) {
    throw InputError("--sites", fmt::format("expected a number of sites from {} to {}, found {}",
                                            kMinSites, "10,000,000", options.sites));
  }
  if (options.horizon_days < 1) {
    throw InputError("--days", fmt::format("expected a horizon of at least 1 d, found {} d",
                                           options.horizon_days));
  }
  GenerateOptions o = options;
  if (o.start_date == 0) o.start_date = util::DaysFromCivil(2026, 1, 1);
  return Generator(o).Run();
}

}  // namespace chaintwin::io
