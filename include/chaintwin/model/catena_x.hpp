// The Catena-X identifiers of a network's organizations, sites and materials: the table that
// maps partners' aspect payloads (BPNL, BPNS, material global asset ids and numbers) to the
// network's keys. Optional: a network without `catena_x:` accepts only events that name its
// own keys. See docs/FORMATS.md "catena_x" and docs/EVENTS.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace chaintwin::model {

struct CatenaXMap {
  // A legal entity: its BPNL and a short name used in output.
  struct Organization {
    std::string bpnl;  // "BPNL" + 12 alphanumerics
    std::string name;
  };
  // A site of the network as a Catena-X site: who runs it, and its time zone as a fixed
  // offset from UTC (minutes east), in which its demand days and days of supply are dated.
  struct Site {
    std::string site;  // network site key
    std::string bpns;  // "BPNS" + 12 alphanumerics
    std::string bpnl;  // the organization that runs it (one of `organizations`)
    int32_t utc_offset_minutes = 0;
  };
  // A material of the network as a part type: its Catena-X id and the material numbers the
  // partners use for it (any of them identifies it).
  struct Material {
    std::string material;          // network material key
    std::string global_asset_id;   // "urn:uuid:..." (the prefix is optional when read)
    std::vector<std::string> numbers;
  };
  std::vector<Organization> organizations;
  std::vector<Site> sites;
  std::vector<Material> materials;

  bool empty() const { return organizations.empty() && sites.empty() && materials.empty(); }
};

// "+01:00" style text of an offset in minutes.
std::string FormatUtcOffset(int32_t minutes);

}  // namespace chaintwin::model
