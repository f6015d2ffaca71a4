// Builds a model::Network from a parsed document (and the CSV tables it names), section by
// section in dependency order (sources, materials, countries, groups, chokepoints, sites,
// lanes, contracts), so each reference can be checked where it is written. Whole-network
// checks (shares, reachability) run last. Private to src/io.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <deque>
#include <initializer_list>
#include <map>
#include <unordered_map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "chaintwin/model/network.hpp"
#include "chaintwin/util/key_index.hpp"
#include "io/doc.hpp"
#include "io/reader.hpp"

namespace chaintwin::io {

// A CSV table named by `tables:`, by its name there ("lanes").
struct LoadedTable {
  std::string name;
  CsvTable csv;
};

// Where an element was written: a YAML node and its diagnostic path, or a CSV row (then its
// node and path, "lanes[row 3]", are made by NetworkBuilder::NodeOf / PathOf when a problem
// is reported, and `field` names the row's field the path ends in, or is empty).
struct Where {
  const DocNode* node = nullptr;
  std::string path;
  const LoadedTable* table = nullptr;
  uint32_t row = 0;
  std::string_view field;
};

// The keys of one kind of element (sites, lanes, ...) in the order they were declared, each
// with where it was declared. A flat index (util::KeyIndex) rather than a node-based map: a
// 100,000-site network looks a site up for every reference in every CSV row.
class DeclaredKeys {
 public:
  static constexpr uint32_t kAbsent = util::KeyIndex::kAbsent;

  void Reserve(size_t n);
  // See util::KeyIndex::Prefetch.
  void Prefetch(std::string_view key) const { index_.Prefetch(key); }
  // Declares `key` at `where` and returns kAbsent; when `key` was declared before, declares
  // nothing and returns the index of that declaration.
  uint32_t Declare(std::string_view key, const Where& where);
  // The index of `key`'s declaration (0 for the first key declared), or kAbsent. With `near`,
  // the keys declared at *near and next are tried first (util::KeyIndex::FindNear).
  uint32_t Find(std::string_view key, uint32_t* near = nullptr) const {
    return near != nullptr ? index_.FindNear(key, keys_, *near) : index_.Find(key, keys_);
  }
  bool Contains(std::string_view key) const { return Find(key) != kAbsent; }
  const Where& where(uint32_t index) const { return where_[index]; }
  // Every key, sorted: a "did you mean" hint that does not depend on the order declared.
  std::vector<std::string_view> SortedKeys() const;

 private:
  std::vector<std::string> keys_;
  std::vector<Where> where_;
  util::KeyIndex index_;
};

class NetworkBuilder {
 public:
  NetworkBuilder(util::Diagnostics& diagnostics, std::string base_dir)
      : reader_(diagnostics, &net_.figures, &net_.sources), base_dir_(std::move(base_dir)) {}

  // Reads the whole document; afterwards network() is complete when no diagnostic was added.
  void Build(const DocNode& root);
  model::Network& network() { return net_; }

