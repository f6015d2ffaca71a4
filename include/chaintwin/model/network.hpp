// The supply network as the user wrote it: materials, countries and groups, sites with
// processes, lanes, contracts, chokepoints, and the sources behind the figures.
// Keys are the user's string ids; quantities are in canonical units (model/units.hpp),
// rates per day. A Network that came out of io::Load* has been validated whole: every
// reference resolves, every number is in range. CompiledNetwork (compiled.hpp) is the
// dense form the engines run on.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/model/catena_x.hpp"
#include "chaintwin/model/units.hpp"

namespace chaintwin::model {

enum class Stage { kMining, kRefining, kComponent, kCell, kPack, kEndUse, kEndOfLife };
std::string_view StageName(Stage stage);  // "mining", "refining", ..., "end_use", "end_of_life"

// Where a figure comes from. `id` keys Network::sources.
struct Source {
  std::string id;
  std::string title;
  std::string publisher;
  int year = 0;
  std::string url;
  std::string note;
};

// The provenance of one figure in the network, for `chaintwin data sources`.
struct FigureRecord {
  std::string path;      // "sites[cn_anode].processes[0].capacity"
  std::string site;      // site key when the figure belongs to a site or lane buyer, else ""
  std::string material;  // material key when known, else ""
  std::string country;   // ISO code when known, else ""
  std::string text;      // the value as written, "16 kt/yr"
  std::string source;    // key into Network::sources, or "" when none was given
  bool estimate = false;
  std::string note;
};

struct Material {
  std::string id;
  std::string name;
  std::string unit;  // the unit the user thinks in ("t", "GWh", "m2"); display only
  Dimension dimension = Dimension::kMass;
  Stage stage = Stage::kComponent;
  // GWh of battery cells one canonical unit stands for (1 for energy materials, 0 when the
  // material has no energy equivalent). Used to state lost output in GWh.
  double gwh_per_unit = 0.0;
};

struct Country {
  std::string code;  // ISO 3166-1 alpha-2
  std::string name;
};

// A named set of countries ("eu", "g7", "meti_partners"). Members are expanded at load:
// a group that names another group holds that group's countries.
struct Group {
  std::string id;
  std::string name;
  std::vector<std::string> members;  // ISO codes, sorted, unique
  std::string description;
  // A region ("European Union", "East Asia"): reports total losses by region. Regions do not
  // overlap (a country belongs to at most one, checked at load); other groups may.
  bool region = false;
};

struct Chokepoint {
  std::string id;
  std::string name;
  std::optional<double> lat;
  std::optional<double> lon;
  // Throughput: the most that may depart per day, summed over every lane that crosses it and
  // carries a material of `capacity_dimension` (lanes of other dimensions are not counted).
  // None: unlimited. Held by model::ApplySharedLimits (model/capacity.hpp).
  std::optional<double> capacity_per_day;
  Dimension capacity_dimension = Dimension::kMass;
};

struct RecipeInput {
  std::string material;
  double per_unit = 0.0;  // canonical input units per canonical output unit
};

// A point of a ramp-up curve: `factor` of nameplate capacity `day` days after the start.
// Capacity is linear between points and flat after the last.
struct RampPoint {
  int32_t day = 0;
  double factor = 1.0;
};

struct Process {
  std::string id;
  std::string output;
  // Per day. +infinity only for a process of an external site with no capacity given.
  double capacity_per_day = 0.0;
  std::vector<RecipeInput> inputs;   // empty for a mine or an external source
  std::optional<int32_t> start;      // first day of operation (days since epoch); none = always
  std::vector<RampPoint> ramp_up;    // relative to `start` (or to the scenario start)
  // A capacity pool of the site this process shares with others ("" = none): what all of the
  // pool's processes make per day together is at most the pool's capacity, besides each one's
  // own capacity_per_day (one plant, one pooled capacity, several products).
  std::string capacity_pool;
  int32_t lead_days = 0;             // production lead time: days from start to finished goods
};

// A capacity several processes of one site share (CapacityPool::id named by Process::
// capacity_pool). Its processes' outputs share one dimension; capacity in its canonical rate.
struct CapacityPool {
  std::string id;
  double capacity_per_day = 0.0;
};

struct Stock {
  std::string material;
  double quantity = 0.0;
};

struct StockDays {
  std::string material;
  double days = 0.0;
};

struct Demand {
  std::string material;
  double per_day = 0.0;
};

// How a site orders one material (docs/SIMULATION.md, "Inventory policies"). kCover is the
// default rule (target days of supply plus the pipeline); the others order on the slot's
// inventory position: on hand + work in process + on order and in transit - what it owes
// (for a made material, plus what its recipe inputs on hand and on order would make).
enum class PolicyKind { kCover, kBaseStock, kMinMax, kReorderQuantity };
std::string_view PolicyKindName(PolicyKind kind);  // "cover", "base_stock", "s_S", "R_Q"

struct InventoryPolicy {
  std::string material;
  PolicyKind kind = PolicyKind::kCover;
  double level = 0.0;          // base_stock and s_S: order up to this position (S)
  double reorder_point = 0.0;  // s_S: s; R_Q: R. Orders when the position is <= it
  double quantity = 0.0;       // R_Q: Q, ordered in the fewest multiples that lift it above R
  double order_cap_per_day = std::numeric_limits<double>::infinity();  // any kind
};

enum class DemandMode { kLostSales, kBacklog };

struct Site {
  std::string id;
  std::string name;
  std::string operator_name;
  std::string country;  // ISO code
  std::optional<double> lat;
  std::optional<double> lon;
  // A supplier outside the modelled network: no stock policy, inputs not modelled, capacity
  // unlimited unless given. Events cut it like any other site.
  bool external = false;
  std::vector<Process> processes;
  std::vector<CapacityPool> capacity_pools;
  std::vector<Stock> inventory;          // initial stock
  double stock_days_default = 0.0;       // target days of supply for every material
  std::vector<StockDays> stock_days;     // per-material overrides
  std::vector<Demand> demand;            // end-use demand
  std::vector<InventoryPolicy> inventory_policy;  // per material; none = the cover rule
  DemandMode demand_mode = DemandMode::kLostSales;
  double priority_weight = 1.0;          // end-use class weight for the allocation plan
  std::optional<double> ttr_days;        // time to recover when disrupted (analysis)
  std::string description;
};

enum class TransportMode { kSea, kRail, kRoad, kAir, kPipeline, kInternal };
std::string_view TransportModeName(TransportMode mode);

struct ChokepointCrossing {
  std::string chokepoint;
  int32_t day = 0;  // day of the voyage on which it is crossed (default: transit / 2)
};

struct Lane {
  std::string id;
  std::string supplier;  // site key
  std::string buyer;     // site key
  std::string material;
  TransportMode mode = TransportMode::kSea;
  int32_t transit_days = 0;  // rounded to whole days at load
  std::optional<double> distance_km;
  std::vector<ChokepointCrossing> chokepoints;
  double share = 1.0;  // of the buyer's orders of this material (primaries sum to 1)
  bool alternate = false;
  int32_t qualification_days = 0;  // alternates: days after a block before it can be used
  // The most that may depart on the lane per day; none: unlimited (model/capacity.hpp).
  std::optional<double> capacity_per_day;
};

enum class ContractKind { kOfftake, kSpot, kMutualAccommodation, kJointStockpile };
std::string_view ContractKindName(ContractKind kind);

struct Contract {
  std::string id;
  std::string buyer;
  std::string seller;
  std::string material;
  double volume_per_day = 0.0;
  // Volume cap: while in force, the seller's lanes to the buyer for the material carry at most
  // this much per day between them. None: no cap (model/capacity.hpp).
  std::optional<double> max_volume_per_day;
  std::optional<int32_t> start;  // days since epoch
  std::optional<int32_t> end;
  int priority = 1;  // tier: 1 is served first
  std::optional<double> sla_otif;  // on-time-in-full target, fraction
  std::string sla_quality;
  bool audit_right = false;
  ContractKind kind = ContractKind::kOfftake;
};

// A display name of a country, group, material or site in one language (docs/FORMATS.md,
// "Names"): for tables, the dashboard and reports; the simulator does not read it.
struct DisplayName {
  enum class Kind { kCountry, kGroup, kMaterial, kSite };
  Kind kind = Kind::kSite;
  std::string id;    // the country code, group, material or site id it names
  std::string lang;  // ISO 639-1 code: "en", "ja", "ko"
  std::string name;
  // Rendered into this script by the dataset's authors (a place or company name in katakana
  // or hangul), not the name as its owner writes it.
  bool transliterated = false;
};
std::string_view DisplayNameKindName(DisplayName::Kind kind);  // "country", "group", ...

struct Network {
  std::string id;
  std::string name;
  std::string description;
  std::string file;  // where it was loaded from ("" when built in code)
  std::vector<Material> materials;
  std::vector<Country> countries;
  std::vector<Group> groups;
  std::vector<Chokepoint> chokepoints;
  std::vector<Site> sites;
  std::vector<Lane> lanes;
  std::vector<Contract> contracts;
  std::vector<Source> sources;
  std::vector<FigureRecord> figures;
  // Named figures that are data but not flows (e.g. policy targets): key -> text, with source.
  struct Fact {
    std::string id;
    std::string text;
    std::string source;
    bool estimate = false;
    std::string note;
  };
  std::vector<Fact> facts;
  // Names in other languages (and short English display names), in the order written.
  std::vector<DisplayName> names;
  // Catena-X identifiers of organizations, sites and materials (empty when not given).
  CatenaXMap catena_x;
};

}  // namespace chaintwin::model
