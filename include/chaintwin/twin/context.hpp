// What reading and folding events needs to know about the network: its keys, its Catena-X
// table (BPNS -> site, asset id or material number -> material, site -> organization and UTC
// offset), its slots and lanes. Built once per command; read-only afterwards.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/network.hpp"

namespace chaintwin::twin {

class TwinContext {
 public:
  // Requires: `network` was validated (io::LoadNetwork). Keeps a copy and compiles it.
  explicit TwinContext(model::Network network);

  const model::Network& network() const { return network_; }
  const model::CompiledNetwork& compiled() const { return compiled_; }

  // The network site key of a site key or a mapped BPNS; nullopt when neither.
  std::optional<std::string> SiteKey(std::string_view key_or_bpns) const;
  // The network material key of a material key, a mapped global asset id (with or without
  // `urn:uuid:`) or a mapped material number; nullopt when none.
  std::optional<std::string> MaterialKey(std::string_view key_or_id) const;
  // The organization (BPNL) that runs `site`, "" when the table does not say.
  const std::string& OrganizationOf(const std::string& site) const;
  // The site's fixed offset from UTC in minutes (0 when the table does not say).
  int32_t UtcOffsetOf(const std::string& site) const;
  // The BPNS of a site and the global asset id of a material ("" when not mapped).
  const std::string& BpnsOf(const std::string& site) const;
  const std::string& AssetIdOf(const std::string& material) const;
  // Whether `id` names an organization: any id when the table lists none, else a listed BPNL.
  bool KnownOrganization(std::string_view id) const;
  bool HasOrganizations() const { return !network_.catena_x.organizations.empty(); }
  // Whether `site` holds `material` in the network (has a slot for it).
  bool HasSlot(const std::string& site, const std::string& material) const;
  // The lane from `origin` to `destination` for `material`, invalid when there is none.
  LaneId LaneOf(const std::string& origin, const std::string& destination,
                const std::string& material) const;

 private:
  model::Network network_;
  model::CompiledNetwork compiled_;
  std::unordered_map<std::string, std::string> bpns_to_site_, id_to_material_;
  std::unordered_map<std::string, size_t> site_entry_, material_entry_;
};

}  // namespace chaintwin::twin
