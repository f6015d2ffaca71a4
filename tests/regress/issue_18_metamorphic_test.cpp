// Issue 18 §1, metamorphic: on every bundled scenario (data/battery/scenarios/*.yaml), giving
// the network more — 50 % more of every stock given, 20 % more capacity on every process with a
// finite one, every alternate qualified at once, an alternate supplier with stock — raises
// neither unserved end-use demand nor lost cell output (docs/SIMULATION.md, "Re-sourcing"),
// but for the one known case below.
// How often such a change increases it at all on generated networks is a benchmark figure
// (docs/BENCHMARKS.md), not a test.
#include <iomanip>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "chaintwin/analyze/sensitivity.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/sim/engine.hpp"
#include "testutil/bundled.hpp"
#include "testutil/metamorphic.hpp"

namespace chaintwin {
namespace {

using testutil::Losses;

Losses Simulate(const model::Network& network, const model::Scenario& scenario) {
  return testutil::LossesOf(sim::Simulate(model::Compile(network), scenario));
}

// The one case, traced day by day, where more options still raise lost cell output (never
// unserved demand): graphite_ban_joint_stockpile_60d, where anode plants outside China compete
// for the same small non-Chinese anode output. Given the alternates at once (or a 10-unit
// alternate), other cell plants draw on BTR Indonesia and Syrah from day 0, so Germany's plants
// get less during the ban, and after it they wait 31 days for Chinese anode while the
// substitutes' cargo stops 14-26 days after the re-plan (docs/SIMULATION.md, Known limits).
// The shortage moves from the US plants (0.105 GWh) to the German ones (0.149 GWh). Held as a
// fence: the rise may not grow beyond what was measured, and no other case may rise at all.
//
// Found at the merge of the Dec 2026 data: on cn_export_controls_oct2025, 1.5x stock raises
// lost cell output from 1.605815756 to 1.605818070 GWh (2.3 kWh, 1.4e-6 relative), fenced at
// 1e-5 GWh. Traced to where, not to one rule (docs/SIMULATION.md, Known limits): not
// allocation (allocation by baseline share gives the same figures); every buyer starts above
// its position, nothing is ordered on day 0, and the same shortage episodes lose 1e-6 more,
// mostly India's cell plants on days 138-141 and 194-197.
double KnownLostOutputRise(const std::string& scenario, const std::string& what) {
  if (scenario == "cn_export_controls_oct2025" && what == "more stock") return 1e-5;
  if (scenario != "graphite_ban_joint_stockpile_60d") return 0.0;
  if (what == "alternates qualified at once") return 0.045;
  if (what == "alternate supplier with 10") return 0.0011;
  return 0.0;
}

// More options never look worse: neither unserved end-use demand nor lost cell output rises,
// beyond float noise (1e-9 relative to the run's figure, at least 1e-9 GWh), except the known
// case above.
void ExpectNoWorse(const Losses& with, const Losses& base, const std::string& scenario,
                   const std::string& what) {
  EXPECT_LE(with.unserved, base.unserved + 1e-9 * std::max(1.0, base.unserved))
      << what << ": unserved demand";
  EXPECT_LE(with.lost_cell_output, base.lost_cell_output +
                                       1e-9 * std::max(1.0, base.lost_cell_output) +
                                       KnownLostOutputRise(scenario, what))
      << what << ": lost cell output " << std::setprecision(12) << with.lost_cell_output << " vs "
      << base.lost_cell_output;
}

using testutil::ForEachBundledScenario;

TEST(Issue18Metamorphic, MoreStockCapacityOrQualifiedAlternatesNeverLookWorseOnBundledScenarios) {
  int scenarios = ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    const Losses base = Simulate(loaded.network, loaded.scenario);
    model::Network more_stock = loaded.network;
    for (model::Site& site : more_stock.sites) {
      for (model::Stock& s : site.inventory) s.quantity *= 1.5;
    }
    model::Network more_capacity = loaded.network;
    for (model::Site& site : more_capacity.sites) {
      for (model::Process& p : site.processes) {
        if (std::isfinite(p.capacity_per_day)) p.capacity_per_day *= 1.2;
      }
    }
    // Every alternate lane usable from the first day of a shortage or block (graphite_ban:
    // BTR Indonesia's and Syrah's lanes, 90 and 180 d, qualified at once).
    model::Network qualified = loaded.network;
    for (model::Lane& lane : qualified.lanes) {
      if (lane.alternate) lane.qualification_days = 0;
    }
    ExpectNoWorse(Simulate(more_stock, loaded.scenario), base, loaded.scenario.id, "more stock");
    ExpectNoWorse(Simulate(more_capacity, loaded.scenario), base, loaded.scenario.id,
                  "more capacity");
    ExpectNoWorse(Simulate(qualified, loaded.scenario), base, loaded.scenario.id,
                  "alternates qualified at once");
  });
  EXPECT_GE(scenarios, 5);
}

