// Builds a model::Network from a parsed document (and the CSV tables it names), section by
// section in dependency order (sources, materials, countries, groups, chokepoints, sites,
// lanes, contracts), so each reference can be checked where it is written. Whole-network
// checks (shares, reachability) run last. Private to src/io.
#pragma once

#include <deque>
#include <map>
#include <unordered_map>
#include <set>
#include <string>
#include <vector>

#include "chaintwin/model/network.hpp"
#include "io/doc.hpp"
#include "io/reader.hpp"

namespace chaintwin::io {

// Where an element was written: its node and its diagnostic path.
struct Where {
  const DocNode* node = nullptr;
  std::string path;
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
  void ReadTables(const DocNode& tables);
  const DocNode* LoadTable(const DocNode& map, std::string_view name,
                           const std::vector<std::string_view>& required,
                           const std::vector<std::string_view>& optional);
  // network_sites.cpp
  void ReadSite(const DocNode& node, const std::string& path, bool from_csv);
  void ReadProcess(model::Site& site, const DocNode& node, const std::string& path,
                   const Provenance& inherited, bool from_csv);
  void ReadInputs(model::Site& site, model::Process& process, size_t process_index,
                  const DocNode& map, const std::string& path, const Provenance& inherited);
  void ReadStockMap(model::Site& site, const DocNode& map, const std::string& path,
                    const Provenance& inherited, std::string_view what);
  void ReadCsvProcesses(const DocNode& rows);
  void ReadCsvInputs(const DocNode& rows);
  void ReadCsvStock(const DocNode& rows, std::string_view what);
  // network_lanes.cpp
  void ReadLane(const DocNode& node, const std::string& path, bool from_csv);
  void ReadContract(const DocNode& node, const std::string& path);
  // network_checks.cpp
  void CheckShares();
  void CheckFlows();

  // References: each reports an unknown key (with a "did you mean") and returns null / false.
  const model::Material* MaterialRef(const Ref& ref);
  model::Site* SiteRef(const Ref& ref);
  bool CountryRef(const Ref& ref);
  bool CountryOrGroupRef(const Ref& ref);
  bool ChokepointRef(const Ref& ref);
  // Reports a duplicate id; returns false when `key` was seen before in `seen`.
  bool Unique(std::unordered_map<std::string, Where>& seen, const std::string& key, const Where& where,
              std::string_view what);
  Ref RefOf(const DocNode& map, std::string_view key, const std::string& path, bool required);
  std::string CountryOf(const std::string& site_key) const;

  model::Network net_;  // before reader_, which keeps pointers into it
  Reader reader_;
  std::string base_dir_;
  std::deque<DocNode> tables_;  // CSV documents; nodes in them are referenced by Where
  // Keyed lookups (never iterated into output: KeysOf sorts).
  std::unordered_map<std::string, Where> source_at_, material_at_, country_at_, group_at_, chokepoint_at_,
      site_at_, lane_at_, contract_at_;
  std::unordered_map<std::string, size_t> site_index_;
  std::set<std::string> invalid_materials_;  // declared but bad: references to them are not
                                             // reported again
  std::map<std::string, Provenance> site_provenance_;
  std::map<std::pair<std::string, std::string>, Provenance> process_provenance_;  // (site, id)
  std::vector<std::vector<Where>> demand_at_;   // per site, per demand entry
  std::vector<Where> lane_where_;               // per lane
  std::map<std::string, std::vector<Ref>> group_members_;
};

// Loads a network from parsed text (see load.hpp); throws InputError.
model::Network BuildNetwork(const DocNode& root, const std::string& file,
                            const std::string& base_dir, util::Diagnostics& diagnostics);

}  // namespace chaintwin::io