 private:
  // network_builder.cpp: top level and the small sections.
  void ReadSources(const DocNode& list);
  void ReadFacts(const DocNode& list);
  void ReadMaterials(const DocNode& list);
  void ReadCountries(const DocNode& list);
  void ReadGroups(const DocNode& list);
  void ExpandGroups();
  void ReadChokepoints(const DocNode& list);
  // network_catena_x.cpp: the `catena_x:` table (after sites).
  void ReadCatenaX(const DocNode& map);
  void ReadThroughput(const DocNode& node, const std::string& path, model::Chokepoint& chokepoint);
  const LoadedTable* LoadTable(const DocNode& map, std::string_view name,
                               const std::vector<std::string_view>& required,
                               const std::vector<std::string_view>& optional);
  // Calls read(row, path, where) for each row of `table`, the row as a map node that is
  // valid during the call only, and before it ahead(r) with the index of a row a little
  // further on (each once; none past the last), to prefetch what that row will look up.
  template <typename Read, typename Ahead>
  void EachRow(const LoadedTable& table, Read&& read, Ahead&& ahead);
  template <typename Read>
  void EachRow(const LoadedTable& table, Read&& read) {
    EachRow(table, read, [](size_t) {});
  }
  // network_sites.cpp. `where` is the element's lasting position (a YAML node or a CSV row).
  void ReadSite(const DocNode& node, const std::string& path, const Where& where);
  void ReadProcess(model::Site& site, size_t site_index, const DocNode& node,
                   const std::string& path, const Provenance& inherited, bool from_csv);
  void ReadInputs(model::Site& site, model::Process& process, size_t process_index,
                  const DocNode& map, const std::string& path, const Provenance& inherited);
  void ReadCapacityPools(model::Site& site, const DocNode& node, const std::string& path);
  void ReadStockMap(model::Site& site, const DocNode& map, const std::string& path,
                    const Provenance& inherited, std::string_view what);
  void ReadCsvProcesses(const LoadedTable& rows);
  void ReadCsvInputs(const LoadedTable& rows);
  void ReadCsvStock(const LoadedTable& rows, std::string_view what);
  // `stock_policy` rows (site, material, days) and `ramp_up` rows (site, process, after,
  // factor), read after the processes: what a YAML site says in `stock_policy` and a YAML
  // process in `ramp_up`.
  void ReadCsvStockPolicy(const LoadedTable& rows);
  // The process `ref` names in `site`; reports it as unknown (at `ref`) when it has none.
  model::Process* KnownProcess(model::Site& site, const Ref& ref);
  void ReadCsvRampUp(const LoadedTable& rows);
  // `capacity_pools` rows (site, pool, capacity), read after the processes: what a YAML site
  // says in `capacity_pools`; then every `pool` of a `processes` row must name a pool of its
  // site. `rows` may be null (no such table).
  void ReadCsvCapacityPools(const LoadedTable* rows);
  // The index of the material whose dimension pool `pool` of `site` counts in (the output of
  // the processes that use it); npos, with a problem reported at `at`, when no process uses it
  // or they make materials measured differently.
  size_t PoolMaterial(const model::Site& site, std::string_view pool, const DocNode& at,
                      const std::string& path);
  // One inventory policy of `material` (docs/FORMATS.md, `inventory_policy`): the fields of a
  // YAML map or of an `inventory_policy` CSV row, which name the same things.
  void ReadPolicy(model::Site& site, size_t site_index, std::string_view material,
                  const DocNode& node, const std::string& path, const Where& where);
  void ReadCsvPolicies(const LoadedTable& rows);
  // network_names.cpp: a `names` entry (YAML list item or CSV row), after the sites.
  void ReadName(const DocNode& node, const std::string& path);
  // network_lanes.cpp
  void ReadLane(const DocNode& node, const std::string& path, const Where& where);
  void ReadContract(const DocNode& node, const std::string& path, const Where& where);
  // network_checks.cpp
  void CheckShares();
  void CheckFlows();

  // References: each reports an unknown key (with a "did you mean") and returns null / false.
  const model::Material* MaterialRef(const Ref& ref);
  // `near`, when given, is a hint kept across calls (DeclaredKeys::Find): for columns that list
  // sites in the order of the sites table, as generated and exported tables do.
  model::Site* SiteRef(const Ref& ref, uint32_t* near = nullptr);
  bool CountryRef(const Ref& ref);
  bool CountryOrGroupRef(const Ref& ref);
  bool ChokepointRef(const Ref& ref);
  // Reports a duplicate id; returns false when `key` was seen before in `seen`.
  bool Unique(DeclaredKeys& seen, const std::string& key, const Where& where,
              std::string_view what);
  // A Ref to `key` of `map`; its path refers to `path`, which must outlive it.
  Ref RefOf(const DocNode& map, std::string_view key, const std::string& path, bool required);
  std::string CountryOf(const std::string& site_key) const;
  // The node and the diagnostic path of an element (a CSV row's are made on demand).
  const DocNode& NodeOf(const Where& where);
  std::string PathOf(const Where& where) const;
  // Index of a material in net_.materials, or npos.
  size_t MaterialIndex(std::string_view id) const;
  // Whether a figure among `keys` of `map` may be recorded: it inherits a source, estimate
  // or note, or is written as a map that may give one. Saves making its FigureContext.
  static bool MayRecordFigure(const DocNode& map, const Provenance& inherited,
                              std::initializer_list<std::string_view> keys);
  // The provenance a process's figures inherit, by site index and process index.
  Provenance ProcessProvenance(size_t site_index, size_t process_index) const;

