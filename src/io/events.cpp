// Scenario events: kinds, targets checked against the network, start within the horizon,
// durations and severities that may be distributions.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "chaintwin/util/date.hpp"
#include "io/scenario_builder.hpp"

namespace chaintwin::io {
namespace {

using model::EventKind;

// In the order of model::EventKind.
const std::vector<std::string_view> kKinds = {"export_ban",      "site_outage",
                                              "lane_closure",    "demand_shock",
                                              "capacity_change", "stockpile_release",
                                              "lane_throughput"};

// Fields each kind accepts besides kind, id, description, start and duration.
std::vector<std::string_view> KindFields(EventKind kind) {
  switch (kind) {
    case EventKind::kExportBan: return {"origin", "materials", "destinations", "except"};
    case EventKind::kSiteOutage: return {"site", "sites", "country", "materials", "capacity_factor"};
    case EventKind::kLaneClosure: return {"lane", "lanes", "chokepoint", "chokepoints", "detour"};
    case EventKind::kDemandShock: return {"site", "sites", "country", "materials", "factor"};
    case EventKind::kCapacityChange:
      return {"site", "process", "capacity", "capacity_factor", "ramp_up"};
    case EventKind::kStockpileRelease: return {"site", "material", "quantity"};
    case EventKind::kLaneThroughput:
      return {"lane",         "lanes",  "chokepoint", "chokepoints", "origin",
              "destinations", "except", "materials",  "factor",      "quantity"};
  }
  return {};
}

class EventReader {
 public:
  explicit EventReader(ScenarioContext& context) : c_(context), r_(context.reader) {}

  void Read(const DocNode& node, const std::string& path, size_t index, model::Event& event);

 private:
  std::optional<model::Distribution> ReadDistribution(const DocNode& map, std::string_view key,
                                                      const std::string& path, Want want);
  // Checks each key against the network's keys of one kind and appends the known ones.
  void Targets(const DocNode& map, std::string_view key, const std::string& path,
               std::string_view what, std::vector<std::string>& out);
  // Whether the network has `key` as a `what`; collects every key of that kind in `all` when
  // given.
  bool Known(std::string_view what, const std::string& key, std::vector<std::string_view>* all);
  const model::Material* FindMaterial(const std::string& id) const;
  const model::Site* FindSite(const std::string& id) const;
  const model::Lane* FindLane(const std::string& id) const;
  void ReadThroughput(const DocNode& node, const std::string& path, model::Event& event);

