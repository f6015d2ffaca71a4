// Loading the two_tier example in its three forms (YAML, YAML + CSV tables, JSON), the
// canonical values it holds, provenance, scenario events, and errors as InputError.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::io {
namespace {

constexpr double kTol = 1e-9;

std::string Example(const std::string& name) {
  return (std::filesystem::path(CT_DATA_DIR) / "examples" / "two_tier" / name).string();
}

const model::Site& SiteOf(const model::Network& n, const std::string& id) {
  for (const model::Site& s : n.sites) {
    if (s.id == id) return s;
  }
  throw std::runtime_error("no site " + id);
}

const model::Lane& LaneOf(const model::Network& n, const std::string& id) {
  for (const model::Lane& l : n.lanes) {
    if (l.id == id) return l;
  }
  throw std::runtime_error("no lane " + id);
}

// YAML -> JSON text with every scalar as a string, as a user exporting JSON might write it.
nlohmann::ordered_json ToJson(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    for (auto it = node.begin(); it != node.end(); ++it) j[it->first.Scalar()] = ToJson(it->second);
    return j;
  }
  if (node.IsSequence()) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const YAML::Node& item : node) j.push_back(ToJson(item));
    return j;
  }
  return node.IsNull() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(node.Scalar());
}

std::vector<std::string> FigureLines(const model::Network& n) {
  std::vector<std::string> lines;
  for (const model::FigureRecord& f : n.figures) {
    lines.push_back(f.path + "|" + f.site + "|" + f.material + "|" + f.country + "|" + f.text +
                    "|" + f.source + "|" + (f.estimate ? "e" : "") + "|" + f.note);
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// Every field of every contract, one line each (doubles in their shortest exact form).
std::vector<std::string> ContractLines(const model::Network& n) {
  std::vector<std::string> lines;
  for (const model::Contract& c : n.contracts) {
    lines.push_back(fmt::format("{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}", c.id, c.buyer, c.seller,
                                c.material, c.volume_per_day, c.max_volume_per_day.value_or(-1),
                                c.start.value_or(-1),
                                c.end.value_or(-1), c.priority, c.sla_otif.value_or(-1),
                                c.sla_quality, c.audit_right, model::ContractKindName(c.kind)));
  }
  return lines;
}

void ExpectSameNetwork(const model::Network& a, const model::Network& b) {
  EXPECT_EQ(a.id, b.id);
  ASSERT_EQ(a.materials.size(), b.materials.size());
  for (size_t i = 0; i < a.materials.size(); ++i) {
    EXPECT_EQ(a.materials[i].id, b.materials[i].id);
    EXPECT_EQ(a.materials[i].dimension, b.materials[i].dimension);
    EXPECT_EQ(a.materials[i].stage, b.materials[i].stage);
    EXPECT_DOUBLE_EQ(a.materials[i].gwh_per_unit, b.materials[i].gwh_per_unit);
  }
  ASSERT_EQ(a.sites.size(), b.sites.size());
  for (size_t i = 0; i < a.sites.size(); ++i) {
    const model::Site& x = a.sites[i];
    const model::Site& y = b.sites[i];
    SCOPED_TRACE(x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.name, y.name);
    EXPECT_EQ(x.country, y.country);
    EXPECT_EQ(x.lat, y.lat);
    EXPECT_EQ(x.external, y.external);
    EXPECT_EQ(x.lon, y.lon);
    EXPECT_EQ(x.operator_name, y.operator_name);
    EXPECT_EQ(x.description, y.description);
    EXPECT_EQ(x.demand_mode, y.demand_mode);
    EXPECT_DOUBLE_EQ(x.stock_days_default, y.stock_days_default);
    ASSERT_EQ(x.stock_days.size(), y.stock_days.size());
    for (size_t k = 0; k < x.stock_days.size(); ++k) {
      EXPECT_EQ(x.stock_days[k].material, y.stock_days[k].material);
      EXPECT_DOUBLE_EQ(x.stock_days[k].days, y.stock_days[k].days);
    }
    EXPECT_DOUBLE_EQ(x.priority_weight, y.priority_weight);
    ASSERT_EQ(x.capacity_pools.size(), y.capacity_pools.size());
    for (size_t k = 0; k < x.capacity_pools.size(); ++k) {
      EXPECT_EQ(x.capacity_pools[k].id, y.capacity_pools[k].id);
      EXPECT_DOUBLE_EQ(x.capacity_pools[k].capacity_per_day, y.capacity_pools[k].capacity_per_day);
    }
    EXPECT_EQ(x.ttr_days, y.ttr_days);
    ASSERT_EQ(x.processes.size(), y.processes.size());
    for (size_t p = 0; p < x.processes.size(); ++p) {
      EXPECT_EQ(x.processes[p].id, y.processes[p].id);
      EXPECT_EQ(x.processes[p].output, y.processes[p].output);
      EXPECT_DOUBLE_EQ(x.processes[p].capacity_per_day, y.processes[p].capacity_per_day);
      EXPECT_EQ(x.processes[p].start, y.processes[p].start);
      EXPECT_EQ(x.processes[p].capacity_pool, y.processes[p].capacity_pool);
      EXPECT_EQ(x.processes[p].lead_days, y.processes[p].lead_days);
      ASSERT_EQ(x.processes[p].ramp_up.size(), y.processes[p].ramp_up.size());
      for (size_t k = 0; k < x.processes[p].ramp_up.size(); ++k) {
        EXPECT_EQ(x.processes[p].ramp_up[k].day, y.processes[p].ramp_up[k].day);
        EXPECT_DOUBLE_EQ(x.processes[p].ramp_up[k].factor, y.processes[p].ramp_up[k].factor);
      }
      ASSERT_EQ(x.processes[p].inputs.size(), y.processes[p].inputs.size());
      for (size_t k = 0; k < x.processes[p].inputs.size(); ++k) {
        EXPECT_EQ(x.processes[p].inputs[k].material, y.processes[p].inputs[k].material);
        EXPECT_DOUBLE_EQ(x.processes[p].inputs[k].per_unit, y.processes[p].inputs[k].per_unit);
      }
    }
    ASSERT_EQ(x.inventory.size(), y.inventory.size());
    for (size_t k = 0; k < x.inventory.size(); ++k) {
      EXPECT_EQ(x.inventory[k].material, y.inventory[k].material);
      EXPECT_DOUBLE_EQ(x.inventory[k].quantity, y.inventory[k].quantity);
    }
    ASSERT_EQ(x.demand.size(), y.demand.size());
    for (size_t k = 0; k < x.demand.size(); ++k) {
      EXPECT_EQ(x.demand[k].material, y.demand[k].material);
      EXPECT_DOUBLE_EQ(x.demand[k].per_day, y.demand[k].per_day);
    }
  }
  ASSERT_EQ(a.lanes.size(), b.lanes.size());
  for (size_t i = 0; i < a.lanes.size(); ++i) {
    const model::Lane& x = a.lanes[i];
    const model::Lane& y = b.lanes[i];
    SCOPED_TRACE(x.id);
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.mode, y.mode);
    EXPECT_EQ(x.transit_days, y.transit_days);
    EXPECT_EQ(x.distance_km, y.distance_km);
    EXPECT_DOUBLE_EQ(x.share, y.share);
    EXPECT_EQ(x.alternate, y.alternate);
    EXPECT_EQ(x.qualification_days, y.qualification_days);
    EXPECT_EQ(x.capacity_per_day, y.capacity_per_day);
    ASSERT_EQ(x.chokepoints.size(), y.chokepoints.size());
    for (size_t k = 0; k < x.chokepoints.size(); ++k) {
      EXPECT_EQ(x.chokepoints[k].chokepoint, y.chokepoints[k].chokepoint);
      EXPECT_EQ(x.chokepoints[k].day, y.chokepoints[k].day);
    }
  }
  ASSERT_EQ(a.contracts.size(), b.contracts.size());
  EXPECT_EQ(ContractLines(a), ContractLines(b));
  EXPECT_EQ(a.sources.size(), b.sources.size());
  EXPECT_EQ(a.facts.size(), b.facts.size());
  EXPECT_EQ(FigureLines(a), FigureLines(b));
}

TEST(Loader, LoadsTheYamlExampleInCanonicalUnits) {
  model::Network n = LoadNetwork(Example("network.yaml"));
  EXPECT_EQ(n.id, "two_tier");
  EXPECT_EQ(n.materials.size(), 7u);
  EXPECT_EQ(n.sites.size(), 9u);
  EXPECT_EQ(n.lanes.size(), 10u);
  EXPECT_EQ(n.file, Example("network.yaml"));
  const model::Site& cell = SiteOf(n, "jp_cell");
  EXPECT_NEAR(cell.processes[0].capacity_per_day, 40.0 / 365.0, kTol);
  EXPECT_EQ(cell.processes[0].inputs[0].material, "cathode_nmc811");
  EXPECT_NEAR(cell.processes[0].inputs[0].per_unit, 1400.0, kTol);  // 1.4 kg/kWh = 1400 t/GWh
  EXPECT_NEAR(cell.stock_days_default, 30.0, kTol);
  EXPECT_EQ(cell.ttr_days, 90.0);
  EXPECT_NEAR(SiteOf(n, "jp_ev").demand[0].per_day, 400000.0 / 365.0, 1e-6);
  EXPECT_NEAR(SiteOf(n, "jp_ev").priority_weight, 2.0, kTol);
  EXPECT_NEAR(SiteOf(n, "cn_lioh").inventory[0].quantity, 3000.0, kTol);
}

TEST(Loader, AppliesDefaults) {
  model::Network n = LoadNetwork(Example("network.yaml"));
  const model::Site& graphite = SiteOf(n, "cn_graphite");
  EXPECT_TRUE(graphite.external);
  EXPECT_EQ(graphite.processes[0].id, "natural_graphite");  // default process id = output
  EXPECT_EQ(graphite.processes[0].capacity_per_day, std::numeric_limits<double>::infinity());
  EXPECT_EQ(SiteOf(n, "jp_anode").processes[0].id, "anode_line");
  EXPECT_EQ(SiteOf(n, "kr_anode").processes[0].start, util::ParseDate("2025-07-01"));
  const model::Lane& lane = LaneOf(n, "au_spodumene->cn_lioh:spodumene");  // default lane id
  EXPECT_EQ(lane.transit_days, 14);
  EXPECT_EQ(lane.mode, model::TransportMode::kSea);
  EXPECT_NEAR(*lane.distance_km, 3900 * 1.852, 1e-9);
  EXPECT_DOUBLE_EQ(lane.share, 1.0);
  const model::Lane& anode = LaneOf(n, "cn_anode_to_jp_cell");
  EXPECT_DOUBLE_EQ(anode.share, 0.8);
  ASSERT_EQ(anode.chokepoints.size(), 1u);
  EXPECT_EQ(anode.chokepoints[0].day, 4);  // transit 8 d / 2
  const model::Lane& alternate = LaneOf(n, "kr_anode->jp_cell:anode_material");
  EXPECT_TRUE(alternate.alternate);
  EXPECT_EQ(alternate.qualification_days, 90);
}

TEST(Loader, EnergyOfMaterials) {
  model::Network n = LoadNetwork(Example("network.yaml"));
  for (const model::Material& m : n.materials) {
    if (m.id == "cell_nmc") {
      EXPECT_DOUBLE_EQ(m.gwh_per_unit, 1.0);
    } else if (m.id == "ev_pack") {
      EXPECT_NEAR(m.gwh_per_unit, 75e-6, 1e-15);
    } else if (m.id == "spodumene") {
      EXPECT_DOUBLE_EQ(m.gwh_per_unit, 0.0);
    }
  }
}

TEST(Loader, ExpandsGroupsAndReadsContracts) {
  model::Network n = LoadNetwork(Example("network.yaml"));
  ASSERT_EQ(n.groups.size(), 1u);
  EXPECT_EQ(n.groups[0].members, (std::vector<std::string>{"AU", "JP", "KR"}));
  ASSERT_EQ(n.contracts.size(), 1u);
  const model::Contract& c = n.contracts[0];
  EXPECT_NEAR(c.volume_per_day, 50000.0 / 365.0, 1e-9);
  ASSERT_TRUE(c.sla_otif.has_value());
  EXPECT_NEAR(*c.sla_otif, 0.95, kTol);
  EXPECT_TRUE(c.audit_right);
  EXPECT_EQ(c.end, util::ParseDate("2029-12-31"));
}

TEST(Loader, RecordsSourcesFactsAndFigures) {
  model::Network n = LoadNetwork(Example("network.yaml"));
  EXPECT_EQ(n.sources.size(), 3u);
  EXPECT_EQ(n.sources[0].year, 2025);
  ASSERT_EQ(n.facts.size(), 1u);
  EXPECT_EQ(n.facts[0].source, "usgs_mcs2025_graphite");
  auto find = [&](const std::string& path) -> const model::FigureRecord* {
    for (const model::FigureRecord& f : n.figures) {
      if (f.path == path) return &f;
    }
    return nullptr;
  };
  // Inherited from the site's `source` and `estimate`.
  const model::FigureRecord* mine = find("sites[au_spodumene].processes[0].capacity");
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(mine->text, "1400 kt/yr");
  EXPECT_EQ(mine->source, "usgs_mcs2025_lithium");
  EXPECT_TRUE(mine->estimate);
  EXPECT_EQ(mine->country, "AU");
  EXPECT_EQ(mine->material, "spodumene");
  // Given on the process, over the site's.
  const model::FigureRecord* anode = find("sites[cn_anode].processes[0].capacity");
  ASSERT_NE(anode, nullptr);
  EXPECT_EQ(anode->source, "usgs_mcs2025_graphite");
  EXPECT_EQ(anode->note, "share of export-oriented capacity, assumed");
  // Given on the figure itself (the map form).
  const model::FigureRecord* demand = find("sites[jp_ev].demand.ev_pack");
  ASSERT_NE(demand, nullptr);
  EXPECT_EQ(demand->text, "400 ku/yr");
  EXPECT_EQ(demand->note, "plant plan, assumed");
  // A lane with no provenance records no figure.
  EXPECT_EQ(find("lanes[cn_anode_to_jp_cell].transit"), nullptr);
}

TEST(Loader, CsvTablesGiveTheSameNetworkAsYaml) {
  model::Network yaml = LoadNetwork(Example("network.yaml"));
  model::Network csv = LoadNetwork(Example("network_csv.yaml"));
  ExpectSameNetwork(yaml, csv);
}

// A network whose contracts are given in YAML (`yaml`) or partly in a `contracts` CSV table.
constexpr const char* kContractsNetwork = R"(kind: network
id: contracts
sources: [{id: s1, title: A source}]
materials:
  - {id: ore, unit: t, stage: mining}
  - {id: cell, unit: GWh, stage: cell}
countries: [{code: CN}, {code: JP}]
sites:
  - {id: mine, country: CN, processes: [{output: ore, capacity: 100 kt/yr}],
     inventory: {cell: 1 GWh}}
  - {id: plant, country: JP, demand: {cell: 8 GWh/yr},
     processes: [{output: cell, capacity: 10 GWh/yr, inputs: {ore: 1.2 kg/kWh}}]}
lanes:
  - {from: mine, to: plant, material: ore, transit: 20 d}
  - {from: plant, to: mine, material: cell, transit: 20 d}
contracts:
  - {id: k1, buyer: plant, seller: mine, material: ore, volume: 50 kt/yr}
)";

