// The `catena_x:` table of a network: organizations (BPNL), sites (BPNS, operator, UTC
// offset) and materials (global asset id, material numbers). Every id must be well formed and
// used once, and every site and material key must exist in the network.
#include <cctype>

#include "io/network_builder.hpp"

namespace chaintwin::io {
namespace {

// "BPNL" / "BPNS" + 12 upper-case letters or digits (the pattern of the Catena-X schemas).
bool IsBpn(std::string_view text, std::string_view prefix) {
  if (text.size() != 16 || text.substr(0, 4) != prefix) return false;
  for (char c : text.substr(4)) {
    if (!(std::isdigit(static_cast<unsigned char>(c)) || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

// "+HH:MM" / "-HH:MM" / "Z" as minutes east of UTC.
std::optional<int32_t> ParseOffset(std::string_view text) {
  if (text == "Z" || text == "+00:00") return 0;
  if (text.size() != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':') return std::nullopt;
  for (size_t i : {1u, 2u, 4u, 5u}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  int h = (text[1] - '0') * 10 + (text[2] - '0');
  int m = (text[4] - '0') * 10 + (text[5] - '0');
  if (h > 14 || m > 59) return std::nullopt;
  int32_t minutes = h * 60 + m;
  return text[0] == '-' ? -minutes : minutes;
}

}  // namespace

void NetworkBuilder::ReadCatenaX(const DocNode& map) {
  model::CatenaXMap& cx = net_.catena_x;
  reader_.CheckFields(map, "catena_x", {"organizations", "sites", "materials"});
  auto list = [&](std::string_view key, std::string_view what) -> const DocNode* {
    const DocNode* l = reader_.Field(map, key, "catena_x", false, "");
    std::string path = Member("catena_x", key);
    return l != nullptr && reader_.ExpectList(*l, path, what) ? l : nullptr;
  };
  DeclaredKeys bpnl_at, bpns_at, site_at, asset_at, number_at, material_at;
  if (const DocNode* l = list("organizations", "organizations")) {
    for (size_t i = 0; i < l->items.size(); ++i) {
      const DocNode& node = l->items[i];
      std::string path = Index("catena_x.organizations", i);
      if (!reader_.ExpectMap(node, path, "an organization")) continue;
      reader_.CheckFields(node, path, {"bpnl", "name"});
      auto bpnl = reader_.Text(node, "bpnl", path, true);
      std::string name = reader_.Text(node, "name", path).value_or("");
      if (!bpnl) continue;
      if (!IsBpn(*bpnl, "BPNL")) {
        reader_.Error(*node.Find("bpnl"), Member(path, "bpnl"),
                      fmt::format("expected a BPNL (BPNL and 12 upper-case letters or digits), "
                                  "found '{}'", *bpnl));
        continue;
      }
      if (!Unique(bpnl_at, *bpnl, Where{&node, path}, "organization")) continue;
      cx.organizations.push_back({*bpnl, name});
    }
  }
  if (const DocNode* l = list("sites", "sites")) {
    for (size_t i = 0; i < l->items.size(); ++i) {
      const DocNode& node = l->items[i];
      std::string path = Index("catena_x.sites", i);
      if (!reader_.ExpectMap(node, path, "a site's Catena-X ids")) continue;
      reader_.CheckFields(node, path, {"site", "bpns", "bpnl", "utc_offset"});
      model::CatenaXMap::Site s;
      Ref ref = RefOf(node, "site", path, true);
      bool ok = SiteRef(ref) != nullptr;
      auto bpns = reader_.Text(node, "bpns", path, true);
      auto bpnl = reader_.Text(node, "bpnl", path, true);
      if (bpns && !IsBpn(*bpns, "BPNS")) {
        reader_.Error(*node.Find("bpns"), Member(path, "bpns"),
                      fmt::format("expected a BPNS (BPNS and 12 upper-case letters or digits), "
                                  "found '{}'", *bpns));
        ok = false;
      }
      if (bpnl && !bpnl_at.Contains(*bpnl)) {
        reader_.Error(*node.Find("bpnl"), Member(path, "bpnl"),
                      fmt::format("unknown organization `{}`: not in `catena_x.organizations`",
                                  *bpnl));
        ok = false;
      }
      if (auto offset = reader_.Text(node, "utc_offset", path)) {
        if (auto minutes = ParseOffset(*offset)) {
          s.utc_offset_minutes = *minutes;
        } else {
          reader_.Error(*node.Find("utc_offset"), Member(path, "utc_offset"),
                        fmt::format("expected an offset from UTC such as `+08:00`, found '{}'",
                                    *offset));
          ok = false;
        }
      }
      if (!ok || !bpns || !bpnl) continue;
      if (!Unique(site_at, ref.key, Where{&node, path}, "Catena-X site") ||
          !Unique(bpns_at, *bpns, Where{&node, path}, "BPNS")) {
        continue;
      }
      s.site = ref.key;
      s.bpns = *bpns;
      s.bpnl = *bpnl;
      cx.sites.push_back(std::move(s));
    }
  }
  if (const DocNode* l = list("materials", "materials")) {
    for (size_t i = 0; i < l->items.size(); ++i) {
      const DocNode& node = l->items[i];
      std::string path = Index("catena_x.materials", i);
      if (!reader_.ExpectMap(node, path, "a material's Catena-X ids")) continue;
      reader_.CheckFields(node, path, {"material", "global_asset_id", "numbers"});
      model::CatenaXMap::Material m;
      Ref ref = RefOf(node, "material", path, true);
      bool ok = MaterialRef(ref) != nullptr;
      if (auto id = reader_.Text(node, "global_asset_id", path)) {
        std::string_view v = *id;
        if (v.substr(0, 9) == "urn:uuid:") v.remove_prefix(9);
        bool uuid = v.size() == 36;
        for (size_t c = 0; uuid && c < v.size(); ++c) {
          bool dash = c == 8 || c == 13 || c == 18 || c == 23;
          uuid = dash ? v[c] == '-' : std::isxdigit(static_cast<unsigned char>(v[c])) != 0;
        }
        if (!uuid) {
          reader_.Error(*node.Find("global_asset_id"), Member(path, "global_asset_id"),
                        fmt::format("expected a UUID such as `urn:uuid:6f0c2a1e-1111-4a2b-9c3d-"
                                    "000000000001`, found '{}'", *id));
          ok = false;
        } else if (Unique(asset_at, std::string(v), Where{&node, path}, "global asset id")) {
          m.global_asset_id = std::string(v);
        } else {
          ok = false;
        }
      }
      for (const Ref& number : reader_.KeyList(node, "numbers", path)) {
        if (Unique(number_at, number.key, Where{&node, path}, "material number")) {
          m.numbers.push_back(number.key);
        }
      }
      if (!ok || !Unique(material_at, ref.key, Where{&node, path}, "Catena-X material")) continue;
      m.material = ref.key;
      cx.materials.push_back(std::move(m));
    }
  }
}

}  // namespace chaintwin::io
