#include "io/network_builder.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/heap.hpp"

namespace chaintwin::io {
namespace {

bool IsCountryCode(std::string_view s) {
  return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

// Room for `n` elements, the memory marked for huge pages before it is first written (the
// sites and lanes of a large network: tens of MiB each).
template <typename Vector>
void ReserveLarge(Vector& v, size_t n) {
  v.reserve(n);
  AdviseHugePages(v.data(), v.capacity() * sizeof(typename Vector::value_type));
}

}  // namespace

void DeclaredKeys::Reserve(size_t n) {
  keys_.reserve(n);
  where_.reserve(n);
  index_.Reserve(n);
}

uint32_t DeclaredKeys::Declare(std::string_view key, const Where& where) {
  const auto index = static_cast<uint32_t>(keys_.size());
  keys_.emplace_back(key);
  uint32_t first = index_.Insert(index, keys_);
  if (first != index) {
    keys_.pop_back();
    return first;
  }
  where_.push_back(where);
  return kAbsent;
}

std::vector<std::string_view> DeclaredKeys::SortedKeys() const {
  std::vector<std::string_view> keys(keys_.begin(), keys_.end());
  std::sort(keys.begin(), keys.end());
  return keys;
}

bool NetworkBuilder::Unique(DeclaredKeys& seen, const std::string& key, const Where& where,
                            std::string_view what) {
  uint32_t first_index = seen.Declare(key, where);
  if (first_index == DeclaredKeys::kAbsent) return true;
  Where first_where = seen.where(first_index);
  const DocNode& first = NodeOf(first_where);
  const DocNode& at = NodeOf(where);
  std::string place = first.file_name() == at.file_name()
                          ? fmt::format("line {}", first.line)
                          : fmt::format("{}:{}", first.file_name(), first.line);
  reader_.Error(at, PathOf(where),
                fmt::format("duplicate {} id `{}` (first defined at {})", what, key, place));
  return false;
}

Ref NetworkBuilder::RefOf(const DocNode& map, std::string_view key, const std::string& path,
                          bool required) {
  Ref ref;
  ref.parent = &path;
  ref.member = key;
  if (const DocNode* node = reader_.KeyNode(map, key, path, required)) {
    ref.key = node->text;
    ref.node = node;
  }
  return ref;
}

const DocNode& NetworkBuilder::NodeOf(const Where& where) {
  if (where.table == nullptr) return *where.node;
  DocNode& node = materialized_.emplace_back();
  where.table->csv.FillRow(where.row, node);
  return node;
}

std::string NetworkBuilder::PathOf(const Where& where) const {
  if (where.table == nullptr) return where.path;
  std::string path = fmt::format("{}[row {}]", where.table->name, where.row + 1);
  return where.field.empty() ? path : Member(path, where.field);
}

size_t NetworkBuilder::MaterialIndex(std::string_view id) const {
  for (size_t m = 0; m < net_.materials.size(); ++m) {
    if (net_.materials[m].id == id) return m;
  }
  return std::string_view::npos;
}

bool NetworkBuilder::MayRecordFigure(const DocNode& map, const Provenance& inherited,
                                     std::initializer_list<std::string_view> keys) {
  if (inherited.any()) return true;
  // Most elements (every CSV row) hold no map at all: then no key needs looking up.
  bool any_map = false;
  for (const DocEntry& entry : map.entries) any_map = any_map || entry.value.is_map();
  if (!any_map) return false;
  for (std::string_view key : keys) {
    const DocNode* value = map.Find(key);
    if (value != nullptr && value->is_map()) return true;
  }
  return false;
}

Provenance NetworkBuilder::ProcessProvenance(size_t site_index, size_t process_index) const {
  auto it = process_provenance_.find(uint64_t{site_index} << 32 | process_index);
  return it == process_provenance_.end() ? Provenance{} : it->second;
}

const model::Material* NetworkBuilder::MaterialRef(const Ref& ref) {
  if (ref.node == nullptr) return nullptr;
  for (const model::Material& m : net_.materials) {
    if (m.id == ref.key) return &m;
  }
  if (invalid_materials_.count(ref.key) != 0) return nullptr;
  std::string hint = ClosestMatch(ref.key, material_at_.SortedKeys());
  reader_.Error(*ref.node, ref.Path(),
                fmt::format("unknown material `{}`: not in `materials`{}", ref.key,
                            hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
  return nullptr;
}

model::Site* NetworkBuilder::SiteRef(const Ref& ref, uint32_t* near) {
  if (ref.node == nullptr) return nullptr;
  uint32_t index = site_at_.Find(ref.key, near);
  if (index != DeclaredKeys::kAbsent) return &net_.sites[index];
  std::string hint = ClosestMatch(ref.key, site_at_.SortedKeys());
  reader_.Error(*ref.node, ref.Path(),
                fmt::format("unknown site `{}`: no site has this id{}", ref.key,
                            hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
  return nullptr;
}

bool NetworkBuilder::CountryRef(const Ref& ref) {
  if (ref.node == nullptr) return false;
  if (country_at_.Contains(ref.key)) return true;
  reader_.Error(*ref.node, ref.Path(),
                fmt::format("unknown country `{}`: not in `countries`", ref.key));
  return false;
}

bool NetworkBuilder::CountryOrGroupRef(const Ref& ref) {
  if (ref.node == nullptr) return false;
  if (country_at_.Contains(ref.key) || group_at_.Contains(ref.key)) return true;
  reader_.Error(*ref.node, ref.Path(),
                fmt::format("unknown country or group `{}`: neither in `countries` nor in `groups`",
                            ref.key));
  return false;
}

bool NetworkBuilder::ChokepointRef(const Ref& ref) {
  if (ref.node == nullptr) return false;
  if (chokepoint_at_.Contains(ref.key)) return true;
  std::string hint = ClosestMatch(ref.key, chokepoint_at_.SortedKeys());
  reader_.Error(*ref.node, ref.Path(),
                fmt::format("unknown chokepoint `{}`: not in `chokepoints`{}", ref.key,
                            hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
  return false;
}

std::string NetworkBuilder::CountryOf(const std::string& site_key) const {
  uint32_t index = site_at_.Find(site_key);
  return index == DeclaredKeys::kAbsent ? "" : net_.sites[index].country;
}

void NetworkBuilder::Build(const DocNode& root) {
  if (!reader_.ExpectMap(root, "", "a network document")) return;
  reader_.CheckFields(root, "", {"kind", "id", "name", "description", "sources", "facts",
                                 "materials", "countries", "groups", "chokepoints", "sites",
                                 "lanes", "contracts", "tables", "catena_x", "names"});
  if (auto kind = reader_.Text(root, "kind", "", true); kind && *kind != "network") {
    reader_.Error(*root.Find("kind"), "kind",
                  fmt::format("expected `kind: network`, found '{}'", *kind));
  }
  if (auto id = reader_.Key(root, "id", "", true)) net_.id = *id;
  if (auto name = reader_.Text(root, "name", "")) net_.name = *name;
  if (auto description = reader_.Text(root, "description", "")) net_.description = *description;

  auto each = [&](std::string_view section, std::string_view what, auto&& read) {
    const DocNode* list = reader_.Field(root, section, "", false, "");
    if (list == nullptr || !reader_.ExpectList(*list, std::string(section), what)) return;
    read(*list);
  };
  each("sources", "sources", [&](const DocNode& l) { ReadSources(l); });
  each("facts", "facts", [&](const DocNode& l) { ReadFacts(l); });
  each("materials", "materials", [&](const DocNode& l) { ReadMaterials(l); });
  each("countries", "countries", [&](const DocNode& l) { ReadCountries(l); });
  each("groups", "groups", [&](const DocNode& l) { ReadGroups(l); });
  ExpandGroups();
  each("chokepoints", "chokepoints", [&](const DocNode& l) { ReadChokepoints(l); });

  std::map<std::string, const LoadedTable*> tables;
  if (const DocNode* t = reader_.Field(root, "tables", "", false, "");
      t != nullptr && reader_.ExpectMap(*t, "tables", "a map of table name to CSV file")) {
    reader_.CheckFields(*t, "tables", {"sites", "processes", "inputs", "inventory", "demand",
                                       "stock_policy", "ramp_up", "inventory_policy",
                                       "capacity_pools", "lanes", "contracts", "names"});
    const std::vector<std::string_view> provenance = {"source", "estimate", "note"};
    auto load = [&](std::string_view name, std::vector<std::string_view> required,
                    std::vector<std::string_view> optional) {
      optional.insert(optional.end(), provenance.begin(), provenance.end());
      tables[std::string(name)] = LoadTable(*t, name, required, optional);
    };
    load("sites", {"id", "country"},
         {"name", "operator", "lat", "lon", "external", "stock_days", "demand_mode", "priority",
          "ttr", "description"});
    load("processes", {"site", "output", "capacity"}, {"id", "start", "lead_time", "pool"});
    load("inputs", {"site", "process", "material", "per_unit"}, {});
    load("inventory", {"site", "material", "quantity"}, {});
    load("demand", {"site", "material", "rate"}, {});
    load("stock_policy", {"site", "material", "days"}, {});
    load("ramp_up", {"site", "process", "after", "factor"}, {});
    load("capacity_pools", {"site", "pool", "capacity"}, {});
    load("inventory_policy", {"site", "material", "kind"},
         {"level", "reorder_point", "quantity", "order_cap"});
    load("lanes", {"from", "to", "material", "transit"},
         {"id", "mode", "distance", "chokepoints", "share", "alternate", "qualification",
          "capacity"});
    load("contracts", {"id", "buyer", "seller", "material", "volume"},
         {"max_volume", "start", "end", "priority", "kind", "audit_right"});
    load("names", {"kind", "id", "lang", "name"}, {"transliterated"});
  }
  auto rows = [&](std::string_view name) -> const LoadedTable* {
    auto it = tables.find(std::string(name));
    return it == tables.end() ? nullptr : it->second;
  };

  const LoadedTable* site_rows = rows("sites");
  const LoadedTable* lane_rows = rows("lanes");
  if (site_rows != nullptr) {
    size_t n = site_rows->csv.row_count();
    site_at_.Reserve(n);
    ReserveLarge(net_.sites, n);
    site_provenance_.reserve(n);
    demand_at_.reserve(n);
    policy_at_.reserve(n);
  }
  if (lane_rows != nullptr) {
    size_t n = lane_rows->csv.row_count();
    lane_at_.Reserve(n);
    ReserveLarge(net_.lanes, n);
    lane_where_.reserve(n);
    lane_ends_.reserve(n);
  }
  each("sites", "sites", [&](const DocNode& l) {
    // Room for them all at once, as for a sites table: growing by doubling faults in fresh
    // memory each time.
    const size_t n = l.items.size() + (site_rows != nullptr ? site_rows->csv.row_count() : 0);
    site_at_.Reserve(n);
    ReserveLarge(net_.sites, n);
    site_provenance_.reserve(n);
    demand_at_.reserve(n);
    policy_at_.reserve(n);
    for (size_t i = 0; i < l.items.size(); ++i) {
      std::string path = Index("sites", i);
      ReadSite(l.items[i], path, Where{&l.items[i], path});
    }
  });
  if (site_rows != nullptr) {
    // Site ids hash anywhere: fetch the index slot of each a few rows ahead, as for lanes.
    const CsvTable& csv = site_rows->csv;
    const auto id_column = static_cast<size_t>(csv.ColumnIndex("id"));
    EachRow(
        *site_rows,
        [&](const DocNode& row, const std::string& path, const Where& where) {
          ReadSite(row, path, where);
        },
        [&](size_t row) { site_at_.Prefetch(csv.CellText(row, id_column)); });
  }
  if (const LoadedTable* r = rows("processes")) ReadCsvProcesses(*r);
  if (const LoadedTable* r = rows("inputs")) ReadCsvInputs(*r);
  if (const LoadedTable* r = rows("inventory")) ReadCsvStock(*r, "inventory");
  if (const LoadedTable* r = rows("demand")) ReadCsvStock(*r, "demand");
  if (const LoadedTable* r = rows("stock_policy")) ReadCsvStockPolicy(*r);
  if (const LoadedTable* r = rows("ramp_up")) ReadCsvRampUp(*r);
  ReadCsvCapacityPools(rows("capacity_pools"));
  if (const LoadedTable* r = rows("inventory_policy")) ReadCsvPolicies(*r);
  each("lanes", "lanes", [&](const DocNode& l) {
    const size_t n = l.items.size() + (lane_rows != nullptr ? lane_rows->csv.row_count() : 0);
    lane_at_.Reserve(n);
    ReserveLarge(net_.lanes, n);
    lane_where_.reserve(n);
    lane_ends_.reserve(n);
    // The supplier's and the id's index slots fetched a few lanes ahead, as for a lanes table.
    constexpr size_t kAhead = 2;
    auto ahead = [&](size_t i) {
      if (i >= l.items.size() || !l.items[i].is_map()) return;
      const DocNode& lane = l.items[i];
      if (const DocNode* from = lane.Find("from"); from != nullptr) site_at_.Prefetch(from->text);
      if (const DocNode* id = lane.Find("id"); id != nullptr) lane_at_.Prefetch(id->text);
    };
    for (size_t i = 0; i < kAhead; ++i) ahead(i);
    for (size_t i = 0; i < l.items.size(); ++i) {
      ahead(i + kAhead);
      std::string path = Index("lanes", i);
      ReadLane(l.items[i], path, Where{&l.items[i], path});
    }
  });
  if (lane_rows != nullptr) {
    // Lanes name their suppliers in no order and their ids hash anywhere: the index slots of
    // both are fetched a few rows ahead, so that the lookups find them in cache.
    const CsvTable& csv = lane_rows->csv;
    const int id_column = csv.ColumnIndex("id");
    const auto from_column = static_cast<size_t>(csv.ColumnIndex("from"));
    EachRow(
        *lane_rows,
        [&](const DocNode& row, const std::string& path, const Where& where) {
          ReadLane(row, path, where);
        },
        [&](size_t row) {
          site_at_.Prefetch(csv.CellText(row, from_column));
          if (id_column >= 0) lane_at_.Prefetch(csv.CellText(row, static_cast<size_t>(id_column)));
        });
  }
  each("contracts", "contracts", [&](const DocNode& l) {
    for (size_t i = 0; i < l.items.size(); ++i) {
      std::string path = Index("contracts", i);
      ReadContract(l.items[i], path, Where{&l.items[i], path});
    }
  });
  if (const LoadedTable* r = rows("contracts")) {
    EachRow(*r, [&](const DocNode& row, const std::string& path, const Where& where) {
      ReadContract(row, path, where);
    });
  }
  each("names", "names", [&](const DocNode& l) {
    for (size_t i = 0; i < l.items.size(); ++i) ReadName(l.items[i], Index("names", i));
  });
  if (const LoadedTable* r = rows("names")) {
    EachRow(*r, [&](const DocNode& row, const std::string& path, const Where&) {
      ReadName(row, path);
    });
  }
  if (const DocNode* cx = reader_.Field(root, "catena_x", "", false, "");
      cx != nullptr && reader_.ExpectMap(*cx, "catena_x", "a map with organizations, sites, materials")) {
    ReadCatenaX(*cx);
  }
  CheckShares();
  CheckFlows();
}

void NetworkBuilder::ReadSources(const DocNode& list) {
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("sources", i);
    if (!reader_.ExpectMap(node, path, "a source")) continue;
    reader_.CheckFields(node, path, {"id", "title", "publisher", "year", "url", "note"});
    model::Source s;
    auto id = reader_.Key(node, "id", path, true);
    if (!id || !Unique(source_at_, *id, Where{&node, path}, "source")) continue;
    s.id = *id;
    s.title = reader_.Text(node, "title", path).value_or("");
    s.publisher = reader_.Text(node, "publisher", path).value_or("");
    s.year = static_cast<int>(reader_.Integer(node, "year", path, 0, 9999).value_or(0));
    s.url = reader_.Text(node, "url", path).value_or("");
    s.note = reader_.Text(node, "note", path).value_or("");
    net_.sources.push_back(std::move(s));
  }
}

void NetworkBuilder::ReadFacts(const DocNode& list) {
  DeclaredKeys seen;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("facts", i);
    if (!reader_.ExpectMap(node, path, "a fact")) continue;
    reader_.CheckFields(node, path, {"id", "text", "source", "estimate", "note"});
    auto id = reader_.Key(node, "id", path, true);
    auto text = reader_.Text(node, "text", path, true);
    Provenance p = reader_.ReadProvenance(node, path, {});
    if (!id || !text || !Unique(seen, *id, Where{&node, path}, "fact")) continue;
    net_.facts.push_back(model::Network::Fact{*id, *text, p.source, p.estimate, p.note});
  }
}

void NetworkBuilder::ReadMaterials(const DocNode& list) {
  static const std::vector<std::string_view> kStages = {
      "mining", "refining", "component", "cell", "pack", "end_use", "end_of_life"};
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("materials", i);
    if (!reader_.ExpectMap(node, path, "a material")) continue;
    reader_.CheckFields(node, path,
                        {"id", "name", "unit", "stage", "energy", "source", "estimate", "note"});
    model::Material m;
    auto id = reader_.Key(node, "id", path, true);
    m.name = reader_.Text(node, "name", path).value_or("");
    Provenance p = reader_.ReadProvenance(node, path, {});
    bool ok = id.has_value();
    if (auto unit = reader_.Text(node, "unit", path, true)) {
      auto parsed = model::ParseUnit(*unit);
      if (!parsed || parsed.value().dimension == model::Dimension::kFraction ||
          parsed.value().dimension == model::Dimension::kTime ||
          parsed.value().dimension == model::Dimension::kDistance) {
        reader_.Error(*node.Find("unit"), Member(path, "unit"),
                      fmt::format("expected the unit a material is counted in (t, GWh, m2, m3 "
                                  "or unit), found '{}'",
                                  *unit));
        ok = false;
      } else {
        m.unit = *unit;
        m.dimension = parsed.value().dimension;
      }
    } else {
      ok = false;
    }
    if (auto stage = reader_.Text(node, "stage", path, true)) {
      auto it = std::find(kStages.begin(), kStages.end(), *stage);
      if (it == kStages.end()) {
        reader_.NotOneOf(*node.Find("stage"), Member(path, "stage"), "stage", *stage, kStages);
      } else {
        m.stage = static_cast<model::Stage>(it - kStages.begin());
      }
    }
    if (ok) {
      FigureContext fig{fmt::format("materials[{}].energy", *id), "", *id, "", p};
      auto energy = reader_.Quantity(node, "energy", path,
                                     Ratio(model::Dimension::kEnergy, m.dimension), false, &fig);
      if (m.dimension == model::Dimension::kEnergy) {
        m.gwh_per_unit = 1.0;
      } else if (energy) {
        m.gwh_per_unit = *energy;
      }
    }
    if (!id || !Unique(material_at_, *id, Where{&node, path}, "material")) continue;
    if (!ok) {
      invalid_materials_.insert(*id);
      continue;
    }
    m.id = *id;
    net_.materials.push_back(std::move(m));
  }
}

void NetworkBuilder::ReadCountries(const DocNode& list) {
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("countries", i);
    if (!reader_.ExpectMap(node, path, "a country")) continue;
    reader_.CheckFields(node, path, {"code", "name", "source", "estimate", "note"});
    auto code = reader_.Text(node, "code", path, true);
    std::string name = reader_.Text(node, "name", path).value_or("");
    reader_.ReadProvenance(node, path, {});
    if (!code) continue;
    if (!IsCountryCode(*code)) {
      reader_.Error(*node.Find("code"), Member(path, "code"),
                    fmt::format("expected an ISO 3166-1 alpha-2 code of two upper-case letters "
                                "such as `CN`, found '{}'",
                                *code));
      continue;
    }
    if (!Unique(country_at_, *code, Where{&node, path}, "country")) continue;
    net_.countries.push_back(model::Country{*code, name});
  }
}

void NetworkBuilder::ReadGroups(const DocNode& list) {
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("groups", i);
    if (!reader_.ExpectMap(node, path, "a group")) continue;
    reader_.CheckFields(node, path,
                        {"id", "name", "description", "members", "region", "source", "estimate",
                         "note"});
    model::Group g;
    auto id = reader_.Key(node, "id", path, true);
    g.region = reader_.Bool(node, "region", path).value_or(false);
    g.name = reader_.Text(node, "name", path).value_or("");
    g.description = reader_.Text(node, "description", path).value_or("");
    reader_.ReadProvenance(node, path, {});
    reader_.Field(node, "members", path, true, "a list of country codes or group ids");
    std::vector<Ref> members = reader_.KeyList(node, "members", path);
    for (Ref& member : members) member.OwnPath();  // kept past `path`
    if (!id || !Unique(group_at_, *id, Where{&node, path}, "group")) continue;
    if (country_at_.Contains(*id)) {
      reader_.Error(node, Member(path, "id"),
                    fmt::format("group id `{}` is also a country code", *id));
    }
    g.id = *id;
    group_members_[g.id] = std::move(members);
    net_.groups.push_back(std::move(g));
  }
}

void NetworkBuilder::ExpandGroups() {
  std::set<std::string> in_reported_cycle;
  for (model::Group& group : net_.groups) {
    std::set<std::string> countries;
    std::vector<std::string> stack;
    std::function<void(const std::string&)> visit = [&](const std::string& id) {
      stack.push_back(id);
      for (const Ref& member : group_members_[id]) {
        if (country_at_.Contains(member.key)) {
          countries.insert(member.key);
        } else if (group_at_.Contains(member.key)) {
          auto on_stack = std::find(stack.begin(), stack.end(), member.key);
          if (on_stack != stack.end()) {
            if (member.key == group.id && in_reported_cycle.count(group.id) == 0) {
              in_reported_cycle.insert(stack.begin(), stack.end());
              reader_.Error(*member.node, member.Path(),
                            fmt::format("group cycle: {} -> {}", fmt::join(stack, " -> "),
                                        member.key));
            }
            continue;
          }
          visit(member.key);
        } else if (id == group.id) {
          reader_.Error(*member.node, member.Path(),
                        fmt::format("unknown group member `{}`: neither a declared country nor "
                                    "a group",
                                    member.key));
        }
      }
      stack.pop_back();
    };
    visit(group.id);
    group.members.assign(countries.begin(), countries.end());
  }
  // Regions partition the countries they hold: totals by region add up.
  std::map<std::string, std::string> region_of;
  for (const model::Group& group : net_.groups) {
    if (!group.region) continue;
    uint32_t at = group_at_.Find(group.id);
    if (at == DeclaredKeys::kAbsent) continue;
    const Where& where = group_at_.where(at);
    for (const std::string& country : group.members) {
      auto [it, fresh] = region_of.emplace(country, group.id);
      if (!fresh && where.node != nullptr) {
        reader_.Error(*where.node, Member(where.path, "region"),
                      fmt::format("country `{}` is in regions `{}` and `{}`; a country belongs "
                                  "to at most one region",
                                  country, it->second, group.id));
      }
    }
  }
}

// A chokepoint's `capacity`: a rate of any material dimension (`20 kt/d`, `5 GWh/d`); it
// counts the lanes that carry materials of that dimension (model/capacity.hpp).
void NetworkBuilder::ReadThroughput(const DocNode& node, const std::string& path,
                                    model::Chokepoint& chokepoint) {
  const DocNode* field = node.Find("capacity");
  if (field == nullptr) return;
  // The dimension is read off the text; QuantityValue then checks it like any quantity (a map
  // {value, source} or a bad number reports there).
  const DocNode* value = field->is_map() ? field->Find("value") : field;
  model::Dimension dimension = model::Dimension::kMass;
  if (value != nullptr && value->is_scalar()) {
    if (auto q = model::ParseQuantity(value->text); q.has_value()) {
      bool rate_of_material = q.value().denominator == model::Dimension::kTime &&
                              q.value().numerator != model::Dimension::kTime &&
                              q.value().numerator != model::Dimension::kFraction &&
                              q.value().numerator != model::Dimension::kDistance;
      if (rate_of_material) dimension = q.value().numerator;
    }
  }
  chokepoint.capacity_dimension = dimension;
  chokepoint.capacity_per_day =
      reader_.Quantity(node, "capacity", path, Rate(dimension), false);
}

void NetworkBuilder::ReadChokepoints(const DocNode& list) {
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("chokepoints", i);
    if (!reader_.ExpectMap(node, path, "a chokepoint")) continue;
    reader_.CheckFields(node, path,
                        {"id", "name", "description", "lat", "lon", "capacity", "source",
                         "estimate", "note"});
    model::Chokepoint c;
    auto id = reader_.Key(node, "id", path, true);
    c.name = reader_.Text(node, "name", path).value_or("");
    reader_.Text(node, "description", path);
    c.lat = reader_.Number(node, "lat", path, -90, 90);
    c.lon = reader_.Number(node, "lon", path, -180, 180);
    ReadThroughput(node, path, c);
    reader_.ReadProvenance(node, path, {});
    if (!id || !Unique(chokepoint_at_, *id, Where{&node, path}, "chokepoint")) continue;
    c.id = *id;
    net_.chokepoints.push_back(std::move(c));
  }
}

}  // namespace chaintwin::io
