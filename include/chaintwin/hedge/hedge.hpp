// Hedges: costed edits of a scenario and its network (docs/HEDGING.md). A hedge file
// (`kind: hedge`) describes one measure - a stockpile (own or joint among partners), an offtake
// contract, localized capacity, more recycling throughput, a chemistry shift - with what it costs.
// ApplyHedge turns it into what the engine already knows (stockpile_release and capacity_change
// events, processes with a ramp-up curve, lanes and contracts) before the network is compiled, so
// the engine judges every hedge by the same rules as any other scenario.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"

namespace chaintwin::hedge {

enum class Kind { kStockpile, kOfftake, kLocalize, kRecycling, kChemistryShift };
// "stockpile", "offtake", "localize", "recycling", "chemistry_shift"
std::string_view KindName(Kind kind);

// How a hedge's one-off spending is spread over the years: the capital recovery factor
// r (1 + r)^n / ((1 + r)^n - 1) (1 / n when r = 0).
struct Finance {
  double discount_rate = 0.08;
  double life_years = 10.0;
  double CapitalRecoveryFactor() const;
};

struct Stockpile {
  struct Holding {
    std::string material;
    double quantity = 0.0;  // canonical units of the material
  };
  struct Partner {
    std::string site;
    double contribution = 1.0;  // share of the cost it pays (any positive weights)
  };
  enum class Allocation { kProRataContribution, kByNeed };
  std::vector<Holding> holdings;
  std::vector<Partner> partners;
  double holding_usd_per_t_year = 0.0;  // storage and handling, per tonne and year
  double acquisition_usd_per_t = 0.0;   // price paid for the material
  // Release: from a date, or `trigger_delay_days` after the first event of the scenario that
  // cuts supply of a stockpiled material (export_ban, site_outage, lane_closure).
  std::optional<int32_t> trigger_date;  // days since epoch
  double trigger_delay_days = 0.0;
  double release_per_day = 0.0;         // all partners together, canonical units per day
  Allocation allocation = Allocation::kProRataContribution;
  // How the release is modelled: fixed shares as stockpile_release events (the default), or a
  // stockpile site holding the stock with alternate lanes to the partners that qualify
  // `trigger_delay_days` after a block, through a gate of `release_per_day`; the engine's
  // protocols then share it out day by day by what the partners order (docs/HEDGING.md).
  bool via_site = false;
};

struct Offtake {
  std::string supplier;             // site
  std::vector<std::string> buyers;  // sites
  std::string material;
  double volume_per_day = 0.0;      // all buyers together
  double term_years = 1.0;
  std::optional<int32_t> start;     // days since epoch; none: the scenario start
  double price_premium_usd_per_t = 0.0;
  std::optional<double> sla_otif;   // on-time-in-full target, fraction
  int32_t sla_period_days = 7;      // delivery period the OTIF is counted over
  // Owed by the supplier when the run's OTIF is below the target: per canonical unit short
  // (t for mass) and per period missed (docs/HEDGING.md, "Offtake SLA").
  double sla_penalty_usd_per_t = 0.0;
  double sla_penalty_usd_per_missed_period = 0.0;
  // Force majeure (`sla.force_majeure: [export_ban, site_outage, ...]`): a delivery period in
  // which an event of one of these kinds hits the contract - blocks or caps one of its lanes,
  // closes a chokepoint on one, or stops a process at the supplier - is excused: left out of
  // the OTIF the penalty is judged on, and owes nothing.
  std::vector<model::EventKind> force_majeure;
  bool audit_right = false;
  double audit_usd_per_year = 0.0;
  int32_t qualification_days = 0;   // days after a block before a new lane may carry
  int32_t transit_days = 0;         // of a new lane (none existed)
};

struct Localize {
  std::string site;     // an existing site, or a new one (then `like` and `country` are given)
  std::string like;     // the site whose process recipe and inbound lanes a new plant copies
  std::string country;  // of a new site
  std::string name;
  std::string output;   // material made
  double capacity_per_day = 0.0;
  std::optional<int32_t> start;          // days since epoch; none: the scenario start
  std::vector<model::RampPoint> ramp_up; // factor of capacity by day after start
  std::vector<std::string> buyers;       // new site: buyers served over new alternate lanes
  int32_t transit_days = 0;
  int32_t qualification_days = 0;
};

struct Recycling {
  std::vector<std::string> sites;
  double capacity_factor = 2.0;  // of each site's nameplate
};

// A share of cell demand and production moved from one chemistry to another (NMC to LFP), each
// with its own recipe (docs/HEDGING.md, "chemistry_shift"). The network is edited to the shifted
// state - end-use demand moved, a `to` line beside each plant's `from` line in one capacity pool,
// the new inputs' lanes and the `to` lanes to the demand sites - and demand_shock events give
// the mix before and during the ramp.
struct ChemistryShift {
  std::string from;                 // material of the cells given up (cell_nmc)
  std::string to;                   // material of the cells taken up (cell_lfp)
  double share = 0.0;               // of each demand site's `from` demand, and of each plant's
                                    // `from` capacity that becomes a `to` line
  std::vector<std::string> demand;  // end-use sites whose `from` demand moves
  std::vector<std::string> plants;  // cell plants that get a `to` line
  std::string like;                 // the site whose `to` recipe and suppliers the lines copy
  std::optional<int32_t> start;     // days since epoch; none: the scenario start
  int32_t ramp_days = 0;            // linear from 0 to the full share over these days
  double price_difference_usd_per_kwh = 0.0;  // `to` minus `from` (negative: `to` is cheaper)
  double moved_gwh_per_year = 0.0;  // share x the demand sites' `from` demand (set at load)
};

struct CostPart {
  std::string part;
  double usd_per_year = 0.0;  // negative for a saving
  std::string arithmetic;  // how the figure was made, with the numbers
  // Not spent by whoever pays for the hedge, so not in the budgeted cost (TotalCost) but in the
  // net cost (NetAdjustment): a chemistry shift's cell price difference, which falls to the car
  // makers and is a saving when the new chemistry is cheaper.
  bool net_only = false;
};

struct Hedge {
  std::string id;
  std::string name;
  std::string description;
  std::string file;
  int line = 0;
  Kind kind = Kind::kStockpile;
  Finance finance;
  double capex_usd = 0.0;          // one-off, annualised with `finance`
  double opex_usd_per_year = 0.0;  // recurring
  std::vector<std::string> sources;  // "title, year, URL" or "estimate: arithmetic"
  Stockpile stockpile;
  Offtake offtake;
  Localize localize;
  Recycling recycling;
  ChemistryShift chemistry;
};

// Loads a hedge file (`kind: hedge`), checking every reference against `network`. Throws
// InputError with every problem (file, line, field).
Hedge LoadHedge(const std::string& path, const model::Network& network);
Hedge LoadHedgeFromString(const std::string& text, const std::string& name,
                          const model::Network& network);
// The hedge files named: files, or folders (every *.yaml / *.yml in them, sorted by name).
// Throws InputError naming each bad file, NotFound for a missing path.
std::vector<Hedge> LoadHedges(const std::vector<std::string>& paths, const model::Network& network);

// The annualised cost in US dollars per year, part by part.
std::vector<CostPart> AnnualCost(const Hedge& hedge);
// The budgeted cost: the sum of the parts that are spent (not `net_only`); never negative.
double TotalCost(const std::vector<CostPart>& parts);
// The sum of the `net_only` parts (may be negative): net cost = TotalCost + this - SLA
// penalties received.
double NetAdjustment(const std::vector<CostPart>& parts);

// What partner `site` normally uses of `material` per day: its processes' capacity times their
// recipe input, plus its own end-use demand of it (the "need" of by-need allocation).
double NormalUsePerDay(const model::Network& network, const std::string& site,
                       const std::string& material);

// An offtake's on-time-in-full score over one run (docs/HEDGING.md, "Offtake SLA"). Per
// delivery period of the term inside the run: ordered = the buyers' new orders on the
// contract's lanes, at most the contracted volume for the period's days; delivered = what
// departed on those lanes in the period, at most ordered. A period with orders is on time in
// full when delivered >= ordered (to 1e-9 relative); OTIF = such periods / periods with orders
// (1 when no period had orders). Below the target the supplier owes the penalties on every unit
// short and every period missed, annualised over the run's days.
struct SlaScore {
  int32_t periods = 0;       // with orders, not excused
  int32_t periods_otif = 0;  // of those, on time in full
  int32_t periods_excused = 0;  // with orders, under force majeure (not in the figures below)
  double otif = 1.0;
  double target = 0.0;
  double ordered = 0.0;  // canonical units, over the run
  double delivered = 0.0;
  double short_quantity = 0.0;
  bool below_target = false;
  double penalty_usd_per_year = 0.0;
};
// `ordered` and `shipped` are per scenario day (the same length: the run's days), summed over
// the contract's lanes; `term_first` / `term_end` the term in scenario days ([first, end)).
// `excused`, when non-null, marks the days under force majeure (same length or shorter): a
// period with any such day is excused.
SlaScore ScoreSla(const Offtake& offtake, const std::vector<double>& ordered,
                  const std::vector<double>& shipped, int32_t term_first, int32_t term_end,
                  const std::vector<uint8_t>* excused = nullptr);

// The quantity of each stockpiled material each partner receives (site, material, quantity),
// by the stockpile's allocation rule. A partner that does not use a material gets none of it.
struct Share {
  std::string site;
  std::string material;
  double quantity = 0.0;
};
std::vector<Share> StockpileShares(const Stockpile& stockpile, const model::Network& network);

// The lanes that bring `material` to `plant` for a new line with `like`'s recipe: none when the
// plant already receives or makes it; otherwise `like`'s primary suppliers of it (their shares)
// along the route of the plant's own inbound lane from that supplier, or else from a site in
// the supplier's country (the longest such). Nullopt when a supplier has no such route.
std::optional<std::vector<model::Lane>> NewInputLanes(const model::Network& network,
                                                      const model::Site& plant,
                                                      const model::Site& like,
                                                      const std::string& material);

// Edits `network` and `scenario` so that they hold the hedge, and records its id in
// `scenario.hedges_applied`. Several hedges apply in turn. Requires: `hedge` was loaded against
// this network (before any edit). Returns notes about what the edit could not do in this
// scenario (a release trigger that never fires). Throws InputError (CheckNotApplied) when the
// scenario already holds a hedge of that id: applying it again would count it twice.
std::vector<std::string> ApplyHedge(const Hedge& hedge, model::Network& network,
                                    model::Scenario& scenario);

// Throws InputError, one diagnostic per (scenario, hedge), for each of `hedges` that a scenario
// already holds (its file's `hedges:`): the diagnostic names the scenario file, its `hedges`
// field and the hedge's file. The hedge verbs call it before they run anything.
void CheckNotApplied(const std::vector<const Hedge*>& hedges,
                     const std::vector<const model::Scenario*>& scenarios);

}  // namespace chaintwin::hedge
