// The one result schema: none is null / an empty cell, CSV cells are plain values, JSON and
// CSV hold the same rows, the schema describes the JSON; losses by region add up by country.
#include "chaintwin/report/document.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/report/results.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::report {
namespace {

Document Sample() {
  Document d("simulate");
  d.Field("totals.unserved_demand_gwh", Type::kNumber, Num(1.5), "headline")
      .Field("scenario", Type::kString, Text("s"), "id");
  Records& r = d.Section("sites", "sites");
  r.Add("site", Type::kString, "id")
      .AddDay("first_shortage", "first day short", true)
      .Add("short", Type::kBoolean, "flag")
      .Add("gwh", Type::kNumber, "value", true)
      .Add("sites", Type::kStringList, "list");
  // 2026-01-01 is day 20454 since 1970-01-01.
  auto [day, date] = Records::DayCells(20454, 42);
  r.Row({Text("a,b"), day, date, Bool(true), Num(0.1), List({"x", "y"})});
  auto [never, no_date] = Records::DayCells(20454, -1);
  r.Row({Text("c"), never, no_date, Bool(false), Num(std::nan("")), List({})});
  return d;
}

TEST(Document, NoneIsNullInJsonAndAnEmptyCellInCsv) {
  Document d = Sample();
  auto j = nlohmann::json::parse(d.Json());
  EXPECT_EQ(j["schema_version"], kSchemaVersion);
  EXPECT_EQ(j["verb"], "simulate");
  EXPECT_EQ(j["totals"]["unserved_demand_gwh"], 1.5);
  ASSERT_EQ(j["sites"].size(), 2u);
  EXPECT_EQ(j["sites"][0]["first_shortage_day"], 42);
  EXPECT_EQ(j["sites"][0]["first_shortage_date"], "2026-02-12");
  EXPECT_TRUE(j["sites"][1]["first_shortage_day"].is_null());
  EXPECT_TRUE(j["sites"][1]["first_shortage_date"].is_null());
  EXPECT_TRUE(j["sites"][1]["gwh"].is_null());  // NaN is none, never a made-up number
  EXPECT_EQ(d.Csv("sites"),
            "site,first_shortage_day,first_shortage_date,short,gwh,sites\n"
            "\"a,b\",42,2026-02-12,true,0.1,x;y\n"
            "c,,,false,,\n");
}

TEST(Document, SchemaListsEveryFieldAndColumnInOrderWithNullability) {
  auto s = nlohmann::ordered_json::parse(Sample().Schema());
  auto item = s["properties"]["sites"]["items"];
  std::vector<std::string> names;
  for (auto it = item["properties"].begin(); it != item["properties"].end(); ++it) {
    names.push_back(it.key());
  }
  EXPECT_EQ(names, (std::vector<std::string>{"site", "first_shortage_day", "first_shortage_date",
                                             "short", "gwh", "sites"}));
  EXPECT_EQ(item["properties"]["first_shortage_day"]["type"],
            nlohmann::ordered_json::array({"integer", "null"}));
  EXPECT_EQ(item["properties"]["short"]["type"], "boolean");
  EXPECT_EQ(s["properties"]["totals"]["properties"]["unserved_demand_gwh"]["type"], "number");
  EXPECT_EQ(s["properties"]["schema_version"]["const"], kSchemaVersion);
}

TEST(Document, UnknownCsvTableIsAnError) {
  EXPECT_THROW(Sample().Csv("nope"), Error);
  EXPECT_EQ(Sample().Csv(), Sample().Csv("sites"));
}

TEST(Document, ARowOfTheWrongShapeIsAProgrammerError) {
  Records r;
  r.Add("n", Type::kInteger, "n");
  EXPECT_DEATH(r.Row({Num(1.0)}), "another type");
  EXPECT_DEATH(r.Row({None()}), "not nullable");
  EXPECT_DEATH(r.Row({Int(1), Int(2)}), "2 cells for 1 columns");
}

// Hand-worked: EU demand sits at a site of country EU (an aggregate), Japan's and Korea's at
// their own; the region `east_asia` holds JP and KR. Every site is short all year,
// so each region's unserved demand is its demand (the results are set by hand): europe 12, east_asia 3 + 6 = 9, other (US) 5.
TEST(Results, LossesByRegionAddUpTheirCountries) {
  const char* yaml = R"(kind: network
id: regions
materials: [{id: cell, unit: GWh, stage: cell}]
countries: [{code: EU, name: European Union}, {code: JP, name: Japan},
            {code: KR, name: "Korea, Republic of"}, {code: US, name: United States}]
groups:
  - {id: europe, name: Europe, members: [EU], region: true}
  - {id: east_asia, name: East Asia, members: [JP, KR], region: true}
  - {id: g7, name: Group of Seven, members: [JP, US]}
sites:
  - {id: eu_demand, country: EU, demand: {cell: 12 GWh/yr}, processes: [{output: cell, capacity: 1 GWh/yr}]}
  - {id: jp_demand, country: JP, demand: {cell: 3 GWh/yr}, processes: [{output: cell, capacity: 1 GWh/yr}]}
  - {id: kr_demand, country: KR, demand: {cell: 6 GWh/yr}, processes: [{output: cell, capacity: 1 GWh/yr}]}
  - {id: us_demand, country: US, demand: {cell: 5 GWh/yr}, processes: [{output: cell, capacity: 1 GWh/yr}]}
)";
  model::Network network = io::LoadNetworkFromString(yaml, "regions.yaml");
  model::CompiledNetwork net = model::Compile(network);
  ASSERT_EQ(net.region_key, (std::vector<std::string>{"europe", "east_asia"}));
  sim::Results r;
  r.sites.resize(4);
  const double demand[] = {12, 3, 6, 5};
  for (size_t s = 0; s < 4; ++s) {
    r.sites[s].demand_gwh = demand[s];
    r.sites[s].unserved_demand_gwh = demand[s];
  }
  auto regions = LossByRegion(net, r);
  ASSERT_EQ(regions.size(), 3u);
  EXPECT_EQ(regions[0].code, "europe");
  EXPECT_DOUBLE_EQ(regions[0].unserved_demand_gwh, 12);
  EXPECT_EQ(regions[1].code, "east_asia");
  EXPECT_EQ(regions[1].name, "East Asia");
  EXPECT_DOUBLE_EQ(regions[1].unserved_demand_gwh, 9);
  EXPECT_EQ(regions[2].code, "other");
  EXPECT_DOUBLE_EQ(regions[2].unserved_demand_gwh, 5);
  auto countries = LossByCountry(net, r);
  ASSERT_EQ(countries.size(), 4u);
  EXPECT_EQ(countries[0].code, "EU");
  EXPECT_EQ(countries[0].name, "European Union");
}

TEST(Results, ACountryInTwoRegionsIsRefused) {
  const char* yaml = R"(kind: network
id: overlap
materials: [{id: cell, unit: GWh, stage: cell}]
countries: [{code: JP}, {code: KR}]
groups:
  - {id: a, members: [JP, KR], region: true}
  - {id: b, members: [KR], region: true}
sites: [{id: d, country: KR, demand: {cell: 1 GWh/yr}, processes: [{output: cell, capacity: 1 GWh/yr}]}]
)";
  try {
    io::LoadNetworkFromString(yaml, "overlap.yaml");
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].path, "groups[1].region");
    EXPECT_NE(e.diagnostics()[0].message.find("country `KR` is in regions `a` and `b`"),
              std::string::npos)
        << e.diagnostics()[0].message;
  }
}

}  // namespace
}  // namespace chaintwin::report