  ScenarioContext& c_;
  Reader& r_;
};

const model::Material* EventReader::FindMaterial(const std::string& id) const {
  if (c_.network == nullptr) return nullptr;
  for (const model::Material& m : c_.network->materials) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

const model::Site* EventReader::FindSite(const std::string& id) const {
  if (c_.network == nullptr) return nullptr;
  for (const model::Site& s : c_.network->sites) {
    if (s.id == id) return &s;
  }
  return nullptr;
}

const model::Lane* EventReader::FindLane(const std::string& id) const {
  if (c_.network == nullptr) return nullptr;
  for (const model::Lane& l : c_.network->lanes) {
    if (l.id == id) return &l;
  }
  return nullptr;
}

// lane_throughput: the lanes (named, through chokepoints, or from an origin; `materials`
// narrows them) and either `factor` (a fraction 0-1 of each lane's baseline flow, possibly a
// distribution) or `quantity` (a rate per lane, in the dimension of the lanes' materials).
void EventReader::ReadThroughput(const DocNode& node, const std::string& path,
                                 model::Event& event) {
  const bool by_lane = node.Find("lane") != nullptr || node.Find("lanes") != nullptr ||
                       node.Find("chokepoint") != nullptr || node.Find("chokepoints") != nullptr;
  const bool by_origin = node.Find("origin") != nullptr;
  if (!by_lane && !by_origin) {
    r_.Error(node, path,
             "a lane_throughput event needs its lanes: expected `lane`, `lanes`, `chokepoint`, "
             "`chokepoints` or `origin` (a country or group whose exports are cut)");
  }
  for (std::string_view key : {"destinations", "except"}) {
    if (node.Find(key) != nullptr && !by_origin) {
      r_.Error(*node.Find(key), Member(path, key),
               fmt::format("`{}` selects lanes from an `origin`: expected `origin` too", key));
    }
  }
  Targets(node, "lane", path, "lane", event.lanes);
  Targets(node, "lanes", path, "lane", event.lanes);
  Targets(node, "chokepoint", path, "chokepoint", event.chokepoints);
  Targets(node, "chokepoints", path, "chokepoint", event.chokepoints);
  Targets(node, "origin", path, "country", event.origins);
  Targets(node, "destinations", path, "country", event.destinations);
  Targets(node, "except", path, "country", event.except);
  Targets(node, "materials", path, "material", event.materials);
  // A lane named while `materials` leaves its material out would be cut by nothing.
  for (const std::string& id : event.lanes) {
    const model::Lane* lane = FindLane(id);
    if (lane == nullptr || event.materials.empty() ||
        std::find(event.materials.begin(), event.materials.end(), lane->material) !=
            event.materials.end()) {
      continue;
    }
    r_.Error(*node.Find("materials"), Member(path, "materials"),
             fmt::format("lane `{}` carries `{}`, which `materials` leaves out: expected it "
                         "listed, or the lane not named",
                         id, lane->material));
  }

  const DocNode* factor = node.Find("factor");
  const DocNode* quantity = node.Find("quantity");
  if (factor != nullptr && quantity != nullptr) {
    r_.Error(*quantity, Member(path, "quantity"),
             "a lane_throughput event takes `factor` (a fraction of each lane's baseline flow) "
             "or `quantity` (a rate per lane), not both");
    return;
  }
  if (factor == nullptr && quantity == nullptr) {
    r_.Error(node, path,
             "a lane_throughput event needs `factor` (a fraction of each lane's baseline flow, "
             "such as 0.72) or `quantity` (a rate per lane, such as '100 t/d')");
    return;
  }
  if (factor != nullptr) {
    auto severity = ReadDistribution(node, "factor", path, Fraction());
    if (!severity) return;
    // The largest value it can take (a lognormal's median: its draws are capped at 1).
    const double most = severity->kind == model::Distribution::Kind::kFixed ? severity->a
                        : severity->kind == model::Distribution::Kind::kLognormal
                            ? severity->a
                            : severity->b;
    if (!(most <= 1.0)) {
      r_.Error(*factor, Member(path, "factor"),
               fmt::format("a throughput factor is a fraction of the lane's baseline flow, at "
                           "most 1, found {}: expected a value from 0 to 1 (0.72 keeps 72 %)",
                           factor->is_map() ? fmt::format("{}", most) : fmt::format("'{}'", factor->text)));
      return;
    }
    event.severity = *severity;
    return;
  }
  // `quantity`: a rate in the dimension of the materials the lanes carry, all of one.
  std::vector<std::string> materials = event.materials;
  if (materials.empty() && !by_origin && event.chokepoints.empty()) {
    for (const std::string& id : event.lanes) {
      if (const model::Lane* lane = FindLane(id)) materials.push_back(lane->material);
    }
  }
  if (materials.empty()) {
    if (c_.network != nullptr && (by_origin || !event.chokepoints.empty())) {
      r_.Error(*quantity, Member(path, "quantity"),
               "a `quantity` needs the lanes' materials to know its unit: expected `materials` "
               "with a chokepoint or an origin");
    }
    return;
  }
  std::optional<model::Dimension> dimension;
  for (const std::string& id : materials) {
    const model::Material* m = FindMaterial(id);
    if (m == nullptr) continue;
    if (dimension && *dimension != m->dimension) {
      r_.Error(*quantity, Member(path, "quantity"),
               fmt::format("the lanes carry materials of different dimensions (`{}` is not "
                           "like `{}`): one `quantity` cannot cap them all; expected one event "
                           "per kind of material",
                           id, materials.front()));
      return;
    }
    dimension = m->dimension;
  }
  if (dimension) event.capacity_per_day = r_.Quantity(node, "quantity", path, Rate(*dimension), true);
}

bool EventReader::Known(std::string_view what, const std::string& key,
                        std::vector<std::string_view>* all) {
  const model::Network& n = *c_.network;
  // Without `all` a search; with it, every key is collected for a "did you mean" hint.
  auto has = [&](const auto& list, auto field) {
    bool found = false;
    for (const auto& item : list) {
      found = found || item.*field == key;
      if (all != nullptr) {
        all->push_back(item.*field);
      } else if (found) {
        return true;
      }
    }
    return found;
  };
  if (what == "site") return has(n.sites, &model::Site::id);
  if (what == "lane") return has(n.lanes, &model::Lane::id);
  if (what == "chokepoint") return has(n.chokepoints, &model::Chokepoint::id);
  if (what == "material") return has(n.materials, &model::Material::id);
  bool country = has(n.countries, &model::Country::code);
  return has(n.groups, &model::Group::id) || country;
}

void EventReader::Targets(const DocNode& map, std::string_view key, const std::string& path,
                          std::string_view what, std::vector<std::string>& out) {
  for (const Ref& ref : r_.KeyList(map, key, path)) {
    if (c_.network != nullptr && !Known(what, ref.key, nullptr)) {
      std::vector<std::string_view> all;
      Known(what, ref.key, &all);
      std::string hint = ClosestMatch(ref.key, all);
      r_.Error(*ref.node, ref.Path(),
               fmt::format("unknown {} `{}`: the network `{}` has no such {}{}", what, ref.key,
                           c_.network->id, what == "country" ? "country or group" : what,
                           hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
      continue;
    }
    out.push_back(ref.key);
  }
}

std::optional<model::Distribution> EventReader::ReadDistribution(const DocNode& map,
                                                                 std::string_view key,
                                                                 const std::string& path,
                                                                 Want want) {
  const DocNode* node = r_.Field(map, key, path, false, "");
  if (node == nullptr) return std::nullopt;
  std::string field = Member(path, key);
  if (!node->is_map()) {
    auto value = r_.QuantityValue(*node, field, want);
    if (!value) return std::nullopt;
    return model::Distribution::Fixed(*value);
  }
  static const std::vector<std::string_view> kDistributions = {"uniform", "triangular",
                                                               "lognormal"};
  auto kind = r_.Text(*node, "distribution", field, true);
  if (!kind) return std::nullopt;
  model::Distribution d;
  if (*kind == "uniform" || *kind == "triangular") {
    bool triangular = *kind == "triangular";
    if (triangular) {
      r_.CheckFields(*node, field, {"distribution", "min", "mode", "max"});
    } else {
      r_.CheckFields(*node, field, {"distribution", "min", "max"});
    }
    auto min = r_.Quantity(*node, "min", field, want, true);
    auto max = r_.Quantity(*node, "max", field, want, true);
    auto mode = triangular ? r_.Quantity(*node, "mode", field, want, true) : min;
    if (!min || !max || !mode) return std::nullopt;
    if (*min > *max) {
      r_.Error(*node->Find("min"), Member(field, "min"),
               fmt::format("min '{}' is more than max '{}': expected min <= max",
                           node->Find("min")->text, node->Find("max")->text));
      return std::nullopt;
    }
    if (triangular && (*mode < *min || *mode > *max)) {
      r_.Error(*node->Find("mode"), Member(field, "mode"),
               fmt::format("mode '{}' is outside [min, max] = ['{}', '{}']",
                           node->Find("mode")->text, node->Find("min")->text,
                           node->Find("max")->text));
      return std::nullopt;
    }
    d.kind = triangular ? model::Distribution::Kind::kTriangular
                        : model::Distribution::Kind::kUniform;
    d.a = *min;
    d.b = *max;
    d.c = triangular ? *mode : 0.5 * (*min + *max);
  } else if (*kind == "lognormal") {
    r_.CheckFields(*node, field, {"distribution", "median", "sigma"});
    auto median = r_.Quantity(*node, "median", field, want, true);
    auto sigma = r_.Number(*node, "sigma", field, -1e300, 1e300, true);
    if (sigma && *sigma <= 0) {
      r_.Error(*node->Find("sigma"), Member(field, "sigma"),
               fmt::format("sigma must be more than 0, found {}", node->Find("sigma")->text));
      return std::nullopt;
    }
    if (sigma && *sigma > 10) {
      r_.Error(*node->Find("sigma"), Member(field, "sigma"),
               fmt::format("sigma must be at most 10, found {}", node->Find("sigma")->text));
      return std::nullopt;
    }
    if (!median || !sigma) return std::nullopt;
    d.kind = model::Distribution::Kind::kLognormal;
    d.a = *median;
    d.b = *sigma;
  } else {
    r_.NotOneOf(*node->Find("distribution"), Member(field, "distribution"), "distribution",
                *kind, kDistributions);
    return std::nullopt;
  }
  return d;
}

void EventReader::Read(const DocNode& node, const std::string& path, size_t index,
                       model::Event& event) {
  auto kind_text = r_.Text(node, "kind", path, true);
  if (!kind_text) return;
  auto it = std::find(kKinds.begin(), kKinds.end(), *kind_text);
  if (it == kKinds.end()) {
    r_.NotOneOf(*node.Find("kind"), Member(path, "kind"), "event kind", *kind_text, kKinds);
    return;
  }
  event.kind = static_cast<EventKind>(it - kKinds.begin());
  std::vector<std::string_view> fields = {"kind", "id", "description", "start", "duration"};
  for (std::string_view f : KindFields(event.kind)) fields.push_back(f);
  r_.CheckFields(node, path, fields);
  event.id = r_.Key(node, "id", path).value_or(fmt::format("{}_{}", *kind_text, index));
  event.description = r_.Text(node, "description", path).value_or("");
  auto start = r_.Date(node, "start", path, true);
  if (start && c_.start && c_.horizon_days > 0) {
    event.start_day = *start - *c_.start;
    if (event.start_day < 0 || event.start_day >= c_.horizon_days) {
      r_.Error(*node.Find("start"), Member(path, "start"),
               fmt::format("event starts on {}, outside the scenario's horizon from {} to {} "
                           "(the last day): expected a start within it",
                           node.Find("start")->text, util::FormatDate(*c_.start),
                           util::FormatDate(*c_.start + c_.horizon_days - 1)));
    }
  }
  auto duration = ReadDistribution(node, "duration", path, Time());
  if (duration && duration->IsFixed() && duration->a < 0.5) {
    r_.Error(*node.Find("duration"), Member(path, "duration"),
             "expected a duration of at least 1 d");
  }
  int32_t to_horizon = std::max(c_.horizon_days - event.start_day, 1);
  event.duration_days = duration.value_or(model::Distribution::Fixed(
      event.kind == EventKind::kStockpileRelease ? 1.0 : to_horizon));

  auto require_one = [&](std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys) {
      if (node.Find(k) != nullptr) return;
    }
    r_.Error(node, path,
             fmt::format("a {} event needs a target: expected one of `{}`", *kind_text,
                         fmt::join(keys, "`, `")));
  };
  switch (event.kind) {
    case EventKind::kExportBan:
      r_.Field(node, "origin", path, true, "a country or group (or a list of them)");
      Targets(node, "origin", path, "country", event.origins);
      Targets(node, "materials", path, "material", event.materials);
      Targets(node, "destinations", path, "country", event.destinations);
      Targets(node, "except", path, "country", event.except);
      break;
    case EventKind::kSiteOutage:
    case EventKind::kDemandShock: {
      require_one({"site", "sites", "country"});
      Targets(node, "site", path, "site", event.sites);
      Targets(node, "sites", path, "site", event.sites);
      Targets(node, "country", path, "country", event.countries);
      Targets(node, "materials", path, "material", event.materials);
      bool outage = event.kind == EventKind::kSiteOutage;
      if (!outage) r_.Field(node, "factor", path, true, "a factor such as 1.2");
      auto severity = ReadDistribution(node, outage ? "capacity_factor" : "factor", path, Fraction());
      event.severity = severity.value_or(model::Distribution::Fixed(outage ? 0.0 : 1.0));
      break;
    }
    case EventKind::kLaneClosure: {
      require_one({"lane", "lanes", "chokepoint", "chokepoints"});
      Targets(node, "lane", path, "lane", event.lanes);
      Targets(node, "lanes", path, "lane", event.lanes);
      Targets(node, "chokepoint", path, "chokepoint", event.chokepoints);
      Targets(node, "chokepoints", path, "chokepoint", event.chokepoints);
      if (auto detour = r_.Quantity(node, "detour", path, Time(), false)) {
        event.detour_days = std::round(*detour);
      }
      break;
    }
    case EventKind::kCapacityChange: {
      r_.Field(node, "site", path, true, "a site id");
      Targets(node, "site", path, "site", event.sites);
      event.process = r_.Key(node, "process", path).value_or("");
      const model::Site* site = event.sites.empty() ? nullptr : FindSite(event.sites.front());
      std::optional<model::Dimension> dimension;
      if (site != nullptr) {
        bool found = event.process.empty();
        for (const model::Process& p : site->processes) {
          if (!event.process.empty() && p.id != event.process) continue;
          found = true;
          if (const model::Material* m = FindMaterial(p.output)) dimension = m->dimension;
        }
        if (!found) {
          r_.Error(*node.Find("process"), Member(path, "process"),
                   fmt::format("unknown process `{}` in site `{}`", event.process, site->id));
        }
      }
      if (node.Find("capacity") == nullptr && node.Find("capacity_factor") == nullptr) {
        r_.Error(node, path,
                 "a capacity_change event needs `capacity` (a new rate such as '20 kt/yr') or "
                 "`capacity_factor`");
      }
      if (node.Find("capacity") != nullptr && dimension) {
        event.capacity_per_day = r_.Quantity(node, "capacity", path, Rate(*dimension), true);
      }
      auto factor = ReadDistribution(node, "capacity_factor", path, Fraction());
      event.severity = factor.value_or(model::Distribution::Fixed(1.0));
      event.ramp_days = r_.Quantity(node, "ramp_up", path, Time(), false).value_or(0.0);
      break;
    }
    case EventKind::kLaneThroughput:
      ReadThroughput(node, path, event);
      break;
    case EventKind::kStockpileRelease: {
      r_.Field(node, "site", path, true, "a site id");
      Targets(node, "site", path, "site", event.sites);
      if (r_.Key(node, "material", path, true)) {
        Targets(node, "material", path, "material", event.materials);
      }
      const model::Material* m = event.materials.empty() ? nullptr : FindMaterial(event.materials.front());
      if (m != nullptr) {
        event.quantity =
            r_.Quantity(node, "quantity", path, Amount(m->dimension), true).value_or(0.0);
      } else if (c_.network == nullptr) {
        r_.Field(node, "quantity", path, true, "an amount such as '5 kt'");
      }
      break;
    }
  }
}

}  // namespace

void ReadEvents(const DocNode& list, ScenarioContext& context, std::vector<model::Event>& events) {
  EventReader reader(context);
  std::set<std::string> ids;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("events", i);
    if (!context.reader.ExpectMap(node, path, "an event")) continue;
    model::Event event;
    size_t before = context.reader.error_count();
    reader.Read(node, path, i, event);
    if (!ids.insert(event.id).second) {
      context.reader.Error(node, path, fmt::format("duplicate event id `{}`", event.id));
    }
    if (context.reader.error_count() == before) events.push_back(std::move(event));
  }
}

}  // namespace chaintwin::io