// A supplier outside every event's reach (its own country, ZZ) holding `stock` of each material
// the network ships, with an alternate lane (qualified at once, 10 days) to every buyer of it.
model::Network WithAlternateSupplier(const model::Network& network, double stock) {
  model::Network out = network;
  out.countries.push_back(model::Country{"ZZ", "Test alternate"});
  std::vector<std::pair<std::string, std::string>> pairs;  // (material, buyer)
  for (const model::Lane& lane : network.lanes) {
    std::pair<std::string, std::string> key{lane.material, lane.buyer};
    if (std::find(pairs.begin(), pairs.end(), key) == pairs.end()) pairs.push_back(key);
  }
  std::vector<std::string> materials;
  for (const auto& [material, buyer] : pairs) {
    if (std::find(materials.begin(), materials.end(), material) == materials.end()) {
      materials.push_back(material);
    }
  }
  for (const std::string& material : materials) {
    model::Site site;
    site.id = "zz_alternate_" + material;
    site.name = site.id;
    site.country = "ZZ";
    site.inventory.push_back(model::Stock{material, stock});
    out.sites.push_back(site);
  }
  for (const auto& [material, buyer] : pairs) {
    model::Lane lane;
    lane.id = "zz_alternate_" + material + "_" + buyer;
    lane.supplier = "zz_alternate_" + material;
    lane.buyer = buyer;
    lane.material = material;
    lane.transit_days = 10;
    lane.share = 0.0;
    lane.alternate = true;
    lane.qualification_days = 0;
    out.lanes.push_back(lane);
  }
  return out;
}

// Issue 18 §1: an alternate supplier with stock (10 or 1000 units of each material, in its
// canonical unit), usable from the first day, raises neither loss on a bundled scenario (but
// for the known case above).
TEST(Issue18Metamorphic, AnAlternateSupplierWithStockNeverLooksWorseOnBundledScenarios) {
  int scenarios = ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    const Losses base = Simulate(loaded.network, loaded.scenario);
    for (double stock : {10.0, 1000.0}) {
      ExpectNoWorse(Simulate(WithAlternateSupplier(loaded.network, stock), loaded.scenario), base,
                    loaded.scenario.id,
                    "alternate supplier with " + std::to_string(static_cast<int>(stock)));
    }
  });
  EXPECT_GE(scenarios, 5);
}

// The network with every slot's opening stock written out (what the run starts from when the
// site gives none: its target), so that stock can be added to it.
model::Network WithOpeningStockGiven(const model::Network& network) {
  model::Network out = network;
  const model::CompiledNetwork net = model::Compile(network);
  std::map<std::string, model::Site*> site_of;
  for (model::Site& site : out.sites) site_of[site.id] = &site;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    model::Site& site = *site_of.at(net.site_key[net.slot_site[slot].value]);
    const std::string& material = net.material_key[net.slot_material[slot].value];
    std::erase_if(site.inventory, [&](const model::Stock& k) { return k.material == material; });
    site.inventory.push_back(model::Stock{material, net.slot_initial_stock[slot]});
  }
  return out;
}

// The opening pipeline of every buyer slot, (site, material) -> baseline flow x transit days
// summed over the lanes bringing it (docs/SIMULATION.md, "The start").
std::map<std::pair<std::string, std::string>, double> AtSea(const model::Network& network) {
  const model::CompiledNetwork net = model::Compile(network);
  std::map<std::pair<std::string, std::string>, double> at_sea;
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    const uint32_t to = net.lane_to[l].value;
    at_sea[{net.site_key[net.slot_site[to].value], net.material_key[net.slot_material[to].value]}] +=
        net.lane_expected_flow[l] * net.lane_transit[l];
  }
  return at_sea;
}

std::map<std::pair<std::string, std::string>, double> Subtract(
    std::map<std::pair<std::string, std::string>, double> a,
    const std::map<std::pair<std::string, std::string>, double>& b) {
  for (const auto& [key, value] : b) a[key] -= value;
  return a;
}

