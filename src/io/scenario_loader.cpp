// Scenario documents: the network they run on, start and horizon, protocol, plan settings,
// and the events (events.cpp).
#include <filesystem>

#include <fmt/format.h>

#include "chaintwin/hedge/hedge.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "io/network_builder.hpp"
#include "io/scenario_builder.hpp"

namespace chaintwin::io {
namespace {

constexpr int32_t kMaxHorizonDays = 36500;

const std::vector<std::string_view> kProtocols = {"pro_rata", "priority", "contract_first",
                                                  "alliance_first", "plan"};

bool IsCountry(const model::Network* n, std::string_view key) {
  if (n == nullptr) return true;
  for (const model::Country& c : n->countries) {
    if (c.code == key) return true;
  }
  return false;
}

bool IsGroup(const model::Network* n, std::string_view key) {
  if (n == nullptr) return true;
  for (const model::Group& g : n->groups) {
    if (g.id == key) return true;
  }
  return false;
}

std::optional<model::Protocol> ProtocolOf(Reader& r, const DocNode& node, const std::string& path) {
  if (!node.is_scalar()) {
    r.Error(node, path, fmt::format("expected a protocol name, found {}", node.Describe()));
    return std::nullopt;
  }
  auto p = model::ParseProtocol(node.text);
  if (!p) r.NotOneOf(node, path, "protocol", node.text, kProtocols);
  return p;
}

void ReadProtocol(Reader& r, const DocNode& node, const model::Network* network,
                  model::ProtocolConfig& config) {
  if (!node.is_map()) {
    if (auto p = ProtocolOf(r, node, "protocol")) config.default_protocol = *p;
    return;
  }
  r.CheckFields(node, "protocol", {"default", "by_country", "alliance", "default_alliance"});
  if (const DocNode* d = r.Field(node, "default", "protocol", false, "")) {
    if (auto p = ProtocolOf(r, *d, "protocol.default")) config.default_protocol = *p;
  }
  auto each_country = [&](std::string_view key, auto&& read) {
    const DocNode* map = r.Field(node, key, "protocol", false, "");
    std::string path = Member("protocol", key);
    if (map == nullptr || !r.ExpectMap(*map, path, "a map of country code to value")) return;
    for (const DocEntry& e : map->entries) {
      std::string entry_path = Member(path, e.key);
      if (!IsCountry(network, e.key)) {
        r.Error(e.value, entry_path,
                fmt::format("unknown country `{}`: not in the network's `countries`", e.key));
        continue;
      }
      read(e, entry_path);
    }
  };
  each_country("by_country", [&](const DocEntry& e, const std::string& path) {
    if (auto p = ProtocolOf(r, e.value, path)) config.by_country[std::string(e.key)] = *p;
  });
  auto group = [&](const DocNode& value, const std::string& path) -> std::optional<std::string> {
    if (!value.is_scalar() || !IsGroup(network, value.text)) {
      r.Error(value, path,
              fmt::format("unknown alliance group {}: expected a group id of the network",
                          value.Describe()));
      return std::nullopt;
    }
    return std::string(value.text);
  };
  each_country("alliance", [&](const DocEntry& e, const std::string& path) {
    if (auto g = group(e.value, path)) config.alliance[std::string(e.key)] = *g;
  });
  if (const DocNode* d = r.Field(node, "default_alliance", "protocol", false, "")) {
    if (auto g = group(*d, "protocol.default_alliance")) config.default_alliance = *g;
  }
}

void ReadPlan(Reader& r, const DocNode& node, const model::Network* network,
              model::PlanConfig& plan) {
  if (!r.ExpectMap(node, "plan", "plan settings {period, weights}")) return;
  r.CheckFields(node, "plan", {"period", "weights"});
  if (auto period = r.Quantity(node, "period", "plan", Time(), false)) {
    plan.period_days = static_cast<int32_t>(std::lround(*period));
    if (plan.period_days < 1) r.Error(*node.Find("period"), "plan.period", "expected a period of at least 1 d");
  }
  const DocNode* weights = r.Field(node, "weights", "plan", false, "");
  if (weights == nullptr || !r.ExpectMap(*weights, "plan.weights", "a map of material or site to weight")) return;
  for (const DocEntry& e : weights->entries) {
    auto w = r.Number(*weights, e.key, "plan.weights", 0, 1e6);
    if (!w) continue;
    bool is_material = network == nullptr, is_site = false;
    if (network != nullptr) {
      for (const model::Material& m : network->materials) is_material = is_material || m.id == e.key;
      for (const model::Site& s : network->sites) is_site = is_site || s.id == e.key;
    }
    if (is_material) {
      plan.material_weights[std::string(e.key)] = *w;
    } else if (is_site) {
      plan.site_weights[std::string(e.key)] = *w;
    } else {
      r.Error(e.value, Member("plan.weights", e.key),
              fmt::format("unknown material or site `{}`", e.key));
    }
  }
}

}  // namespace

const model::Network* LoadNetworkCached(const std::string& path, NetworkCache& cache,
                                        util::Diagnostics& diagnostics, const DocNode* parsed) {
  auto it = cache.find(path);
  if (it == cache.end()) {
    NetworkCacheEntry entry;
    auto build = [&](const DocNode& root) {
      std::string base = std::filesystem::path(path).parent_path().string();
      model::Network n = BuildNetwork(root, path, base.empty() ? "." : base, entry.diagnostics);
      if (entry.diagnostics.empty()) entry.network = std::move(n);
    };
    if (parsed != nullptr) {
      build(*parsed);
    } else if (auto text = ReadTextFile(path, entry.diagnostics)) {
      if (auto doc = ParseYaml(std::move(*text), path, entry.diagnostics)) build(doc->root);
    }
    it = cache.emplace(path, std::move(entry)).first;
  }
  diagnostics.insert(diagnostics.end(), it->second.diagnostics.begin(),
                     it->second.diagnostics.end());
  return it->second.network ? &*it->second.network : nullptr;
}

namespace {

// `hedges: [file, ...]`: each path, relative to the scenario's folder, must name a hedge file
// that loads against `network` (its problems are reported with the hedge file's lines).
void ReadHedgeFiles(Reader& r, const DocNode& list, const std::string& base_dir,
                    const model::Network* network, std::vector<std::string>& out) {
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& item = list.items[i];
    const std::string path = fmt::format("hedges[{}]", i);
    if (!item.is_scalar() || item.text.empty()) {
      r.Error(item, path, fmt::format("expected a hedge file path, found {}", item.Describe()));
      continue;
    }
    const std::filesystem::path p(item.text);
    const std::string file =
        (p.is_absolute() ? p : std::filesystem::path(base_dir) / p).lexically_normal().string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      r.Error(item, path,
              fmt::format("hedge file '{}' does not exist (looked for '{}'; paths are relative "
                          "to the scenario file)",
                          item.text, file));
      continue;
    }
    if (network != nullptr) {
      try {
        hedge::LoadHedge(file, *network);
      } catch (const InputError& e) {
        r.diagnostics().insert(r.diagnostics().end(), e.diagnostics().begin(),
                               e.diagnostics().end());
        continue;
      }
    }
    out.push_back(file);
  }
}

}  // namespace