std::string TempFile(const std::string& name, const std::string& text) {
  std::filesystem::path path = std::filesystem::path(testing::TempDir()) / "ct_contracts" / name;
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

TEST(Loader, ContractsTableGivesTheSameContractsAsYaml) {
  model::Network yaml = LoadNetwork(TempFile("yaml.yaml", std::string(kContractsNetwork) + R"(
  - {id: k2, buyer: mine, seller: plant, material: cell, volume: 0.5 GWh/mo, start: 2026-01-01,
     end: 2027-06-30, priority: 2, kind: spot, audit_right: true, source: s1, estimate: true,
     note: "assumed, from a plan"}
)"));
  TempFile("contracts.csv",
           "id,buyer,seller,material,volume,start,end,priority,kind,audit_right,source,estimate,"
           "note\nk2,mine,plant,cell,0.5 GWh/mo,2026-01-01,2027-06-30,2,spot,true,s1,true,"
           "\"assumed, from a plan\"\n");
  std::string tables = "tables: {contracts: contracts.csv}\n";
  model::Network csv = LoadNetwork(TempFile("csv.yaml", std::string(kContractsNetwork) + tables));
  ExpectSameNetwork(yaml, csv);
  ASSERT_EQ(csv.contracts.size(), 2u);
  EXPECT_EQ(csv.contracts[1].kind, model::ContractKind::kSpot);
  EXPECT_TRUE(csv.contracts[1].audit_right);
  ASSERT_EQ(csv.figures.size(), 1u);
  EXPECT_EQ(csv.figures[0].path, "contracts[k2].volume");
  EXPECT_EQ(csv.figures[0].note, "assumed, from a plan");
}

// Capacities (model/capacity.hpp): per day or per year, on lanes and contracts in YAML and in
// the CSV tables alike, and a chokepoint's throughput in the dimension it is written in.
TEST(Loader, ReadsLaneChokepointAndContractCapacities) {
  std::string head = std::string(kContractsNetwork).substr(0, std::string(kContractsNetwork).find("lanes:"));
  head.replace(head.find("countries:"), 0,
               "chokepoints: [{id: strait, capacity: 2 kt/d}, {id: canal, capacity: 0.5 GWh/d}]\n");
  model::Network yaml = LoadNetwork(TempFile("cap.yaml", head + R"(lanes:
  - {from: mine, to: plant, material: ore, transit: 20 d, capacity: 36.5 kt/yr, chokepoints: [strait]}
  - {from: plant, to: mine, material: cell, transit: 20 d}
contracts:
  - {id: k1, buyer: plant, seller: mine, material: ore, volume: 50 kt/yr, max_volume: 60 t/d}
)"));
  TempFile("cap_lanes.csv", "from,to,material,transit,capacity,chokepoints\n"
                            "mine,plant,ore,20 d,36.5 kt/yr,strait\nplant,mine,cell,20 d,,\n");
  TempFile("cap_contracts.csv", "id,buyer,seller,material,volume,max_volume\n"
                                "k1,plant,mine,ore,50 kt/yr,60 t/d\n");
  model::Network csv = LoadNetwork(TempFile(
      "cap_csv.yaml", head + "tables: {lanes: cap_lanes.csv, contracts: cap_contracts.csv}\n"));
  ExpectSameNetwork(yaml, csv);
  ASSERT_EQ(yaml.lanes.size(), 2u);
  EXPECT_DOUBLE_EQ(yaml.lanes[0].capacity_per_day.value_or(-1), 100.0);  // t/d
  EXPECT_FALSE(yaml.lanes[1].capacity_per_day.has_value());
  ASSERT_EQ(yaml.contracts.size(), 1u);
  EXPECT_DOUBLE_EQ(yaml.contracts[0].max_volume_per_day.value_or(-1), 60.0);
  ASSERT_EQ(yaml.chokepoints.size(), 2u);
  EXPECT_DOUBLE_EQ(yaml.chokepoints[0].capacity_per_day.value_or(-1), 2000.0);
  EXPECT_EQ(yaml.chokepoints[0].capacity_dimension, model::Dimension::kMass);
  EXPECT_DOUBLE_EQ(yaml.chokepoints[1].capacity_per_day.value_or(-1), 0.5);
  EXPECT_EQ(yaml.chokepoints[1].capacity_dimension, model::Dimension::kEnergy);
  // The strait counts the ore lane (mass); the canal counts no lane (none crosses it).
  model::CompiledNetwork net = model::Compile(yaml);
  ASSERT_EQ(net.num_limits(), 1u);
  EXPECT_EQ(net.limit_key[0], "chokepoint strait");
  EXPECT_EQ(net.limit_lane_begin[1] - net.limit_lane_begin[0], 1u);
  EXPECT_EQ(net.capped_lanes.size(), 1u);
}

// Every site attribute has a CSV form: per-material stock policies (`stock_policy` table) and
// ramp-up points (`ramp_up` table) as well as the `sites` columns.
TEST(Loader, SiteTablesSayEverythingASiteSaysInYaml) {
  std::string head = std::string(kContractsNetwork).substr(0, std::string(kContractsNetwork).find("sites:"));
  model::Network yaml = LoadNetwork(TempFile("site.yaml", head + R"(sites:
  - {id: mine, name: The mine, operator: Op, description: "a mine", country: CN, lat: 10, lon: 20,
     processes: [{output: ore, capacity: 100 kt/yr}], inventory: {cell: 1 GWh},
     stock_policy: {default: 30 d, ore: 12 d}, ttr: 90 d}
  - {id: plant, country: JP, demand: {cell: 8 GWh/yr}, demand_mode: backlog, priority: 2,
     processes: [{output: cell, capacity: 10 GWh/yr, start: 2026-03-01, inputs: {ore: 1.2 kg/kWh},
                  ramp_up: [{after: 0 d, factor: 0.25}, {after: 3 mo, factor: 0.8}, {after: 1 yr, factor: 1}]}],
     stock_policy: {ore: 45 d, cell: 5 d}}
)"));
  TempFile("site_sites.csv",
           "id,name,operator,description,country,lat,lon,stock_days,ttr,demand_mode,priority\n"
           "mine,The mine,Op,a mine,CN,10,20,30 d,90 d,,\n"
           "plant,,,,JP,,,,,backlog,2\n");
  TempFile("site_processes.csv", "site,output,capacity,start\nmine,ore,100 kt/yr,\n"
                                 "plant,cell,10 GWh/yr,2026-03-01\n");
  TempFile("site_inputs.csv", "site,process,material,per_unit\nplant,cell,ore,1.2 kg/kWh\n");
  TempFile("site_inventory.csv", "site,material,quantity\nmine,cell,1 GWh\n");
  TempFile("site_demand.csv", "site,material,rate\nplant,cell,8 GWh/yr\n");
  TempFile("site_policy.csv", "site,material,days\nmine,ore,12 d\nplant,ore,45 d\nplant,cell,5 d\n");
  TempFile("site_ramp.csv", "site,process,after,factor\nplant,cell,0 d,25 %\nplant,cell,3 mo,0.8\n"
                            "plant,cell,1 yr,1\n");
  model::Network csv = LoadNetwork(TempFile("site_csv.yaml", head + R"(tables:
  sites: site_sites.csv
  processes: site_processes.csv
  inputs: site_inputs.csv
  inventory: site_inventory.csv
  demand: site_demand.csv
  stock_policy: site_policy.csv
  ramp_up: site_ramp.csv
)"));
  ExpectSameNetwork(yaml, csv);
  ASSERT_EQ(csv.sites.size(), 2u);
  ASSERT_EQ(csv.sites[1].stock_days.size(), 2u);
  EXPECT_DOUBLE_EQ(csv.sites[1].stock_days[0].days, 45.0);
  ASSERT_EQ(csv.sites[1].processes[0].ramp_up.size(), 3u);
  EXPECT_EQ(csv.sites[1].processes[0].ramp_up[1].day, 91);  // 3 mo = 91.25 d, rounded
}

// The diagnostics of loading `yaml`, one a line; "" (and a failure) when it loads.
std::string ProblemsOf(const std::string& yaml) {
  try {
    LoadNetwork(yaml);
  } catch (const InputError& e) {
    std::string all;
    for (const auto& d : e.diagnostics()) all += d.ToString() + "\n";
    return all;
  }
  ADD_FAILURE() << "expected InputError";
  return "";
}

// Capacity pools in CSV: a `pool` column on `processes` and a `capacity_pools` table give what
// `capacity_pools` and `pool` give on a YAML site (with the processes' lead times).
TEST(Loader, CapacityPoolsTableGivesTheSamePoolsAsYaml) {
  std::string head = std::string(kContractsNetwork).substr(0, std::string(kContractsNetwork).find("sites:"));
  model::Network yaml = LoadNetwork(TempFile("pool.yaml", head + R"(sites:
  - id: mine
    country: CN
    capacity_pools: {crusher: 120 kt/yr}
    processes:
      - {id: north, output: ore, capacity: 100 kt/yr, pool: crusher, lead_time: 3 d}
      - {id: south, output: ore, capacity: 80 kt/yr, pool: crusher}
      - {id: east, output: ore, capacity: 10 kt/yr}
)"));
  TempFile("pool_sites.csv", "id,country\nmine,CN\n");
  TempFile("pool_processes.csv", "site,id,output,capacity,pool,lead_time\n"
                                 "mine,north,ore,100 kt/yr,crusher,3 d\n"
                                 "mine,south,ore,80 kt/yr,crusher,\nmine,east,ore,10 kt/yr,,\n");
  TempFile("pool_pools.csv", "site,pool,capacity\nmine,crusher,120 kt/yr\n");
  model::Network csv = LoadNetwork(TempFile("pool_csv.yaml", head + R"(tables:
  sites: pool_sites.csv
  processes: pool_processes.csv
  capacity_pools: pool_pools.csv
)"));
  ExpectSameNetwork(yaml, csv);
  ASSERT_EQ(csv.sites[0].capacity_pools.size(), 1u);
  EXPECT_NEAR(csv.sites[0].capacity_pools[0].capacity_per_day, 120000.0 / 365.0, 1e-9);  // t/d
  EXPECT_EQ(csv.sites[0].processes[1].capacity_pool, "crusher");
  EXPECT_EQ(csv.sites[0].processes[0].lead_days, 3);
}

TEST(Loader, CapacityPoolsTableReportsUnknownDuplicateAndUnusedPools) {
  std::string head = std::string(kContractsNetwork).substr(0, std::string(kContractsNetwork).find("sites:"));
  TempFile("bad_pool_sites.csv", "id,country\nmine,CN\n");
  std::string processes = TempFile("bad_pool_processes.csv",
                                   "site,id,output,capacity,pool\nmine,a,ore,100 kt/yr,crushr\n"
                                   "mine,b,cell,1 GWh/yr,kiln\nmine,c,ore,5 kt/yr,kiln\n");
  std::string pools = TempFile("bad_pool_pools.csv",
                               "site,pool,capacity\nmine,crusher,1 kt/yr\nmine,kiln,1 t/d\n");
  std::string yaml = TempFile("bad_pool.yaml", head + R"(tables:
  sites: bad_pool_sites.csv
  processes: bad_pool_processes.csv
  capacity_pools: bad_pool_pools.csv
)");
  {
    std::string all = ProblemsOf(yaml);
    EXPECT_NE(all.find(pools + ":2:6: error: capacity_pools[row 1].pool: no process of site `mine` "
                               "uses pool `crusher`"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find(pools + ":3:6: error: capacity_pools[row 2].pool: pool `kiln` is shared by "
                               "processes making `cell` and `ore`, measured differently"),
              std::string::npos)
        << all;
    EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 3) << all;  // kiln's processes: not again
    EXPECT_NE(all.find(processes + ":2:22: error: processes[row 1].pool: unknown capacity pool "
                                   "`crushr` in site `mine` (declare it in the `capacity_pools` "
                                   "table)"),
              std::string::npos)
        << all;
  }
  // A pool given twice.
  TempFile("dup_pool_processes.csv", "site,output,capacity,pool\nmine,ore,100 kt/yr,crusher\n");
  std::string dup = TempFile("dup_pool_pools.csv",
                             "site,pool,capacity\nmine,crusher,1 kt/yr\nmine,crusher,2 kt/yr\n");
  try {
    LoadNetwork(TempFile("dup_pool.yaml", head + R"(tables:
  sites: bad_pool_sites.csv
  processes: dup_pool_processes.csv
  capacity_pools: dup_pool_pools.csv
)"));
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].ToString(),
              dup + ":3:6: error: capacity_pools[row 2].pool: site `mine` already has capacity "
                    "pool `crusher`");
  }
}

TEST(Loader, SiteTablesReportOutOfOrderRampUpAndDuplicatePolicies) {
  std::string head = std::string(kContractsNetwork).substr(0, std::string(kContractsNetwork).find("lanes:"));
  std::string ramp = TempFile("bad_ramp.csv", "site,process,after,factor\nplant,cell,30 d,0.5\n"
                                              "plant,cell,10 d,0.2\nplant,kiln,1 d,1\n");
  std::string policy = TempFile("bad_policy.csv", "site,material,days\nplant,ore,5 d\nplant,ore,6 d\n");
  std::string yaml = TempFile("bad_site.yaml",
                              head + "tables: {ramp_up: bad_ramp.csv, stock_policy: bad_policy.csv}\n");
  {
    std::string all = ProblemsOf(yaml);
    EXPECT_NE(all.find(ramp + ":3:12: error: ramp_up[row 2].after: ramp-up points of a process must "
                              "be in increasing order of `after`, found 10 d after 30 d"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find(ramp + ":4:7: error: ramp_up[row 3].process: unknown process `kiln` in site "
                              "`plant`"),
              std::string::npos)
        << all;
    EXPECT_NE(all.find(policy + ":3:1: error: stock_policy[row 2]: site `plant` already has a "
                                "stock policy for `ore`"),
              std::string::npos)
        << all;
  }
}

TEST(Loader, ContractsTableRowsAreReportedAtTheirCells) {
  std::string csv = TempFile("bad.csv",
                             "id,buyer,seller,material,volume,kind\nk1,plant,mine,ore,50 kt/yr,\n"
                             "k3,plant,mine,ore,50 kt/yr,barter\n");
  std::string yaml =
      TempFile("bad.yaml", std::string(kContractsNetwork) + "tables: {contracts: bad.csv}\n");
  try {
    LoadNetwork(yaml);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].ToString(),
              csv + ":2:1: error: contracts[row 1]: duplicate contract id `k1` (first defined at " +
                  yaml + ":17)");
    EXPECT_EQ(e.diagnostics()[1].ToString(),
              csv + ":3:28: error: contracts[row 2].kind: unknown contract kind 'barter' "
                    "(expected one of: offtake, spot, mutual_accommodation, joint_stockpile)");
  }
}

TEST(Loader, JsonGivesTheSameNetworkAsYaml) {
  model::Network yaml = LoadNetwork(Example("network.yaml"));
  std::string json = ToJson(YAML::LoadFile(Example("network.yaml"))).dump(2);
  model::Network from_json = LoadNetworkFromString(json, "network.json", Example(""));
  ExpectSameNetwork(yaml, from_json);
}

TEST(Loader, LoadsTheScenarioWithItsNetwork) {
  LoadedScenario loaded = LoadScenario(Example("scenario.yaml"));
  const model::Scenario& s = loaded.scenario;
  EXPECT_EQ(s.id, "anode_ban");
  EXPECT_EQ(loaded.network.id, "two_tier");
  EXPECT_EQ(s.start, util::ParseDate("2026-01-01"));
  EXPECT_EQ(s.horizon_days, 180);
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.protocol.default_protocol, model::Protocol::kProRata);
  ASSERT_EQ(s.events.size(), 2u);
  const model::Event& ban = s.events[0];
  EXPECT_EQ(ban.kind, model::EventKind::kExportBan);
  EXPECT_EQ(ban.start_day, 31);
  EXPECT_EQ(ban.origins, (std::vector<std::string>{"CN"}));
  EXPECT_EQ(ban.materials, (std::vector<std::string>{"anode_material"}));
  EXPECT_EQ(ban.duration_days.kind, model::Distribution::Kind::kTriangular);
  EXPECT_DOUBLE_EQ(ban.duration_days.Nominal(), 120.0);
  const model::Event& closure = s.events[1];
  EXPECT_EQ(closure.kind, model::EventKind::kLaneClosure);
  EXPECT_EQ(closure.chokepoints, (std::vector<std::string>{"taiwan_strait"}));
  EXPECT_EQ(closure.detour_days, 4.0);
  EXPECT_DOUBLE_EQ(closure.duration_days.Nominal(), 21.0);
}

TEST(Loader, LoadsTheJsonScenario) {
  LoadedScenario loaded = LoadScenario(Example("scenario.json"));
  const model::Scenario& s = loaded.scenario;
  EXPECT_EQ(s.horizon_days, 120);
  EXPECT_EQ(s.protocol.default_protocol, model::Protocol::kContractFirst);
  EXPECT_EQ(s.protocol.by_country.at("KR"), model::Protocol::kAllianceFirst);
  EXPECT_EQ(s.protocol.alliance.at("KR"), "partners");
  ASSERT_EQ(s.events.size(), 3u);
  EXPECT_EQ(s.events[0].sites, (std::vector<std::string>{"kr_cathode"}));
  EXPECT_DOUBLE_EQ(s.events[0].severity.Nominal(), 0.3);
  // Duration omitted: to the end of the horizon.
  EXPECT_EQ(s.events[1].id, "demand_shock_1");
  EXPECT_EQ(s.events[1].start_day, 31);
  EXPECT_DOUBLE_EQ(s.events[1].duration_days.Nominal(), 120.0 - 31.0);
  EXPECT_DOUBLE_EQ(s.events[1].severity.Nominal(), 1.1);
  EXPECT_DOUBLE_EQ(s.events[2].quantity, 2000.0);
  EXPECT_DOUBLE_EQ(s.events[2].duration_days.Nominal(), 10.0);
}

TEST(Loader, ThrowsInputErrorWithEveryProblem) {
  const std::string text =
      "kind: network\nid: x\nmaterials:\n  - {id: ore, unit: t, stage: mining}\n"
      "countries: [{code: CN}]\nsites:\n  - {id: a, country: XX, processes: [{output: ore, "
      "capacity: 5 d}]}\n";
  try {
    LoadNetworkFromString(text, "x.yaml");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 2u);
    EXPECT_EQ(e.diagnostics()[0].ToString(),
              "x.yaml:7:22: error: sites[0].country: unknown country `XX`: not in `countries`");
    EXPECT_EQ(e.diagnostics()[1].ToString(),
              "x.yaml:7:62: error: sites[0].processes[0].capacity: expected a rate of mass per "
              "time such as '16 kt/yr', found '5 d' (time)");
  }
}

TEST(Loader, MissingFileIsAnInputError) {
  try {
    LoadNetwork("no/such/network.yaml");
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].ToString(), "no/such/network.yaml: error: file does not exist");
  }
}

TEST(Loader, ValidateCountsTheExamples) {
  // The two_tier folder (data/examples/policies/ is counted by its own golden test).
  ValidationReport report =
      Validate({(std::filesystem::path(CT_DATA_DIR) / "examples" / "two_tier").string()});
  for (const util::Diagnostic& d : report.diagnostics) ADD_FAILURE() << d.ToString();
  EXPECT_EQ(report.networks, 2);
  EXPECT_EQ(report.scenarios, 2);
  EXPECT_EQ(report.events, 5);
  EXPECT_EQ(report.sites, 18);
}

TEST(Loader, DataDirFollowsTheEnvironment) {
  setenv("CHAINTWIN_DATA", "/somewhere/data", 1);
  EXPECT_EQ(DataDir(), "/somewhere/data");
  EXPECT_EQ(DefaultNetworkPath(), "/somewhere/data/battery/network.yaml");
  unsetenv("CHAINTWIN_DATA");
  EXPECT_NE(DataDir(), "/somewhere/data");
}

}  // namespace
}  // namespace chaintwin::io
