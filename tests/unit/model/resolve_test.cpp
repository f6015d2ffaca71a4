// Event scope: which lanes, processes and slots each event kind reaches.
#include "chaintwin/model/resolved_scenario.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "testutil/builder.hpp"

namespace chaintwin::model {
namespace {

using testutil::MakeEvent;
using testutil::MakeScenario;
using testutil::NetBuilder;

// Three countries; CN makes graphite and anode, JP makes anode; KR, JP and US buy.
NetBuilder Net() {
  NetBuilder b;
  b.Material("graphite").Material("anode").Material("cells", Dimension::kEnergy, Stage::kCell);
  for (const char* c : {"CN", "JP", "KR", "US"}) b.Country(c);
  b.Group("allies", {"JP", "US"});
  b.Site("cn_gr", "CN");
  b.Site("cn_an", "CN");
  b.Site("jp_an", "JP");
  b.Site("kr_cell", "KR", 10);
  b.Site("us_cell", "US", 10);
  b.Site("jp_cell", "JP", 10);
  b.Process("cn_gr", "graphite", 10)
      .Process("cn_an", "anode", 10, {{"graphite", 1}})
      .Process("jp_an", "anode", 10, {{"graphite", 1}});
  for (const char* cell : {"kr_cell", "us_cell", "jp_cell"}) {
    b.Process(cell, "cells", 10, {{"anode", 1}}).Demand(cell, "cells", 1);
    b.Lane("cn_an", cell, "anode", 3, 0.5);
    b.Lane("jp_an", cell, "anode", 3, 0.5);
  }
  b.Lane("cn_gr", "cn_an", "graphite", 1);
  b.Lane("cn_gr", "jp_an", "graphite", 5);
  return b;
}

std::vector<std::string> LaneKeys(const CompiledNetwork& net, const ResolvedEvent& e) {
  std::vector<std::string> keys;
  for (LaneId l : e.lanes) keys.push_back(net.lane_key[l.value]);
  std::sort(keys.begin(), keys.end());
  return keys;
}

TEST(Resolve, ExportBanDefaultsToEveryoneButTheOrigin) {
  NetBuilder b = Net();
  auto net = Compile(b.network());
  auto sc = MakeScenario(30);
  auto e = MakeEvent("ban", EventKind::kExportBan, 0, 10);
  e.origins = {"CN"};
  e.materials = {"anode"};
  sc.events.push_back(e);
  auto r = Resolve(net, sc);
  EXPECT_EQ(LaneKeys(net, r.events[0]),
            (std::vector<std::string>{"cn_an->jp_cell:anode", "cn_an->kr_cell:anode",
                                      "cn_an->us_cell:anode"}));
}

TEST(Resolve, ExportBanToAllButAGroupSparesItsMembers) {
  NetBuilder b = Net();
  auto net = Compile(b.network());
  auto sc = MakeScenario(30);
  auto e = MakeEvent("ban", EventKind::kExportBan, 0, 10);
  e.origins = {"CN"};
  e.except = {"allies"};
  sc.events.push_back(e);
  auto r = Resolve(net, sc);
  // Every material (none listed): the graphite lane to Japan is spared, domestic lanes too.
  EXPECT_EQ(LaneKeys(net, r.events[0]), (std::vector<std::string>{"cn_an->kr_cell:anode"}));
}

TEST(Resolve, ExportBanFromAGroupToListedDestinations) {
  NetBuilder b = Net();
  auto net = Compile(b.network());
  auto sc = MakeScenario(30);
  auto e = MakeEvent("ban", EventKind::kExportBan, 0, 10);
  e.origins = {"allies"};
  e.destinations = {"KR"};
  sc.events.push_back(e);
  auto r = Resolve(net, sc);
  EXPECT_EQ(LaneKeys(net, r.events[0]), (std::vector<std::string>{"jp_an->kr_cell:anode"}));
}

TEST(Resolve, OutageByCountryAndMaterialReachesOnlyThoseProcesses) {
  NetBuilder b = Net();
  auto net = Compile(b.network());
  auto sc = MakeScenario(30);
  auto e = MakeEvent("fire", EventKind::kSiteOutage, 0, 10);
  e.countries = {"CN"};
  e.materials = {"anode"};
  sc.events.push_back(e);
  auto r = Resolve(net, sc);
  ASSERT_EQ(r.events[0].processes.size(), 1u);
  EXPECT_EQ(net.site_key[net.process_site[r.events[0].processes[0].value].value], "cn_an");
}

TEST(Resolve, DemandShockByGroupReachesDemandSlotsOfItsMembers) {
  NetBuilder b = Net();
  auto net = Compile(b.network());
  auto sc = MakeScenario(30);
  auto e = MakeEvent("boom", EventKind::kDemandShock, 0, 10);
  e.countries = {"allies"};
  sc.events.push_back(e);
  auto r = Resolve(net, sc);
  std::vector<std::string> sites;
  for (SlotId s : r.events[0].slots) sites.push_back(net.site_key[net.slot_site[s.value].value]);
  std::sort(sites.begin(), sites.end());
  EXPECT_EQ(sites, (std::vector<std::string>{"jp_cell", "us_cell"}));
}

TEST(Resolve, NominalUsesModeMidpointAndMedian) {
  Distribution tri{Distribution::Kind::kTriangular, 60, 365, 180};
  Distribution uni{Distribution::Kind::kUniform, 90, 270, 0};
  Distribution logn{Distribution::Kind::kLognormal, 120, 0.5, 0};
  EXPECT_DOUBLE_EQ(tri.Nominal(), 180);
  EXPECT_DOUBLE_EQ(uni.Nominal(), 180);
  EXPECT_DOUBLE_EQ(logn.Nominal(), 120);
}

TEST(Resolve, DrawsStayInsideTheirSupportAndAreReproducible) {
  Distribution tri{Distribution::Kind::kTriangular, 60, 365, 180};
  for (uint64_t s = 0; s < 1000; ++s) {
    double v = Sample(tri, s);
    EXPECT_GE(v, 60);
    EXPECT_LE(v, 365);
    EXPECT_EQ(v, Sample(tri, s));
  }
}

TEST(Resolve, AddingAnEventDoesNotChangeTheDrawsOfTheOthers) {
  NetBuilder b = Net();
  auto net = Compile(b.network());
  auto sc = MakeScenario(365);
  auto e = MakeEvent("fire", EventKind::kSiteOutage, 0, 10);
  e.sites = {"cn_an"};
  e.duration_days = Distribution{Distribution::Kind::kUniform, 10, 100, 0};
  sc.events.push_back(e);
  auto one = SampleSchedule(Resolve(net, sc), 42, 7);
  auto other = e;
  other.id = "another";
  sc.events.insert(sc.events.begin(), other);
  auto two = SampleSchedule(Resolve(net, sc), 42, 7);
  EXPECT_EQ(one[0].end_day, two[1].end_day);
}

}  // namespace
}  // namespace chaintwin::model
