#include "chaintwin/twin/context.hpp"

namespace chaintwin::twin {
namespace {
const std::string kEmpty;
}

TwinContext::TwinContext(model::Network network)
    : network_(std::move(network)), compiled_(model::Compile(network_)) {
  const model::CatenaXMap& cx = network_.catena_x;
  for (size_t i = 0; i < cx.sites.size(); ++i) {
    bpns_to_site_[cx.sites[i].bpns] = cx.sites[i].site;
    site_entry_[cx.sites[i].site] = i;
  }
  for (size_t i = 0; i < cx.materials.size(); ++i) {
    const auto& m = cx.materials[i];
    material_entry_[m.material] = i;
    if (!m.global_asset_id.empty()) id_to_material_[m.global_asset_id] = m.material;
    for (const std::string& n : m.numbers) id_to_material_[n] = m.material;
  }
}

std::optional<std::string> TwinContext::SiteKey(std::string_view key) const {
  if (compiled_.FindSite(std::string(key)).valid()) return std::string(key);
  if (auto it = bpns_to_site_.find(std::string(key)); it != bpns_to_site_.end()) return it->second;
  return std::nullopt;
}

std::optional<std::string> TwinContext::MaterialKey(std::string_view key) const {
  if (compiled_.FindMaterial(std::string(key)).valid()) return std::string(key);
  if (key.substr(0, 9) == "urn:uuid:") key.remove_prefix(9);
  if (auto it = id_to_material_.find(std::string(key)); it != id_to_material_.end()) {
    return it->second;
  }
  return std::nullopt;
}

const std::string& TwinContext::OrganizationOf(const std::string& site) const {
  auto it = site_entry_.find(site);
  return it == site_entry_.end() ? kEmpty : network_.catena_x.sites[it->second].bpnl;
}

int32_t TwinContext::UtcOffsetOf(const std::string& site) const {
  auto it = site_entry_.find(site);
  return it == site_entry_.end() ? 0 : network_.catena_x.sites[it->second].utc_offset_minutes;
}

const std::string& TwinContext::BpnsOf(const std::string& site) const {
  auto it = site_entry_.find(site);
  return it == site_entry_.end() ? kEmpty : network_.catena_x.sites[it->second].bpns;
}

const std::string& TwinContext::AssetIdOf(const std::string& material) const {
  auto it = material_entry_.find(material);
  return it == material_entry_.end() ? kEmpty
                                     : network_.catena_x.materials[it->second].global_asset_id;
}

bool TwinContext::KnownOrganization(std::string_view id) const {
  if (!HasOrganizations()) return !id.empty();
  for (const auto& o : network_.catena_x.organizations) {
    if (o.bpnl == id) return true;
  }
  return false;
}

bool TwinContext::HasSlot(const std::string& site, const std::string& material) const {
  SiteId s = compiled_.FindSite(site);
  MaterialId m = compiled_.FindMaterial(material);
  return s.valid() && m.valid() && compiled_.FindSlot(s, m).valid();
}

LaneId TwinContext::LaneOf(const std::string& origin, const std::string& destination,
                           const std::string& material) const {
  SiteId from = compiled_.FindSite(origin), to = compiled_.FindSite(destination);
  MaterialId m = compiled_.FindMaterial(material);
  if (!from.valid() || !to.valid() || !m.valid()) return LaneId{};
  SlotId slot = compiled_.FindSlot(from, m);
  if (!slot.valid()) return LaneId{};
  for (uint32_t i = compiled_.out_begin[slot.value]; i < compiled_.out_begin[slot.value + 1]; ++i) {
    LaneId lane = compiled_.out_lanes[i];
    if (compiled_.slot_site[compiled_.lane_to[lane.value].value] == to) return lane;
  }
  return LaneId{};
}

}  // namespace chaintwin::twin
