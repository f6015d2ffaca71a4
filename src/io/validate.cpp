// `chaintwin validate`: checks files and folders, loading each network once, and collects
// every diagnostic instead of stopping at the first bad file.
#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "chaintwin/io/load.hpp"
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
  return kind != nullptr && kind->is_scalar() ? kind->text : "";
}

}  // namespace

ValidationReport Validate(const std::vector<std::string>& paths) {
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
    std::optional<DocNode> root;
    if (text) root = ParseYaml(*text, file.path, problems);
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
      if (LoadNetworkCached(file.path, cache, diagnostics, &*root) != nullptr) {
        valid_networks.insert(file.path);
      }
      continue;
    }
    std::string dir = fs::path(file.path).parent_path().string();
    auto loaded = BuildScenario(*text, file.path, dir.empty() ? "." : dir, "", cache, diagnostics);
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
