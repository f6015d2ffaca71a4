// WriteGenerated(): a network and scenario as files in the formats of docs/FORMATS.md. The small
// sections (materials, countries, groups, chokepoints) go to network.yaml, the large tables
// (sites and what they hold, lanes, contracts) to CSV (fast to load). Quantities are written in
// canonical units (t, GWh, d; rates per day) with fmt's shortest round-trip digits, so reading
// them back gives the same doubles.
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::io {
namespace {

using Buffer = fmt::memory_buffer;

std::string_view UnitOf(const model::Network& net, const std::string& material) {
  for (const model::Material& m : net.materials) {
    if (m.id == material) return model::CanonicalUnit(m.dimension);
  }
  return "t";
}

// Text that YAML reads as a plain string in flow and block context: quoted when it holds
// anything YAML might take for syntax.
std::string YamlText(const std::string& s) {
  bool plain = !s.empty();
  for (char c : s) {
    if (c == ':' || c == '#' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}' ||
        c == '"' || c == '\'' || c == '&' || c == '*' || c == '!' || c == '|' || c == '>' ||
        c == '%' || c == '@' || c == '`' || c == '\n') {
      plain = false;
    }
  }
  if (plain && s.front() != '-' && s.front() != '?' && s.front() != ' ' && s.back() != ' ') return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out + "\"";
}

// A CSV cell: quoted when it holds a comma, a quote or a line break.
std::string CsvText(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string_view ModeName(model::TransportMode mode) { return model::TransportModeName(mode); }

class Files {
 public:
  explicit Files(std::filesystem::path dir) : dir_(std::move(dir)) {}
  void Write(const std::string& name, const Buffer& buf, size_t rows) {
    std::filesystem::path path = dir_ / name;
    std::FILE* f = std::fopen(path.string().c_str(), "wb");
    if (f == nullptr) throw Error(fmt::format("cannot write '{}'", path.string()));
    size_t n = std::fwrite(buf.data(), 1, buf.size(), f);
    bool ok = n == buf.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) throw Error(fmt::format("cannot write '{}': disk full?", path.string()));
    written_.push_back(WrittenFile{path.string(), buf.size(), rows});
  }
  std::vector<WrittenFile> Take() { return std::move(written_); }

 private:
  std::filesystem::path dir_;
  std::vector<WrittenFile> written_;
};

void WriteNetworkYaml(const model::Network& net, bool with_inventory, Files& files) {
  Buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(out,
                 "# A synthetic network written by `chaintwin generate` (plausible figures, not "
                 "real data).\n# Large tables are in the CSV files named under `tables`; see "
                 "docs/FORMATS.md.\nkind: network\nid: {}\n",
                 net.id);
  if (!net.name.empty()) fmt::format_to(out, "name: {}\n", YamlText(net.name));
  if (!net.description.empty()) fmt::format_to(out, "description: {}\n", YamlText(net.description));
  fmt::format_to(out, "\nmaterials:\n");
  for (const model::Material& m : net.materials) {
    fmt::format_to(out, "  - {{id: {}, name: {}, unit: {}, stage: {}}}\n", m.id,
                   YamlText(m.name.empty() ? m.id : m.name), model::CanonicalUnit(m.dimension),
                   model::StageName(m.stage));
  }
  fmt::format_to(out, "\ncountries:\n");
  for (const model::Country& c : net.countries) {
    fmt::format_to(out, "  - {{code: {}, name: {}}}\n", c.code, YamlText(c.name));
  }
  if (!net.groups.empty()) fmt::format_to(out, "\ngroups:\n");
  for (const model::Group& g : net.groups) {
    fmt::format_to(out, "  - {{id: {}, name: {}, members: [{}]}}\n", g.id, YamlText(g.name),
                   fmt::join(g.members, ", "));
  }
  if (!net.chokepoints.empty()) fmt::format_to(out, "\nchokepoints:\n");
  for (const model::Chokepoint& c : net.chokepoints) {
    fmt::format_to(out, "  - {{id: {}, name: {}", c.id, YamlText(c.name));
    if (c.lat) fmt::format_to(out, ", lat: {}", *c.lat);
    if (c.lon) fmt::format_to(out, ", lon: {}", *c.lon);
    fmt::format_to(out, "}}\n");
  }
  fmt::format_to(out,
                 "\ntables:\n  sites: sites.csv\n  processes: processes.csv\n  inputs: "
                 "inputs.csv\n  demand: demand.csv\n  lanes: lanes.csv\n");
  if (with_inventory) fmt::format_to(out, "  inventory: inventory.csv\n");
  if (!net.contracts.empty()) fmt::format_to(out, "  contracts: contracts.csv\n");
  files.Write("network.yaml", b,
              net.materials.size() + net.countries.size() + net.groups.size() +
                  net.chokepoints.size());
}

void WriteTables(const model::Network& net, Files& files) {
  Buffer sites, procs, inputs, demand, lanes, inventory;
  size_t n_procs = 0, n_inputs = 0, n_demand = 0, n_inventory = 0;
  auto s = std::back_inserter(sites);
  auto p = std::back_inserter(procs);
  auto in = std::back_inserter(inputs);
  auto d = std::back_inserter(demand);
  auto inv = std::back_inserter(inventory);
  fmt::format_to(s, "id,country,name,lat,lon,external,stock_days,demand_mode\n");
  fmt::format_to(p, "site,id,output,capacity,start\n");
  fmt::format_to(in, "site,process,material,per_unit\n");
  fmt::format_to(d, "site,material,rate\n");
  fmt::format_to(inv, "site,material,quantity\n");
  for (const model::Site& site : net.sites) {
    fmt::format_to(s, "{},{},{},", site.id, site.country, CsvText(site.name));
    if (site.lat) fmt::format_to(s, "{}", *site.lat);
    fmt::format_to(s, ",");
    if (site.lon) fmt::format_to(s, "{}", *site.lon);
    fmt::format_to(s, ",{},", site.external ? "true" : "");
    if (site.stock_days_default > 0) fmt::format_to(s, "{} d", site.stock_days_default);
    fmt::format_to(s, ",{}\n", site.demand_mode == model::DemandMode::kBacklog ? "backlog" : "");
    for (const model::Process& proc : site.processes) {
      ++n_procs;
      fmt::format_to(p, "{},{},{},", site.id, proc.id, proc.output);
      if (std::isfinite(proc.capacity_per_day)) {
        fmt::format_to(p, "{} {}/d", proc.capacity_per_day, UnitOf(net, proc.output));
      }
      fmt::format_to(p, ",{}\n", proc.start ? util::FormatDate(*proc.start) : "");
      for (const model::RecipeInput& r : proc.inputs) {
        ++n_inputs;
        fmt::format_to(in, "{},{},{},{} {}/{}\n", site.id, proc.id, r.material, r.per_unit,
                       UnitOf(net, r.material), UnitOf(net, proc.output));
      }
    }
    for (const model::Demand& x : site.demand) {
      ++n_demand;
      fmt::format_to(d, "{},{},{} {}/d\n", site.id, x.material, x.per_day, UnitOf(net, x.material));
    }
    for (const model::Stock& x : site.inventory) {
      ++n_inventory;
      fmt::format_to(inv, "{},{},{} {}\n", site.id, x.material, x.quantity, UnitOf(net, x.material));
    }
  }
  auto l = std::back_inserter(lanes);
  fmt::format_to(l, "id,from,to,material,mode,transit,distance,chokepoints,share,alternate,qualification\n");
  for (const model::Lane& lane : net.lanes) {
    fmt::format_to(l, "{},{},{},{},{},{} d,", lane.id, lane.supplier, lane.buyer, lane.material,
                   ModeName(lane.mode), lane.transit_days);
    if (lane.distance_km) fmt::format_to(l, "{} km", *lane.distance_km);
    fmt::format_to(l, ",");
    for (size_t x = 0; x < lane.chokepoints.size(); ++x) {
      fmt::format_to(l, "{}{}", x > 0 ? ";" : "", lane.chokepoints[x].chokepoint);
    }
    fmt::format_to(l, ",{},{},", lane.share, lane.alternate ? "true" : "");
    if (lane.alternate) fmt::format_to(l, "{} d", lane.qualification_days);
    fmt::format_to(l, "\n");
  }
  Buffer contracts;
  auto k = std::back_inserter(contracts);
  fmt::format_to(k, "id,buyer,seller,material,volume,start,end,priority,kind,audit_right\n");
  for (const model::Contract& c : net.contracts) {
    fmt::format_to(k, "{},{},{},{},{} {}/d,{},{},{},{},{}\n", c.id, c.buyer, c.seller, c.material,
                   c.volume_per_day, UnitOf(net, c.material),
                   c.start ? util::FormatDate(*c.start) : "", c.end ? util::FormatDate(*c.end) : "",
                   c.priority,
                   c.kind == model::ContractKind::kOfftake ? "" : model::ContractKindName(c.kind),
                   c.audit_right ? "true" : "");
  }
  files.Write("sites.csv", sites, net.sites.size());
  files.Write("processes.csv", procs, n_procs);
  files.Write("inputs.csv", inputs, n_inputs);
  files.Write("demand.csv", demand, n_demand);
  files.Write("lanes.csv", lanes, net.lanes.size());
  if (n_inventory > 0) files.Write("inventory.csv", inventory, n_inventory);
  if (!net.contracts.empty()) files.Write("contracts.csv", contracts, net.contracts.size());
}

std::string Days(double days) { return fmt::format("{} d", days); }

std::string DistributionText(const model::Distribution& d, bool time) {
  auto q = [&](double v) { return time ? Days(v) : fmt::format("{}", v); };
  switch (d.kind) {
    case model::Distribution::Kind::kFixed: return q(d.a);
    case model::Distribution::Kind::kUniform:
      return fmt::format("{{distribution: uniform, min: {}, max: {}}}", q(d.a), q(d.b));
    case model::Distribution::Kind::kTriangular:
      return fmt::format("{{distribution: triangular, min: {}, mode: {}, max: {}}}", q(d.a), q(d.c),
                         q(d.b));
    case model::Distribution::Kind::kLognormal:
      return fmt::format("{{distribution: lognormal, median: {}, sigma: {}}}", q(d.a), d.b);
  }
  return q(d.a);
}

void WriteScenarioYaml(const model::Network& net, const model::Scenario& sc, Files& files) {
  Buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(out,
                 "# A synthetic scenario written by `chaintwin generate`; run it with\n"
                 "#   chaintwin simulate {}\nkind: scenario\nid: {}\n",
                 "scenario.yaml", sc.id);
  if (!sc.name.empty()) fmt::format_to(out, "name: {}\n", YamlText(sc.name));
  if (!sc.description.empty()) fmt::format_to(out, "description: {}\n", YamlText(sc.description));
  fmt::format_to(out, "network: network.yaml\nstart: {}\nhorizon: {} d\nseed: {}\n",
                 util::FormatDate(sc.start), sc.horizon_days, sc.seed);
  const model::ProtocolConfig& p = sc.protocol;
  if (p.by_country.empty() && p.alliance.empty() && p.default_alliance.empty()) {
    fmt::format_to(out, "protocol: {}\n", model::ProtocolName(p.default_protocol));
  } else {
    fmt::format_to(out, "protocol:\n  default: {}\n", model::ProtocolName(p.default_protocol));
    for (const auto& [country, protocol] : p.by_country) {
      fmt::format_to(out, "  by_country: {{{}: {}}}\n", country, model::ProtocolName(protocol));
    }
    for (const auto& [country, group] : p.alliance) {
      fmt::format_to(out, "  alliance: {{{}: {}}}\n", country, group);
    }
    if (!p.default_alliance.empty()) fmt::format_to(out, "  default_alliance: {}\n", p.default_alliance);
  }
  fmt::format_to(out, "events:\n");
  auto list = [&](const char* key, const std::vector<std::string>& items) {
    if (!items.empty()) fmt::format_to(out, "    {}: [{}]\n", key, fmt::join(items, ", "));
  };
  for (const model::Event& e : sc.events) {
    fmt::format_to(out, "  - id: {}\n    kind: {}\n", e.id, model::EventKindName(e.kind));
    if (!e.description.empty()) fmt::format_to(out, "    description: {}\n", YamlText(e.description));
    fmt::format_to(out, "    start: {}\n", util::FormatDate(sc.start + e.start_day));
    bool to_horizon = e.duration_days.IsFixed() &&
                      e.duration_days.a == static_cast<double>(std::max(sc.horizon_days - e.start_day, 1));
    if (!to_horizon || e.kind == model::EventKind::kStockpileRelease) {
      fmt::format_to(out, "    duration: {}\n", DistributionText(e.duration_days, true));
    }
    switch (e.kind) {
      case model::EventKind::kExportBan:
        list("origin", e.origins);
        list("materials", e.materials);
        list("destinations", e.destinations);
        list("except", e.except);
        break;
      case model::EventKind::kSiteOutage:
      case model::EventKind::kDemandShock:
        list("sites", e.sites);
        list("country", e.countries);
        list("materials", e.materials);
        fmt::format_to(out, "    {}: {}\n",
                       e.kind == model::EventKind::kSiteOutage ? "capacity_factor" : "factor",
                       DistributionText(e.severity, false));
        break;
      case model::EventKind::kLaneClosure:
        list("lanes", e.lanes);
        list("chokepoints", e.chokepoints);
        if (e.detour_days) fmt::format_to(out, "    detour: {}\n", Days(*e.detour_days));
        break;
      case model::EventKind::kLaneThroughput: {
        list("lanes", e.lanes);
        list("chokepoints", e.chokepoints);
        list("origin", e.origins);
        list("destinations", e.destinations);
        list("except", e.except);
        list("materials", e.materials);
        if (e.capacity_per_day) {
          std::string material = e.materials.empty() ? "" : e.materials.front();
          for (const model::Lane& l : net.lanes) {
            if (material.empty() && !e.lanes.empty() && l.id == e.lanes.front()) material = l.material;
          }
          fmt::format_to(out, "    quantity: {} {}/d\n", *e.capacity_per_day, UnitOf(net, material));
        } else {
          fmt::format_to(out, "    factor: {}\n", DistributionText(e.severity, false));
        }
        break;
      }
      case model::EventKind::kCapacityChange:
        fmt::format_to(out, "    site: {}\n", e.sites.empty() ? "" : e.sites.front());
        if (!e.process.empty()) fmt::format_to(out, "    process: {}\n", e.process);
        if (e.capacity_per_day) {
          std::string output;
          for (const model::Site& s : net.sites) {
            if (!e.sites.empty() && s.id == e.sites.front() && !s.processes.empty()) {
              output = s.processes.front().output;
            }
          }
          fmt::format_to(out, "    capacity: {} {}/d\n", *e.capacity_per_day, UnitOf(net, output));
        } else {
          fmt::format_to(out, "    capacity_factor: {}\n", DistributionText(e.severity, false));
        }
        if (e.ramp_days > 0) fmt::format_to(out, "    ramp_up: {}\n", Days(e.ramp_days));
        break;
      case model::EventKind::kStockpileRelease: {
        std::string material = e.materials.empty() ? "" : e.materials.front();
        fmt::format_to(out, "    site: {}\n    material: {}\n    quantity: {} {}\n",
                       e.sites.empty() ? "" : e.sites.front(), material, e.quantity,
                       UnitOf(net, material));
        break;
      }
    }
  }
  files.Write("scenario.yaml", b, sc.events.size());
}

}  // namespace

std::vector<WrittenFile> WriteGenerated(const model::Network& network,
                                        const model::Scenario& scenario, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(fmt::format("cannot create folder '{}': {}", dir, ec.message()));
  Files files{std::filesystem::path(dir)};
  bool with_inventory = false;
  for (const model::Site& s : network.sites) with_inventory = with_inventory || !s.inventory.empty();
  WriteNetworkYaml(network, with_inventory, files);
  WriteTables(network, files);
  WriteScenarioYaml(network, scenario, files);
  return files.Take();
}

}  // namespace chaintwin::io
