// Sites and what they hold: processes with recipes and ramp-up, inventory, stock policy and
// demand, from YAML maps or from CSV rows (which name their site).
#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "io/network_builder.hpp"

namespace chaintwin::io {
namespace {

// A reference to the material a map's key names; its path (`path`.key) is made only when a
// problem is reported, so `path` must outlive the Ref.
Ref MaterialKeyRef(const DocEntry& entry, const std::string& path) {
  Ref ref;
  ref.key = entry.key;
  ref.node = &entry.value;
  ref.parent = &path;
  ref.member = entry.key;
  return ref;
}

// Whether a quantity at `entry` may give a FigureRecord: only one with, or inheriting, a
// source, estimate or note does (Reader::Quantity), and only a map value has its own.
bool MayBeFigure(const DocEntry& entry, const Provenance& inherited) {
  return inherited.any() || entry.value.is_map();
}

model::Process* FindProcess(model::Site& site, const std::string& id) {
  for (model::Process& p : site.processes) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace

void NetworkBuilder::ReadSite(const DocNode& node, const std::string& path, const Where& where) {
  const bool from_csv = where.table != nullptr;
  if (!reader_.ExpectMap(node, path, "a site")) return;
  if (!from_csv) {
    reader_.CheckFields(node, path,
                        {"id", "name", "operator", "description", "country", "lat", "lon",
                         "external", "processes", "capacity_pools", "inventory", "stock_policy",
                         "demand", "demand_mode", "priority", "ttr", "inventory_policy", "source",
                         "estimate", "note"});
  }
  model::Site site;
  auto id = reader_.Key(node, "id", path, true);
  site.id = id.value_or("");
  site.name = reader_.Text(node, "name", path).value_or("");
  site.operator_name = reader_.Text(node, "operator", path).value_or("");
  site.description = reader_.Text(node, "description", path).value_or("");
  Provenance provenance = reader_.ReadProvenance(node, path, {});
  Ref country = RefOf(node, "country", path, true);
  if (CountryRef(country)) site.country = country.key;
  site.lat = reader_.Number(node, "lat", path, -90, 90);
  site.lon = reader_.Number(node, "lon", path, -180, 180);
  site.external = reader_.Bool(node, "external", path).value_or(false);
  if (auto mode = reader_.Text(node, "demand_mode", path)) {
    if (*mode == "backlog") {
      site.demand_mode = model::DemandMode::kBacklog;
    } else if (*mode != "lost_sales") {
      reader_.NotOneOf(*node.Find("demand_mode"), Member(path, "demand_mode"), "demand mode",
                       *mode, {"lost_sales", "backlog"});
    }
  }
  site.priority_weight = reader_.Number(node, "priority", path, 0, 1e6).value_or(1.0);
  // A figure is recorded only when it has or inherits a source, estimate or note.
  std::optional<FigureContext> fig;
  if (MayRecordFigure(node, provenance, {"ttr", "stock_days"})) {
    fig.emplace(FigureContext{fmt::format("sites[{}].ttr", site.id), site.id, "", site.country,
                              provenance});
  }
  site.ttr_days = reader_.Quantity(node, "ttr", path, Time(), false, fig ? &*fig : nullptr);
  if (from_csv) {
    // As the YAML form records it.
    if (fig) fig->path = fmt::format("sites[{}].stock_policy.default", site.id);
    site.stock_days_default =
        reader_.Quantity(node, "stock_days", path, Time(), false, fig ? &*fig : nullptr)
            .value_or(0.0);
  }
  // A site declared is a site pushed to net_.sites below: its declaration index is its index.
  if (!id || !Unique(site_at_, *id, where, "site")) id.reset();
  const size_t site_index = id ? net_.sites.size() : std::string_view::npos;
  // Processes and stock need the site's external flag and key, not its place in the list.
  if (const DocNode* list = reader_.Field(node, "processes", path, false, "");
      list != nullptr && reader_.ExpectList(*list, Member(path, "processes"), "processes")) {
    for (size_t i = 0; i < list->items.size(); ++i) {
      ReadProcess(site, site_index, list->items[i], Index(Member(path, "processes"), i),
                  provenance, false);
    }
  }
  ReadCapacityPools(site, node, path);
  std::vector<Where> demand_at;
  for (std::string_view what : {"inventory", "stock_policy", "demand"}) {
    const DocNode* map = reader_.Field(node, what, path, false, "");
    if (map == nullptr) continue;
    std::string map_path = Member(path, what);
    if (!reader_.ExpectMap(*map, map_path, "a map of material to quantity")) continue;
    ReadStockMap(site, *map, map_path, provenance, what);
    if (what == "demand") {
      for (const model::Demand& d : site.demand) {
        demand_at.push_back(Where{map->Find(d.material), Member(map_path, d.material)});
      }
    }
  }
  std::vector<Where> policy_at;
  if (const DocNode* map = reader_.Field(node, "inventory_policy", path, false, "");
      map != nullptr && reader_.ExpectMap(*map, Member(path, "inventory_policy"),
                                          "a map of material to policy")) {
    std::string map_path = Member(path, "inventory_policy");
    for (const DocEntry& entry : map->entries) {
      if (MaterialRef(MaterialKeyRef(entry, map_path)) == nullptr) continue;
      std::string entry_path = Member(map_path, entry.key);
      if (!reader_.ExpectMap(entry.value, entry_path, "a policy {kind: base_stock, level: ...}")) {
        continue;
      }
      size_t before = site.inventory_policy.size();
      ReadPolicy(site, site_index, entry.key, entry.value, entry_path,
                 Where{&entry.value, entry_path});
      if (site.inventory_policy.size() > before) {
        policy_at.push_back(Where{&entry.value, entry_path});
      }
    }
  }
  if (!id) return;
  demand_at_.push_back(std::move(demand_at));
  policy_at_.push_back(std::move(policy_at));
  site_provenance_.push_back(std::move(provenance));
  net_.sites.push_back(std::move(site));
}

// capacity_pools: {POOL: CAPACITY}. Every process's `pool` names one of the site's pools, and a
// pool's processes make materials of one dimension: its capacity is a rate of it.
void NetworkBuilder::ReadCapacityPools(model::Site& site, const DocNode& node,
                                       const std::string& path) {
  const DocNode* map = reader_.Field(node, "capacity_pools", path, false, "");
  const std::string map_path = Member(path, "capacity_pools");
  if (map != nullptr && reader_.ExpectMap(*map, map_path, "a map of pool id to capacity")) {
    for (const DocEntry& entry : map->entries) {
      size_t material = PoolMaterial(site, entry.key, entry.value, Member(map_path, entry.key));
      if (material == std::string_view::npos) continue;
      auto capacity =
          reader_.Quantity(*map, entry.key, map_path, Rate(net_.materials[material].dimension), true);
      if (capacity) site.capacity_pools.push_back(model::CapacityPool{std::string(entry.key), *capacity});
    }
  }
  const DocNode* list = reader_.Field(node, "processes", path, false, "");
  for (size_t i = 0; i < site.processes.size(); ++i) {
    const std::string& pool = site.processes[i].capacity_pool;
    if (pool.empty() || (map != nullptr && map->Find(pool) != nullptr)) continue;
    const DocNode* at = list != nullptr && list->is_list() && i < list->items.size()
                            ? list->items[i].Find("pool")
                            : nullptr;
    reader_.Error(at != nullptr ? *at : node,
                  Member(Index(Member(path, "processes"), i), "pool"),
                  fmt::format("unknown capacity pool `{}` in site `{}` (declare it under "
                              "`capacity_pools`)",
                              pool, site.id));
  }
}

size_t NetworkBuilder::PoolMaterial(const model::Site& site, std::string_view pool,
                                   const DocNode& at, const std::string& path) {
  size_t material = std::string_view::npos;
  for (const model::Process& p : site.processes) {
    if (p.capacity_pool != pool) continue;
    size_t m = MaterialIndex(p.output);
    if (m == std::string_view::npos) continue;
    if (material == std::string_view::npos) {
      material = m;
    } else if (net_.materials[m].dimension != net_.materials[material].dimension) {
      reader_.Error(at, path,
                    fmt::format("pool `{}` is shared by processes making `{}` and `{}`, "
                                "measured differently: a pool's products share one unit",
                                pool, net_.materials[material].id, p.output));
      return std::string_view::npos;
    }
  }
  if (material == std::string_view::npos) {
    bool used = std::any_of(site.processes.begin(), site.processes.end(),
                            [&](const model::Process& p) { return p.capacity_pool == pool; });
    if (!used) {
      reader_.Error(at, path,
                    fmt::format("no process of site `{}` uses pool `{}` (set `pool: {}` on "
                                "the processes that share it)",
                                site.id, pool, pool));
    }
  }
  return material;
}

void NetworkBuilder::ReadCsvCapacityPools(const LoadedTable* rows) {
  // Pools given in a row, valid or not: a process naming one is not reported again.
  std::set<std::pair<size_t, std::string>> declared;
  if (rows != nullptr) {
    uint32_t near = DeclaredKeys::kAbsent;
    EachRow(*rows, [&](const DocNode& row, const std::string& path, const Where&) {
      model::Site* site = SiteRef(RefOf(row, "site", path, true), &near);
      auto pool = reader_.Key(row, "pool", path, true);
      if (site == nullptr || !pool) return;
      declared.emplace(static_cast<size_t>(site - net_.sites.data()), *pool);
      const DocNode& pool_at = *row.Find("pool");
      for (const model::CapacityPool& p : site->capacity_pools) {
        if (p.id == *pool) {
          reader_.Error(pool_at, Member(path, "pool"),
                        fmt::format("site `{}` already has capacity pool `{}`", site->id, *pool));
          return;
        }
      }
      size_t material = PoolMaterial(*site, *pool, pool_at, Member(path, "pool"));
      if (material == std::string_view::npos) return;
      auto capacity =
          reader_.Quantity(row, "capacity", path, Rate(net_.materials[material].dimension), true);
      if (capacity) site->capacity_pools.push_back(model::CapacityPool{*pool, *capacity});
    });
  }
  for (const PoolUse& use : csv_pool_uses_) {
    const model::Site& site = net_.sites[use.site];
    const std::string& pool = site.processes[use.process].capacity_pool;
    if (std::any_of(site.capacity_pools.begin(), site.capacity_pools.end(),
                    [&](const model::CapacityPool& p) { return p.id == pool; }) ||
        declared.count({use.site, pool}) != 0) {
      continue;
    }
    const DocNode& row = NodeOf(use.where);
    reader_.Error(*row.Find("pool"), Member(PathOf(use.where), "pool"),
                  fmt::format("unknown capacity pool `{}` in site `{}` (declare it in the "
                              "`capacity_pools` table)",
                              pool, site.id));
  }
}

void NetworkBuilder::ReadProcess(model::Site& site, size_t site_index, const DocNode& node,
                                 const std::string& path, const Provenance& inherited,
                                 bool from_csv) {
  if (!reader_.ExpectMap(node, path, "a process")) return;
  if (!from_csv) {
    reader_.CheckFields(node, path, {"id", "output", "capacity", "pool", "inputs", "start",
                                     "ramp_up", "lead_time", "source", "estimate", "note"});
  }
  Provenance provenance = reader_.ReadProvenance(node, path, inherited);
  model::Process process;
  Ref output_ref = RefOf(node, "output", path, true);
  const model::Material* output = MaterialRef(output_ref);
  process.output = output_ref.key;
  if (auto id = reader_.Key(node, "id", path)) {
    process.id = std::move(*id);
  } else {
    process.id = output_ref.key;
  }
  size_t index = site.processes.size();
  if (output != nullptr) {
    std::optional<FigureContext> fig;
    if (MayRecordFigure(node, provenance, {"capacity"})) {
      fig.emplace(FigureContext{fmt::format("sites[{}].processes[{}].capacity", site.id, index),
                                site.id, process.output, site.country, provenance});
    }
    auto capacity = reader_.Quantity(node, "capacity", path, Rate(output->dimension),
                                     !site.external, fig ? &*fig : nullptr);
    process.capacity_per_day =
        capacity.value_or(site.external ? std::numeric_limits<double>::infinity() : 0.0);
  }
  process.capacity_pool = reader_.Key(node, "pool", path).value_or("");
  process.start = reader_.Date(node, "start", path);
  if (auto lead = reader_.Quantity(node, "lead_time", path, Time(), false)) {
    // Whole days, as transit times; 36500 d is the longest horizon.
    if (*lead > 36500.0) {
      reader_.Error(*node.Find("lead_time"), Member(path, "lead_time"),
                    fmt::format("a lead time of {} d is longer than any horizon (36500 d)", *lead));
    } else {
      process.lead_days = static_cast<int32_t>(std::lround(*lead));
    }
  }
  if (const DocNode* ramp = reader_.Field(node, "ramp_up", path, false, "");
      ramp != nullptr &&
      reader_.ExpectList(*ramp, Member(path, "ramp_up"), "points {after: <time>, factor: <fraction>}")) {
    for (size_t i = 0; i < ramp->items.size(); ++i) {
      const DocNode& point = ramp->items[i];
      std::string point_path = Index(Member(path, "ramp_up"), i);
      if (!reader_.ExpectMap(point, point_path, "a ramp-up point {after: <time>, factor: <fraction>}")) continue;
      reader_.CheckFields(point, point_path, {"after", "factor"});
      auto after = reader_.Quantity(point, "after", point_path, Time(), true);
      auto factor = reader_.Quantity(point, "factor", point_path, Fraction(), true);
      if (!after || !factor) continue;
      auto day = static_cast<int32_t>(std::lround(*after));
      if (!process.ramp_up.empty() && day <= process.ramp_up.back().day) {
        reader_.Error(point, point_path,
                      fmt::format("ramp-up points must be in increasing order of `after`, found "
                                  "{} d after {} d",
                                  day, process.ramp_up.back().day));
        continue;
      }
      process.ramp_up.push_back(model::RampPoint{day, *factor});
    }
  }
  if (FindProcess(site, process.id) != nullptr) {
    reader_.Error(node, path,
                  fmt::format("duplicate process id `{}` in site `{}`", process.id, site.id));
    return;
  }
  if (site_index != std::string_view::npos && provenance.any()) {
    process_provenance_[uint64_t{site_index} << 32 | index] = provenance;
  }
  site.processes.push_back(std::move(process));
  if (!from_csv) {
    if (const DocNode* inputs = reader_.Field(node, "inputs", path, false, "");
        inputs != nullptr &&
        reader_.ExpectMap(*inputs, Member(path, "inputs"), "a map of material to ratio")) {
      ReadInputs(site, site.processes.back(), index, *inputs, Member(path, "inputs"), provenance);
    }
  }
}

void NetworkBuilder::ReadInputs(model::Site& site, model::Process& process, size_t process_index,
                                const DocNode& map, const std::string& path,
                                const Provenance& inherited) {
  const model::Material* output = nullptr;
  for (const model::Material& m : net_.materials) {
    if (m.id == process.output) output = &m;
  }
  for (const DocEntry& entry : map.entries) {
    const model::Material* input = MaterialRef(MaterialKeyRef(entry, path));
    if (input == nullptr || output == nullptr) continue;
    std::optional<FigureContext> fig;
    if (MayBeFigure(entry, inherited)) {
      fig.emplace(FigureContext{fmt::format("sites[{}].processes[{}].inputs.{}", site.id,
                                            process_index, entry.key),
                                site.id, std::string(entry.key), site.country, inherited});
    }
    auto ratio = reader_.Quantity(map, entry.key, path, Ratio(input->dimension, output->dimension),
                                  true, fig ? &*fig : nullptr);
    if (ratio) process.inputs.push_back(model::RecipeInput{std::string(entry.key), *ratio});
  }
}

void NetworkBuilder::ReadStockMap(model::Site& site, const DocNode& map, const std::string& path,
                                  const Provenance& inherited, std::string_view what) {
  for (const DocEntry& entry : map.entries) {
    std::optional<FigureContext> made;
    if (MayBeFigure(entry, inherited)) {
      made.emplace(FigureContext{fmt::format("sites[{}].{}.{}", site.id, what, entry.key),
                                 site.id, std::string(entry.key), site.country, inherited});
    }
    const FigureContext* fig = made ? &*made : nullptr;
    if (what == "stock_policy" && entry.key == "default") {
      if (made) made->material.clear();
      site.stock_days_default =
          reader_.Quantity(map, entry.key, path, Time(), true, fig).value_or(0.0);
      continue;
    }
    const model::Material* m = MaterialRef(MaterialKeyRef(entry, path));
    if (m == nullptr) continue;
    if (what == "inventory") {
      if (auto q = reader_.Quantity(map, entry.key, path, Amount(m->dimension), true, fig)) {
        site.inventory.push_back(model::Stock{std::string(entry.key), *q});
      }
    } else if (what == "demand") {
      if (auto q = reader_.Quantity(map, entry.key, path, Rate(m->dimension), true, fig)) {
        site.demand.push_back(model::Demand{std::string(entry.key), *q});
      }
    } else if (auto q = reader_.Quantity(map, entry.key, path, Time(), true, fig)) {
      site.stock_days.push_back(model::StockDays{std::string(entry.key), *q});
    }
  }
}

void NetworkBuilder::ReadCsvProcesses(const LoadedTable& rows) {
  uint32_t near = DeclaredKeys::kAbsent;
  EachRow(rows, [&](const DocNode& row, const std::string& path, const Where& where) {
    model::Site* site = SiteRef(RefOf(row, "site", path, true), &near);
    if (site == nullptr) return;
    size_t site_index = static_cast<size_t>(site - net_.sites.data());
    size_t before = site->processes.size();
    ReadProcess(*site, site_index, row, path, site_provenance_[site_index], true);
    if (site->processes.size() > before && !site->processes.back().capacity_pool.empty()) {
      csv_pool_uses_.push_back(PoolUse{site_index, before, where});
    }
  });
}

model::Process* NetworkBuilder::KnownProcess(model::Site& site, const Ref& ref) {
  model::Process* process = FindProcess(site, ref.key);
  if (process == nullptr) {
    reader_.Error(*ref.node, ref.Path(),
                  fmt::format("unknown process `{}` in site `{}`", ref.key, site.id));
  }
  return process;
}

void NetworkBuilder::ReadCsvInputs(const LoadedTable& rows) {
  uint32_t near = DeclaredKeys::kAbsent;
  EachRow(rows, [&](const DocNode& row, const std::string& path, const Where&) {
    model::Site* site = SiteRef(RefOf(row, "site", path, true), &near);
    Ref process_ref = RefOf(row, "process", path, true);
    Ref material_ref = RefOf(row, "material", path, true);
    const model::Material* input = MaterialRef(material_ref);
    if (site == nullptr || process_ref.node == nullptr) return;
    model::Process* process = KnownProcess(*site, process_ref);
    if (process == nullptr) return;
    size_t output_index = MaterialIndex(process->output);
    if (input == nullptr || output_index == std::string_view::npos) return;
    const model::Material* output = &net_.materials[output_index];
    size_t site_index = static_cast<size_t>(site - net_.sites.data());
    size_t index = static_cast<size_t>(process - site->processes.data());
    Provenance provenance =
        reader_.ReadProvenance(row, path, ProcessProvenance(site_index, index));
    std::optional<FigureContext> fig;
    if (MayRecordFigure(row, provenance, {"per_unit"})) {
      fig.emplace(FigureContext{
          fmt::format("sites[{}].processes[{}].inputs.{}", site->id, index, input->id),
          site->id, input->id, site->country, provenance});
    }
    if (auto ratio = reader_.Quantity(row, "per_unit", path,
                                      Ratio(input->dimension, output->dimension), true,
                                      fig ? &*fig : nullptr)) {
      process->inputs.push_back(model::RecipeInput{input->id, *ratio});
    }
  });
}

void NetworkBuilder::ReadCsvStock(const LoadedTable& rows, std::string_view what) {
  const bool is_demand = what == "demand";
  uint32_t near = DeclaredKeys::kAbsent;
  EachRow(rows, [&](const DocNode& row, const std::string& path, const Where& where) {
    model::Site* site = SiteRef(RefOf(row, "site", path, true), &near);
    const model::Material* m = MaterialRef(RefOf(row, "material", path, true));
    if (site == nullptr || m == nullptr) return;
    size_t site_index = static_cast<size_t>(site - net_.sites.data());
    Provenance provenance = reader_.ReadProvenance(row, path, site_provenance_[site_index]);
    std::string_view field = is_demand ? "rate" : "quantity";
    std::optional<FigureContext> fig;
    if (MayRecordFigure(row, provenance, {field})) {
      fig.emplace(FigureContext{fmt::format("sites[{}].{}.{}", site->id, what, m->id), site->id,
                                m->id, site->country, provenance});
    }
    auto q = reader_.Quantity(row, field, path,
                              is_demand ? Rate(m->dimension) : Amount(m->dimension), true,
                              fig ? &*fig : nullptr);
    if (!q) return;
    bool duplicate = false;
    if (is_demand) {
      for (const model::Demand& d : site->demand) duplicate = duplicate || d.material == m->id;
    } else {
      for (const model::Stock& s : site->inventory) duplicate = duplicate || s.material == m->id;
    }
    if (duplicate) {
      reader_.Error(row, path,
                    fmt::format("site `{}` already has {} of `{}`", site->id, what, m->id));
      return;
    }
    if (is_demand) {
      site->demand.push_back(model::Demand{m->id, *q});
      Where at = where;
      at.field = "rate";
      demand_at_[site_index].push_back(at);
    } else {
      site->inventory.push_back(model::Stock{m->id, *q});
    }
  });
}

void NetworkBuilder::ReadCsvStockPolicy(const LoadedTable& rows) {
  uint32_t near = DeclaredKeys::kAbsent;
  EachRow(rows, [&](const DocNode& row, const std::string& path, const Where&) {
    model::Site* site = SiteRef(RefOf(row, "site", path, true), &near);
    const model::Material* m = MaterialRef(RefOf(row, "material", path, true));
    if (site == nullptr || m == nullptr) return;
    size_t site_index = static_cast<size_t>(site - net_.sites.data());
    Provenance provenance = reader_.ReadProvenance(row, path, site_provenance_[site_index]);
    std::optional<FigureContext> fig;
    if (MayRecordFigure(row, provenance, {"days"})) {
      fig.emplace(FigureContext{fmt::format("sites[{}].stock_policy.{}", site->id, m->id),
                                site->id, m->id, site->country, provenance});
    }
    auto days = reader_.Quantity(row, "days", path, Time(), true, fig ? &*fig : nullptr);
    if (!days) return;
    for (const model::StockDays& d : site->stock_days) {
      if (d.material == m->id) {
        reader_.Error(row, path,
                      fmt::format("site `{}` already has a stock policy for `{}`", site->id, m->id));
        return;
      }
    }
    site->stock_days.push_back(model::StockDays{m->id, *days});
  });
}

void NetworkBuilder::ReadCsvRampUp(const LoadedTable& rows) {
  uint32_t near = DeclaredKeys::kAbsent;
  EachRow(rows, [&](const DocNode& row, const std::string& path, const Where&) {
    model::Site* site = SiteRef(RefOf(row, "site", path, true), &near);
    Ref process_ref = RefOf(row, "process", path, true);
    if (site == nullptr || process_ref.node == nullptr) return;
    model::Process* process = KnownProcess(*site, process_ref);
    if (process == nullptr) return;
    auto after = reader_.Quantity(row, "after", path, Time(), true);
    auto factor = reader_.Quantity(row, "factor", path, Fraction(), true);
    if (!after || !factor) return;
    auto day = static_cast<int32_t>(std::lround(*after));
    if (!process->ramp_up.empty() && day <= process->ramp_up.back().day) {
      reader_.Error(*row.Find("after"), Member(path, "after"),
                    fmt::format("ramp-up points of a process must be in increasing order of "
                                "`after`, found {} d after {} d",
                                day, process->ramp_up.back().day));
      return;
    }
    process->ramp_up.push_back(model::RampPoint{day, *factor});
  });
}

void NetworkBuilder::ReadPolicy(model::Site& site, size_t site_index, std::string_view material,
                                const DocNode& node, const std::string& path, const Where& where) {
  const bool from_csv = where.table != nullptr;
  if (!from_csv) {
    reader_.CheckFields(node, path,
                        {"kind", "level", "reorder_point", "quantity", "order_cap"});
  }
  const model::Material* m = &net_.materials[MaterialIndex(material)];
  model::InventoryPolicy policy;
  policy.material = material;
  auto kind = reader_.Text(node, "kind", path, true);
  if (!kind) return;
  // The fields each kind takes; any other given is an error, as for events.
  std::vector<std::string_view> takes;
  if (*kind == "base_stock") {
    policy.kind = model::PolicyKind::kBaseStock;
    takes = {"level"};
  } else if (*kind == "s_S") {
    policy.kind = model::PolicyKind::kMinMax;
    takes = {"reorder_point", "level"};
  } else if (*kind == "R_Q") {
    policy.kind = model::PolicyKind::kReorderQuantity;
    takes = {"reorder_point", "quantity"};
  } else if (*kind == "cover") {
    policy.kind = model::PolicyKind::kCover;
  } else {
    reader_.NotOneOf(*node.Find("kind"), Member(path, "kind"), "inventory policy kind", *kind,
                     {"base_stock", "s_S", "R_Q", "cover"});
    return;
  }
  const size_t errors = reader_.error_count();
  for (std::string_view field : {"level", "reorder_point", "quantity"}) {
    bool taken = std::find(takes.begin(), takes.end(), field) != takes.end();
    const DocNode* given = node.Find(field);
    if (given != nullptr && !taken && !(from_csv && given->text.empty())) {
      reader_.Error(*given, Member(path, std::string(field)),
                    fmt::format("a `{}` policy takes no `{}` (it takes: {})", *kind, field,
                                takes.empty() ? std::string("order_cap")
                                              : fmt::format("{}, order_cap",
                                                            fmt::join(takes, ", "))));
      continue;
    }
    if (!taken) continue;
    auto q = reader_.Quantity(node, field, path, Amount(m->dimension), true);
    if (!q) continue;
    if (field == "level") policy.level = *q;
    if (field == "reorder_point") policy.reorder_point = *q;
    if (field == "quantity") {
      if (*q <= 0.0) {
        reader_.Error(*node.Find(field), Member(path, "quantity"),
                      "the order quantity Q must be above 0");
        continue;
      }
      policy.quantity = *q;
    }
  }
  if (auto cap = reader_.Quantity(node, "order_cap", path, Rate(m->dimension), false)) {
    if (*cap <= 0.0) {
      reader_.Error(*node.Find("order_cap"), Member(path, "order_cap"),
                    "an order cap must be above 0 (leave it out for no cap)");
    } else {
      policy.order_cap_per_day = *cap;
    }
  }
  if (reader_.error_count() != errors) return;
  if (policy.kind == model::PolicyKind::kMinMax && policy.reorder_point > policy.level) {
    reader_.Error(*node.Find("reorder_point"), Member(path, "reorder_point"),
                  fmt::format("the reorder point s ({} {}) is above the order-up-to level S "
                              "({} {}): an (s, S) policy needs s <= S",
                              policy.reorder_point, model::CanonicalUnit(m->dimension),
                              policy.level, model::CanonicalUnit(m->dimension)));
    return;
  }
  for (const model::InventoryPolicy& other : site.inventory_policy) {
    if (other.material == material) {
      reader_.Error(node, path,
                    fmt::format("site `{}` already has an inventory policy for `{}`", site.id,
                                material));
      return;
    }
  }
  (void)site_index;
  site.inventory_policy.push_back(std::move(policy));
}

void NetworkBuilder::ReadCsvPolicies(const LoadedTable& rows) {
  uint32_t near = DeclaredKeys::kAbsent;
  EachRow(rows, [&](const DocNode& row, const std::string& path, const Where& where) {
    model::Site* site = SiteRef(RefOf(row, "site", path, true), &near);
    const model::Material* m = MaterialRef(RefOf(row, "material", path, true));
    if (site == nullptr || m == nullptr) return;
    auto site_index = static_cast<size_t>(site - net_.sites.data());
    size_t before = site->inventory_policy.size();
    ReadPolicy(*site, site_index, m->id, row, path, where);
    if (site->inventory_policy.size() > before) policy_at_[site_index].push_back(where);
  });
}

}  // namespace chaintwin::io