std::optional<model::Scenario> BuildScenario(const std::string& text, const std::string& file,
                                            const std::string& base_dir,
                                            const std::string& network_override,
                                            NetworkCache& cache, util::Diagnostics& diagnostics,
                                            std::vector<std::string>* hedge_files) {
  size_t before = diagnostics.size();
  auto doc = ParseYaml(text, file, diagnostics);
  if (!doc) return std::nullopt;
  const DocNode* root = &doc->root;
  Reader r(diagnostics, nullptr, nullptr);
  if (!r.ExpectMap(*root, "", "a scenario document")) return std::nullopt;
  r.CheckFields(*root, "", {"kind", "id", "name", "description", "network", "start", "horizon",
                            "seed", "protocol", "events", "plan", "reorder_after",
                            "baseline", "standards", "hedges"});
  model::Scenario s;
  s.file = file;
  if (auto kind = r.Text(*root, "kind", "", true); kind && *kind != "scenario") {
    r.Error(*root->Find("kind"), "kind", fmt::format("expected `kind: scenario`, found '{}'", *kind));
  }
  s.id = r.Key(*root, "id", "").value_or(std::filesystem::path(file).stem().string());
  s.name = r.Text(*root, "name", "").value_or("");
  s.description = r.Text(*root, "description", "").value_or("");

  const model::Network* network = nullptr;
  auto named = r.Text(*root, "network", "");
  if (!network_override.empty()) {
    s.network_file = network_override;
  } else if (named) {
    std::filesystem::path p(*named);
    s.network_file = (p.is_absolute() ? p : std::filesystem::path(base_dir) / p).lexically_normal().string();
  } else {
    s.network_file = DefaultNetworkPath();
  }
  std::error_code ec;
  if (!std::filesystem::is_regular_file(s.network_file, ec)) {
    const DocNode& at = named && network_override.empty() ? *root->Find("network") : *root;
    auto status = std::filesystem::status(s.network_file, ec);
    const bool folder = std::filesystem::is_directory(status);
    if (folder && std::filesystem::is_regular_file(
                      std::filesystem::path(s.network_file) / "network.yaml", ec)) {
      s.network_file = (std::filesystem::path(s.network_file) / "network.yaml").string();
      network = LoadNetworkCached(s.network_file, cache, diagnostics);
    } else if (std::filesystem::exists(status)) {
      r.Error(at, "network",
              fmt::format("network '{}' is {}: expected a network file (or a folder holding "
                          "network.yaml)",
                          s.network_file,
                          folder ? "a folder without network.yaml" : "a device or pipe, not a file"));
    } else if (named && network_override.empty()) {
      r.Error(at, "network",
              fmt::format("network file '{}' does not exist (looked for '{}'; paths are "
                          "relative to the scenario file)",
                          *named, s.network_file));
    } else {
      r.Error(at, "network",
              fmt::format("network file '{}' does not exist{}", s.network_file,
                          named ? "" : " (no `network:` given, so the bundled one is used)"));
    }
  } else {
    network = LoadNetworkCached(s.network_file, cache, diagnostics);
    if (network == nullptr) {
      r.Error(named && network_override.empty() ? *root->Find("network") : *root, "network",
              fmt::format("the network '{}' has errors (reported with its file): the scenario "
                          "cannot be checked against it",
                          s.network_file));
    }
  }

  ScenarioContext context{r, network, r.Date(*root, "start", "", true), 0};
  if (context.start) s.start = *context.start;
  if (auto horizon = r.Quantity(*root, "horizon", "", Time(), false)) {
    double days = std::round(*horizon);
    if (days < 1 || days > kMaxHorizonDays) {
      r.Error(*root->Find("horizon"), "horizon",
              fmt::format("expected a horizon of at least 1 d and at most {} d, found '{}'",
                          kMaxHorizonDays, root->Find("horizon")->text));
    } else {
      s.horizon_days = static_cast<int32_t>(days);
      context.horizon_days = s.horizon_days;
    }
  } else if (root->Find("horizon") == nullptr) {
    context.horizon_days = s.horizon_days;
  }
  if (auto seed = r.Integer(*root, "seed", "", 0, INT64_MAX)) s.seed = static_cast<uint64_t>(*seed);
  if (auto after = r.Quantity(*root, "reorder_after", "", Time(), false)) {
    double days = std::round(*after);
    if (days < 1 || days > kMaxHorizonDays) {
      r.Error(*root->Find("reorder_after"), "reorder_after",
              fmt::format("expected a re-order window of at least 1 d and at most {} d, found '{}'",
                          kMaxHorizonDays, root->Find("reorder_after")->text));
    } else {
      s.reorder_after_days = static_cast<int32_t>(days);
    }
  }
  if (const DocNode* p = r.Field(*root, "protocol", "", false, "")) ReadProtocol(r, *p, network, s.protocol);
  if (const DocNode* p = r.Field(*root, "plan", "", false, "")) ReadPlan(r, *p, network, s.plan);
  if (const DocNode* b = r.Field(*root, "baseline", "", false, "")) {
    ReadBaseline(r, *b, network, s.network_file, s, diagnostics);
  }
  if (const DocNode* events = r.Field(*root, "events", "", false, "");
      events != nullptr && r.ExpectList(*events, "events", "events")) {
    ReadEvents(*events, context, s.events);
  }
  if (const DocNode* list = r.Field(*root, "standards", "", false, "");
      list != nullptr && r.ExpectList(*list, "standards", "standards")) {
    ReadStandards(*list, context, s.standards);
  }
  if (const DocNode* list = r.Field(*root, "hedges", "", false, "");
      list != nullptr && r.ExpectList(*list, "hedges", "a list of hedge files")) {
    std::vector<std::string> files;
    ReadHedgeFiles(r, *list, base_dir, network, files);
    if (hedge_files != nullptr) *hedge_files = std::move(files);
  }
  if (diagnostics.size() != before || network == nullptr) return std::nullopt;
  CompileScenarioStandards(*network, s, diagnostics);
  if (diagnostics.size() != before) return std::nullopt;
  return s;
}

}  // namespace chaintwin::io
