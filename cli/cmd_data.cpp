// `chaintwin data sources [--network FILE] [--material M] [--country C] [--format F]`: lists the
// sources behind a network's figures (id, title, year, URL), with how many figures cite each and
// how many of those are estimates, optionally only the figures of one material or country.
#include <algorithm>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/util/error.hpp"
#include "chaintwin/report/analysis.hpp"
#include "commands.hpp"
#include "output.hpp"

namespace chaintwin::cli {
namespace {

using SourceRow = report::SourceLine;

// Cuts `text` to `width` characters (UTF-8 aware enough for titles), marking the cut with "...".
std::string Fit(const std::string& text, size_t width) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == width) break;
      ++chars;
    }
  }
  if (chars < width || text.size() <= width) {
    // count again to see whether the whole text fits
    size_t total = 0;
    for (unsigned char c : text) total += (c & 0xC0) != 0x80 ? 1 : 0;
    if (total <= width) return text;
  }
  std::string out;
  size_t kept = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    bool start = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (start) {
      if (kept + 3 >= width) break;
      ++kept;
    }
    out += text[i];
  }
  return out + "...";
}

}  // namespace

void AddData(CLI::App& app, Runner& run) {
  struct Options {
    std::string network;
    std::string material;
    std::string country;
    Format format = Format::kTable;
    std::string table;
  };
  auto options = std::make_shared<Options>();
  CLI::App* data = app.add_subcommand("data", "Inspect the bundled data: where its figures come from");
  data->require_subcommand(1);
  CLI::App* cmd = data->add_subcommand(
      "sources",
      "List the sources behind a network's figures (id, title, year, URL), how many figures cite "
      "each and how many of those are estimates");
  cmd->add_option("--network", options->network,
                  "Network file (default: the bundled battery network)");
  cmd->add_option("--material", options->material,
                  "Only figures about this material (a material id, e.g. anode_material)");
  cmd->add_option("--country", options->country,
                  "Only figures about this country (ISO code, e.g. KR) or group (e.g. eu)");
  AddFormatOption(*cmd, options->format, &options->table);
  cmd->callback([&run, options] {
    run = [options] {
      const std::string path =
          options->network.empty() ? io::DefaultNetworkPath() : options->network;
      model::Network net = io::LoadNetwork(path);

      if (!options->material.empty()) {
        bool known = std::any_of(net.materials.begin(), net.materials.end(),
                                 [&](const model::Material& m) { return m.id == options->material; });
        if (!known) {
          throw NotFound(fmt::format("material '{}' is not in network '{}' ({})", options->material,
                                     net.id, path));
        }
      }
      std::set<std::string> countries;
      if (!options->country.empty()) {
        for (const model::Country& c : net.countries) {
          if (c.code == options->country) countries.insert(c.code);
        }
        for (const model::Group& g : net.groups) {
          if (g.id == options->country) countries.insert(g.members.begin(), g.members.end());
        }
        if (countries.empty()) {
          throw NotFound(fmt::format("country or group '{}' is not in network '{}' ({})",
                                     options->country, net.id, path));
        }
      }
      const bool filtered = !options->material.empty() || !options->country.empty();

      std::map<std::string, SourceRow> rows;
      for (const model::Source& s : net.sources) rows[s.id].source = &s;
      int uncited = 0;
      int total = 0;
      for (const model::FigureRecord& f : net.figures) {
        if (!options->material.empty() && f.material != options->material) continue;
        if (!countries.empty() && countries.count(f.country) == 0) continue;
        ++total;
        auto it = rows.find(f.source);
        if (f.source.empty() || it == rows.end()) {
          ++uncited;
          continue;
        }
        ++it->second.figures;
        if (f.estimate) ++it->second.estimates;
        it->second.cited.push_back(&f);
      }
      if (!filtered) {
        // Facts (policy targets) cite sources too.
        for (const model::Network::Fact& fact : net.facts) {
          auto it = rows.find(fact.source);
          if (it == rows.end()) continue;
          ++it->second.figures;
          if (fact.estimate) ++it->second.estimates;
        }
      }
      std::vector<const SourceRow*> list;
      for (const model::Source& s : net.sources) {
        const SourceRow& r = rows[s.id];
        if (filtered && r.figures == 0) continue;
        list.push_back(&r);
      }
      std::stable_sort(list.begin(), list.end(), [](const SourceRow* a, const SourceRow* b) {
        return a->figures > b->figures;
      });

      if (options->format != Format::kTable) {
        report::SourcesInfo info{net.id, path, options->material, options->country, total,
                                 uncited};
        WriteStdout(Render(report::SourcesDocument(info, list), options->format, "",
                           options->table));
        return 0;
      }
      // Table: fits 100 columns; the URL goes on its own indented line.
      std::string scope;
      if (!options->material.empty()) scope += " material " + options->material;
      if (!options->country.empty()) scope += " country " + options->country;
      std::cout << fmt::format("Sources of network '{}'{}: {} figures, {} sources\n\n", net.id,
                               scope.empty() ? "" : " (" + scope.substr(1) + ")", total,
                               list.size());
      constexpr size_t kIdWidth = 26;
      constexpr size_t kTitleWidth = 100 - kIdWidth - 1 - 4 - 1 - 7 - 1 - 5 - 2;
      std::cout << fmt::format("{:<{}} {:>4} {:>7} {:>5}  {}\n", "SOURCE", kIdWidth, "YEAR",
                               "FIGURES", "EST.", "TITLE / URL");
      for (const SourceRow* r : list) {
        std::cout << fmt::format("{:<{}} {:>4} {:>7} {:>5}  {}\n", Fit(r->source->id, kIdWidth),
                                 kIdWidth, r->source->year, r->figures, r->estimates,
                                 Fit(r->source->title, kTitleWidth));
        std::cout << "    " << r->source->url << "\n";
      }
      if (uncited > 0) {
        std::cout << fmt::format("\n{} figure{} without a source\n", uncited, uncited == 1 ? "" : "s");
      }
      return 0;
    };
  });
}

}  // namespace chaintwin::cli
