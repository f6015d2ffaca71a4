// `chaintwin validate`: checks files and folders, loading each network once, and collects
// every diagnostic instead of stopping at the first bad file.
#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "io/heap.hpp"
#include "io/scenario_builder.hpp"

namespace chaintwin::io {
namespace {

namespace fs = std::filesystem;

bool IsDocumentFile(const fs::path& path) {
  std::string ext = path.extension().string();
  return ext == ".yaml" || ext == ".yml" || ext == ".json";
}

struct Candidate {
  std::string path;
  bool explicit_file;  // named on the command line: it must be a network or scenario
};

// The `kind` of a parsed document, or "" when it has none.
std::string KindOf(const DocNode& root) {
  const DocNode* kind = root.is_map() ? root.Find("kind") : nullptr;
  return kind != nullptr && kind->is_scalar() ? std::string(kind->text) : "";
}

// Process inputs that nothing makes, holds or ships to the site: the process cannot run, and a
// run shows it as a shortage on its first days with no event behind it.
void WarnUnsuppliedInputs(const std::string& file, const model::Network& network,
                          util::Diagnostics& warnings) {
  model::CompiledNetwork net = model::Compile(network);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    const uint32_t site = net.process_site[p].value;
    if (net.site_external[site]) continue;
    for (uint32_t i = net.process_input_begin[p]; i < net.process_input_begin[p + 1]; ++i) {
      const uint32_t slot = net.input_slot[i].value;
      if (net.in_begin[slot + 1] > net.in_begin[slot]) continue;
      const std::string& material = net.material_key[net.slot_material[slot].value];
      bool held = false;  // stock given in the data (the compiled stock adds the target level)
      for (const model::Stock& x : network.sites[site].inventory) {
        held = held || (x.material == material && x.quantity > 0);
      }
      if (held) continue;
      bool made_here = false;
      for (uint32_t q = net.site_process_begin[site]; q < net.site_process_begin[site + 1]; ++q) {
        made_here = made_here || net.process_output[q].value == slot;
      }
      if (made_here) continue;
      warnings.push_back(util::Diagnostic{
          file, 0, 0, fmt::format("sites[{}].processes[{}]", net.site_key[site], net.process_key[p]),
          fmt::format("input `{}` is not made at `{}`, not held there and no lane brings it: the "
                      "process cannot run",
                      net.material_key[net.slot_material[slot].value], net.site_key[site])});
    }
  }
}

}  // namespace

ValidationReport Validate(const std::vector<std::string>& paths) {
  HeapForLoad heap;  // io/heap.hpp: the networks read are large loads
  ValidationReport report;
  util::Diagnostics diagnostics;
  std::vector<Candidate> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && IsDocumentFile(it->path())) {
          found.push_back(it->path().lexically_normal().string());
        }
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        diagnostics.push_back(util::Diagnostic{
            path, 0, 0, "", "folder holds no *.yaml, *.yml or *.json file to check"});
      }
      for (std::string& f : found) files.push_back(Candidate{std::move(f), false});
    } else {
      files.push_back(Candidate{fs::path(path).lexically_normal().string(), true});
    }
  }

  NetworkCache cache;
  std::set<std::string> valid_networks;
  for (const Candidate& file : files) {
    util::Diagnostics problems;
    auto text = ReadTextFile(file.path, problems);
    std::optional<Document> doc;
    if (text) doc = ParseYaml(std::move(*text), file.path, problems);  // keeps the text
    const DocNode* root = doc ? &doc->root : nullptr;
    std::string kind = root ? KindOf(*root) : "";
    if (root && kind != "network" && kind != "scenario") {
      if (!file.explicit_file) {
        ++report.skipped;
        continue;
      }
      problems.push_back(util::Diagnostic{
          file.path, root->line, root->column, "kind",
          kind.empty() ? "missing `kind`: expected a document with `kind: network` or "
                         "`kind: scenario`"
                       : "expected `kind: network` or `kind: scenario`, found '" + kind + "'"});
    }
    if (!problems.empty()) {
      diagnostics.insert(diagnostics.end(), problems.begin(), problems.end());
      continue;
    }
    if (kind == "network") {
      if (LoadNetworkCached(file.path, cache, diagnostics, root) != nullptr) {
        valid_networks.insert(file.path);
      }
      continue;
    }
    std::string dir = fs::path(file.path).parent_path().string();
    auto loaded = BuildScenario(doc->text->text(), file.path, dir.empty() ? "." : dir, "", cache, diagnostics);
    if (loaded) {
      ++report.scenarios;
      report.events += static_cast<int>(loaded->events.size());
      valid_networks.insert(loaded->network_file);
    }
  }
  for (const std::string& path : valid_networks) {
    const NetworkCacheEntry& entry = cache.at(path);
    if (!entry.network) continue;
    ++report.networks;
    WarnUnsuppliedInputs(path, *entry.network, report.warnings);
    report.materials += static_cast<int>(entry.network->materials.size());
    report.sites += static_cast<int>(entry.network->sites.size());
    report.lanes += static_cast<int>(entry.network->lanes.size());
    report.contracts += static_cast<int>(entry.network->contracts.size());
  }
  // A bad network named by several scenarios (and given itself) is reported once.
  std::set<std::string> seen;
  for (util::Diagnostic& d : diagnostics) {
    if (seen.insert(d.ToString()).second) report.diagnostics.push_back(std::move(d));
  }
  return report;
}

}  // namespace chaintwin::io
