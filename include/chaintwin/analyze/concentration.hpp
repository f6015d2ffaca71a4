// Concentration of supply: the Herfindahl-Hirschman index (HHI) of each material by country
// and by company, with the largest shares, and the single points of failure of the network.
// Shares are of nameplate process capacity (or of a run's production, when given).
// See docs/ANALYSIS.md for the methods.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"
#include "chaintwin/util/ids.hpp"

namespace chaintwin::analyze {

// One holder's part of a material's supply.
struct ShareEntry {
  std::string key;        // ISO country code, or company (site operator; the site key if none)
  // Canonical units of the material: per day (capacity basis) or over the run (production).
  double quantity = 0.0;
  double share = 0.0;     // fraction 0..1 of the material's total
};

struct MaterialConcentration {
  MaterialId material;
  model::Stage stage = model::Stage::kComponent;
  double total = 0.0;        // summed finite capacity per day, or production over the run
  int producers = 0;         // sites with finite capacity (or production) > 0
  int unlimited_sites = 0;   // external sites of unlimited capacity, left out of the shares
  double hhi_country = 0.0;  // sum of (100 x share)^2 over countries: 0..10,000
  double hhi_company = 0.0;  // same over companies
  std::vector<ShareEntry> countries;  // every country, largest share first, then by key
  std::vector<ShareEntry> companies;  // every company, largest share first, then by key
};

enum class ShareBasis { kCapacity, kProduction };

struct ConcentrationOptions {
  ShareBasis basis = ShareBasis::kCapacity;
  // Required for kProduction: quantity made per slot over a run (ProductionBySlot()).
  const std::vector<double>* production = nullptr;
};

// HHI and shares of every material made by some process (or, for kProduction, made in the
// run), in material id order. `network` is the Network `compiled` was compiled from (for the
// site operators). Cost: linear in processes + sites x countries.
std::vector<MaterialConcentration> Concentration(const model::Network& network,
                                                 const model::CompiledNetwork& compiled,
                                                 const ConcentrationOptions& options = {});

// HHI on the 0..10,000 scale of shares given as fractions (they need not sum to 1).
double Hhi(const std::vector<double>& shares);

// Quantity made per slot (indexed by SlotId) over a deterministic run of `scenario`.
std::vector<double> ProductionBySlot(const model::CompiledNetwork& compiled,
                                     const model::Scenario& scenario);

enum class SpofKind {
  kSingleSupplier,  // a buyer's (site, material) with lanes from one supplier site only, no
                    // alternate and no process of its own making it
  kSingleProducer,  // a material made at one site only
  kChokepoint,      // a chokepoint that every lane of a buyer's (site, material) crosses
};
std::string_view SpofKindName(SpofKind kind);  // "single_supplier", ...

struct SinglePointOfFailure {
  SpofKind kind = SpofKind::kSingleSupplier;
  MaterialId material;
  SiteId buyer;               // kSingleSupplier, kChokepoint; invalid for kSingleProducer
  SiteId site;                // the one supplier (kSingleSupplier) or producer (kSingleProducer)
  ChokepointId chokepoint;    // kChokepoint
  int lanes = 0;              // lanes into the buyer's slot (kSingleSupplier, kChokepoint)
  double flow_per_day = 0.0;  // baseline inflow at stake (buyer) or production (producer)
};

// Every single point of failure, by kind, then material, then buyer, then site/chokepoint.
// A buyer slot counts only when it has at least one lane in.
std::vector<SinglePointOfFailure> SinglePointsOfFailure(const model::CompiledNetwork& compiled);

}  // namespace chaintwin::analyze
