// Builds small networks and scenarios in code for tests, without files: a few lines per site,
// in canonical units (t, GWh, days; rates per day).
#pragma once

#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin::testutil {

class NetBuilder {
 public:
  NetBuilder() { net_.id = "test"; }

  NetBuilder& Material(const std::string& id, model::Dimension dim = model::Dimension::kMass,
                       model::Stage stage = model::Stage::kComponent) {
    model::Material m;
    m.id = id;
    m.dimension = dim;
    m.stage = stage;
    m.unit = std::string(model::CanonicalUnit(dim));
    net_.materials.push_back(m);
    return *this;
  }
  NetBuilder& Country(const std::string& code) {
    net_.countries.push_back(model::Country{code, code});
    return *this;
  }
  NetBuilder& Group(const std::string& id, std::vector<std::string> members) {
    net_.groups.push_back(model::Group{id, id, std::move(members), ""});
    return *this;
  }
  NetBuilder& Chokepoint(const std::string& id) {
    net_.chokepoints.push_back(model::Chokepoint{id, id, {}, {}});
    return *this;
  }
  // A site; stock_days is its default target days of supply.
  model::Site& Site(const std::string& id, const std::string& country, double stock_days = 0) {
    model::Site s;
    s.id = id;
    s.name = id;
    s.country = country;
    s.stock_days_default = stock_days;
    net_.sites.push_back(s);
    return net_.sites.back();
  }
  model::Site& SiteRef(const std::string& id) {
    for (auto& s : net_.sites) {
      if (s.id == id) return s;
    }
    return net_.sites.front();
  }
  NetBuilder& Process(const std::string& site, const std::string& output, double capacity,
                      std::vector<model::RecipeInput> inputs = {}) {
    model::Process p;
    p.id = output;
    p.output = output;
    p.capacity_per_day = capacity;
    p.inputs = std::move(inputs);
    SiteRef(site).processes.push_back(p);
    return *this;
  }
  NetBuilder& Stock(const std::string& site, const std::string& material, double qty) {
    SiteRef(site).inventory.push_back(model::Stock{material, qty});
    return *this;
  }
  NetBuilder& Demand(const std::string& site, const std::string& material, double per_day) {
    SiteRef(site).demand.push_back(model::Demand{material, per_day});
    return *this;
  }
  model::Lane& Lane(const std::string& from, const std::string& to, const std::string& material,
                    int transit, double share = 1.0) {
    model::Lane l;
    l.id = from + "->" + to + ":" + material;
    l.supplier = from;
    l.buyer = to;
    l.material = material;
    l.transit_days = transit;
    l.share = share;
    net_.lanes.push_back(l);
    return net_.lanes.back();
  }
  NetBuilder& Contract(const std::string& seller, const std::string& buyer,
                       const std::string& material, int priority, double volume = 0) {
    model::Contract k;
    k.id = seller + "->" + buyer;
    k.seller = seller;
    k.buyer = buyer;
    k.material = material;
    k.priority = priority;
    k.volume_per_day = volume;
    net_.contracts.push_back(k);
    return *this;
  }
  model::Network& network() { return net_; }

 private:
  model::Network net_;
};

// The baseline flow per day of contract `k`'s lanes (from its seller to its buyer, of its
// material) in `net`, the compiled `network`.
inline double ContractFlow(const model::CompiledNetwork& net, const model::Network& network,
                           const model::Contract& k) {
  double flow = 0.0;
  for (const model::Lane& lane : network.lanes) {  // Compile renumbers lanes: look them up
    if (lane.supplier == k.seller && lane.buyer == k.buyer && lane.material == k.material) {
      flow += net.lane_expected_flow[net.FindLane(lane.id).value];
    }
  }
  return flow;
}

// The sites of the hand-worked capacity cases (tests/golden/): cells (GWh) at S (CN) and T (JP),
// 1000 each, and a buyer B (KR) that needs 10 per day and targets one day of supply. The lanes
// are the caller's.
inline NetBuilder CellsBuyerAndTwoSuppliers() {
  NetBuilder b;
  b.Material("cells", model::Dimension::kEnergy, model::Stage::kCell);
  for (const char* c : {"CN", "JP", "KR"}) b.Country(c);
  b.Site("S", "CN");
  b.Stock("S", "cells", 1000);
  b.Site("T", "JP");
  b.Stock("T", "cells", 1000);
  b.Site("B", "KR", 1);
  b.Demand("B", "cells", 10);
  return b;
}

inline model::Scenario MakeScenario(int horizon_days) {
  model::Scenario s;
  s.id = "test";
  s.start = util::DaysFromCivil(2026, 1, 1);
  s.horizon_days = horizon_days;
  return s;
}

inline model::Event MakeEvent(const std::string& id, model::EventKind kind, int start_day,
                              double duration_days) {
  model::Event e;
  e.id = id;
  e.kind = kind;
  e.start_day = start_day;
  e.duration_days = model::Distribution::Fixed(duration_days);
  return e;
}

}  // namespace chaintwin::testutil