// Where shorter transit with the cargo kept still raises unserved demand, in GWh, as measured
// (fenced: the rise may not grow, no other case may rise). The scenario runs short of anode
// material everywhere outside China for months (graphite_ban_output_baseline: 12.43 GWh
// unserved), and every plant's share of the non-Chinese output is set pro rata by what it asks.
// eu_cell_carbon_standard (then 40 kg/kWh, 27.22 GWh unserved) rose for FR (+0.010) and KR
// (+0.0001 GWh) and was fenced too; at 60 kg/kWh with the Dec 7 emission factors (47.81 GWh
// unserved) it no longer rises and its fences are gone. Traced for DE (+0.200 GWh): with the German cell
// lanes at 2 days instead of 3, EU EV demand needs one day of their flow less on order; it holds
// that day as stock (kept) and so orders 0.055 GWh less on day 0; the European cell plants make
// less, order less anode material from day 1 (BTR Indonesia ships 11.05 t instead of 12.81 t),
// and every anode shortage outside China starts up to two days earlier, with a smaller claim
// on the scarce supply. The faster lane works as stated; pro_rata rewards asking more
// (docs/SIMULATION.md, Known limits). Found with the capped-lane order limit; the engine before
// it raised eu_cell_carbon_standard the same (FR, KR) and graphite_ban_output_baseline for FR
// (+0.008 GWh), from 19.69 GWh unserved as given. The share split around capped lanes
// (Re-sourcing) raised graphite_ban_output_baseline for FR by 0.0055 GWh and for US from 0.0140
// to 0.0144 GWh (not traced).
double KnownTransitRise(const std::string& scenario, const std::string& country) {
  static const std::map<std::pair<std::string, std::string>, double> kRise = {
      {{"graphite_ban_output_baseline", "CA"}, 0.064},
      {{"graphite_ban_output_baseline", "DE"}, 0.201},
      {{"graphite_ban_output_baseline", "FR"}, 0.006},
      {{"graphite_ban_output_baseline", "ID"}, 0.123},
      {{"graphite_ban_output_baseline", "IN"}, 0.044},
      {{"graphite_ban_output_baseline", "US"}, 0.015},
  };
  auto it = kRise.find({scenario, country});
  return it == kRise.end() ? 0.0 : it->second;
}

// Transit, metamorphic. Faster cargo carries less at sea: a lane starts with its baseline flow
// for each day of its transit (docs/SIMULATION.md, "The start"), so halving a transit also takes
// half that opening pipeline away, a real loss of stock, not a rule. The relation that must
// hold keeps the cargo: the transit times of every lane from one supplier country x 0.5 (as
// `analyze sensitivity` scales them, chokepoint crossing days too), with what those lanes no
// longer carry at the start (baseline flow x the days taken off) added to their buyers' opening
// stock, does not raise unserved end-use demand. Each bundled scenario, each supplier country
// with a lane in transit; but for the fenced cases above. Before the capped-lane order limit (Re-sourcing), graphite_ban with
// Korea's transit halved left EU EV demand short on days 217-255 (6.22 GWh, cargo not kept):
// on day 194 its only supplier able to deliver anything was the capped Chinese cell lane
// (0.05 GWh within the window), so the whole order, 7.7 GWh, went there and stayed owed for
// months, filling the buyer's position while the European plants recovered.
TEST(Issue18Metamorphic, ShorterTransitWithTheCargoAtSeaKeptNeverLooksWorseOnBundledScenarios) {
  int runs = 0;
  int scenarios = ForEachBundledScenario([&](const io::LoadedScenario& loaded) {
    const model::Network given = WithOpeningStockGiven(loaded.network);
    const Losses base = Simulate(given, loaded.scenario);
    std::map<std::string, std::string> country_of;
    for (const model::Site& site : given.sites) country_of[site.id] = site.country;
    std::set<std::string> countries;
    for (const model::Lane& lane : given.lanes) {
      if (lane.transit_days > 0) countries.insert(country_of.at(lane.supplier));
    }
    for (const std::string& country : countries) {
      SCOPED_TRACE("transit times from " + country + " x 0.5");
      analyze::Perturbation p;
      p.input = analyze::InputClass::kTransit;
      p.country = country;
      model::Network faster = given;
      analyze::ApplyPerturbation(p, 0.5, faster);
      const std::map<std::pair<std::string, std::string>, double> kept = Subtract(AtSea(given), AtSea(faster));
      for (model::Site& site : faster.sites) {
        for (model::Stock& k : site.inventory) {
          auto it = kept.find({site.id, k.material});
          if (it != kept.end()) k.quantity += it->second;
        }
      }
      const Losses with = Simulate(faster, loaded.scenario);
      EXPECT_LE(with.unserved, base.unserved + 1e-9 * std::max(1.0, base.unserved) +
                                   KnownTransitRise(loaded.scenario.id, country))
          << "unserved demand " << std::setprecision(12) << with.unserved << " vs "
          << base.unserved;
      ++runs;
    }
  });
  EXPECT_GE(scenarios, 5);
  EXPECT_GE(runs, 5 * scenarios);
}

// The traced case itself, as `analyze sensitivity` runs it (cargo at sea not kept): with the
// Korean lanes' transit halved, graphite_ban serves every end user, as it does as given.
TEST(Issue18Metamorphic, GraphiteBanWithKoreanTransitHalvedServesEveryEndUser) {
  io::LoadedScenario loaded =
      io::LoadScenario(std::string(CT_DATA_DIR) + "/battery/scenarios/graphite_ban.yaml");
  analyze::Perturbation p;
  p.input = analyze::InputClass::kTransit;
  p.country = "KR";
  model::Network faster = loaded.network;
  analyze::ApplyPerturbation(p, 0.5, faster);
  const Losses base = Simulate(loaded.network, loaded.scenario);
  const Losses with = Simulate(faster, loaded.scenario);
  EXPECT_LE(base.unserved, 1e-9);
  EXPECT_LE(with.unserved, 1e-9);
}

}  // namespace
}  // namespace chaintwin
