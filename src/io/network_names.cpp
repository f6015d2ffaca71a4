// The `names` section or table (docs/FORMATS.md, "Names"): display names of countries,
// groups, materials and sites in several languages.
#include <fmt/format.h>

#include "io/network_builder.hpp"

namespace chaintwin::io {
namespace {

bool IsLanguageCode(std::string_view code) {
  return code.size() == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z';
}

}  // namespace

void NetworkBuilder::ReadName(const DocNode& node, const std::string& path) {
  using Kind = model::DisplayName::Kind;
  if (!reader_.ExpectMap(node, path, "a name {kind, id, lang, name}")) return;
  reader_.CheckFields(node, path,
                      {"kind", "id", "lang", "name", "transliterated", "source", "estimate", "note"});
  model::DisplayName entry;
  bool ok = true;
  if (auto kind = reader_.Text(node, "kind", path, true)) {
    static const std::vector<std::string_view> kKinds = {"country", "group", "material", "site"};
    if (*kind == "country") {
      entry.kind = Kind::kCountry;
    } else if (*kind == "group") {
      entry.kind = Kind::kGroup;
    } else if (*kind == "material") {
      entry.kind = Kind::kMaterial;
    } else if (*kind == "site") {
      entry.kind = Kind::kSite;
    } else {
      reader_.NotOneOf(*node.Find("kind"), Member(path, "kind"), "name kind", *kind, kKinds);
      ok = false;
    }
  } else {
    ok = false;
  }
  Ref ref = RefOf(node, "id", path, true);
  if (ok && ref.node != nullptr) {
    switch (entry.kind) {
      case Kind::kCountry: ok = CountryRef(ref); break;
      case Kind::kMaterial: ok = MaterialRef(ref) != nullptr; break;
      case Kind::kSite: ok = SiteRef(ref) != nullptr; break;
      case Kind::kGroup:
        ok = group_at_.Contains(ref.key);
        if (!ok) {
          std::string hint = ClosestMatch(ref.key, group_at_.SortedKeys());
          reader_.Error(*ref.node, ref.Path(),
                        fmt::format("unknown group `{}`: not in `groups`{}", ref.key,
                                    hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
        }
        break;
    }
  }
  ok = ok && ref.node != nullptr;
  if (auto lang = reader_.Text(node, "lang", path, true)) {
    if (!IsLanguageCode(*lang)) {
      reader_.Error(*node.Find("lang"), Member(path, "lang"),
                    fmt::format("expected an ISO 639-1 language code of two lower-case letters "
                                "such as `ja`, found '{}'",
                                *lang));
      ok = false;
    }
    entry.lang = *lang;
  } else {
    ok = false;
  }
  if (auto name = reader_.Text(node, "name", path, true)) {
    if (name->find_first_not_of(" \t") == std::string::npos) {
      reader_.Error(*node.Find("name"), Member(path, "name"), "a name may not be empty");
      ok = false;
    }
    entry.name = *name;
  } else {
    ok = false;
  }
  entry.transliterated = reader_.Bool(node, "transliterated", path).value_or(false);
  reader_.ReadProvenance(node, path, {});
  if (!ok) return;
  entry.id = ref.key;
  std::string key =
      fmt::format("{}/{}/{}", model::DisplayNameKindName(entry.kind), entry.id, entry.lang);
  if (!name_seen_.insert(key).second) {
    reader_.Error(*node.Find("lang"), Member(path, "lang"),
                  fmt::format("a second `{}` name of {} `{}`", entry.lang,
                              model::DisplayNameKindName(entry.kind), entry.id));
    return;
  }
  net_.names.push_back(std::move(entry));
}

}  // namespace chaintwin::io