  model::Network net_;  // before reader_, which keeps pointers into it
  Reader reader_;
  std::string base_dir_;
  std::deque<LoadedTable> tables_;   // CSV tables; Where points into them
  std::deque<DocNode> materialized_;  // CSV rows made into nodes for diagnostics
  struct PoolUse {                    // a `processes` row with a `pool`
    size_t site = 0;
    size_t process = 0;
    Where where;
  };
  std::vector<PoolUse> csv_pool_uses_;
  DocNode row_;                       // the CSV row being read
  // Keyed lookups. A site's declaration index is its index in net_.sites.
  std::set<std::string> name_seen_;  // "kind/id/lang" of the names read
  DeclaredKeys source_at_, material_at_, country_at_, group_at_, chokepoint_at_, site_at_, lane_at_,
      contract_at_;
  std::set<std::string> invalid_materials_;  // declared but bad: references to them are not
                                             // reported again
  std::vector<Provenance> site_provenance_;  // per site (index in net_.sites)
  // Per (site index, process index), only those with a source, estimate or note.
  std::unordered_map<uint64_t, Provenance> process_provenance_;
  std::vector<std::vector<Where>> demand_at_;   // per site, per demand entry
  std::vector<std::vector<Where>> policy_at_;   // per site, per inventory policy
  std::vector<Where> lane_where_;               // per lane
  uint32_t lane_buyer_near_ = DeclaredKeys::kAbsent;  // SiteRef hint for lanes' `to`
  // Per lane: supplier and buyer site index and material index, for the whole-network checks.
  struct LaneEnds {
    uint32_t supplier = 0;
    uint32_t buyer = 0;
    uint32_t material = 0;
  };
  std::vector<LaneEnds> lane_ends_;
  std::map<std::string, std::vector<Ref>> group_members_;
};

template <typename Read, typename Ahead>
void NetworkBuilder::EachRow(const LoadedTable& table, Read&& read, Ahead&& ahead) {
  // "lanes[row 7]": the prefix is kept and the number written in place (a format per row of
  // 200,000 would cost more than reading the row).
  std::string path = table.name + "[row ";
  const size_t prefix = path.size();
  // A row takes about a microsecond to read, several times a fetch from memory.
  constexpr size_t kAhead = 2;
  const size_t rows = table.csv.row_count();
  for (size_t row = 0; row < std::min(kAhead, rows); ++row) ahead(row);
  for (size_t row = 0; row < rows; ++row) {
    if (row + kAhead < rows) ahead(row + kAhead);
    table.csv.FillRow(row, row_);
    char digits[24];
    char* end = std::to_chars(digits, digits + sizeof digits, row + 1).ptr;
    path.resize(prefix);
    path.append(digits, end).push_back(']');
    read(static_cast<const DocNode&>(row_), path,
         Where{nullptr, {}, &table, static_cast<uint32_t>(row), {}});
  }
}

// Loads a network from parsed text (see load.hpp); throws InputError.
model::Network BuildNetwork(const DocNode& root, const std::string& file,
                            const std::string& base_dir, util::Diagnostics& diagnostics);

}  // namespace chaintwin::io
