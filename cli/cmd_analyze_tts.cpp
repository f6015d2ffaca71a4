// `chaintwin analyze tts [NETWORK or SCENARIO]`: time to survive (TTS), time to recover (TTR)
// and performance impact (PI) of every site, ranked by PI (opt/tts.hpp, docs/OPTIMIZATION.md).
// Given a scenario, the lanes its export bans and closures (without detour) block at any time
// stay blocked throughout. Exit 0; with --fail-on-exposed, 1 when a site's TTS < TTR.
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/opt/tts.hpp"
#include "chaintwin/report/analysis.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "server/report_data.hpp"
#include "progress.hpp"
#include "output.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

struct TtsFlags {
  std::string input;
  std::string tmax = "365d";
  int top = 0;
  unsigned threads = 0;
  bool by_country = false;
  std::string stage;               // analyse only the sites of this stage
  std::vector<std::string> sites;  // analyse only these sites
  std::vector<std::string> weights;  // KEY=WEIGHT: loss weight of a material or a site
  double capacity_factor = 0.0;
  bool fail_on_exposed = false;
  bool no_progress = false;
  Format format = Format::kTable;
  std::string table;
  std::string out;
};

bool IsScenarioFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(path, "cannot read the file");
  std::string head(8192, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  static const std::regex kind(R"re(["']?kind["']?\s*:\s*["']?(\w+))re");
  std::smatch m;
  return std::regex_search(head, m, kind) && m[1] == "scenario";
}

double ParseDays(const std::string& text, const std::string& flag) {
  util::Result<model::Quantity> q = model::ParseQuantity(text, false);
  bool ok = q.has_value() && q.value().denominator == model::Dimension::kFraction &&
            (q.value().numerator == model::Dimension::kTime ||
             q.value().numerator == model::Dimension::kFraction) &&
            q.value().value > 0 && std::isfinite(q.value().value);
  if (!ok) {
    throw InputError(util::Diagnostics{util::Diagnostic{
        "", 0, 0, flag, fmt::format("'{}' is not a positive duration (e.g. 365d, 52wk)", text)}});
  }
  return q.value().value;
}

std::string Days(double d) { return fmt::format("{:.1f}", d); }

// --weight KEY=WEIGHT: a loss weight for a material or a site of the network (>= 0).
void ParseLossWeights(const model::CompiledNetwork& net, const std::vector<std::string>& items,
                      opt::TtsConfig& config) {
  for (const std::string& item : items) {
    size_t eq = item.find('=');
    if (eq == std::string::npos) BadFlag("--weight", fmt::format("'{}' is not KEY=WEIGHT", item));
    std::string key = item.substr(0, eq), text = item.substr(eq + 1);
    double w = std::nan("");
    try {
      size_t used = 0;
      w = std::stod(text, &used);
      if (used != text.size()) w = std::nan("");
    } catch (const std::exception&) {
    }
    if (!std::isfinite(w) || w < 0) {
      BadFlag("--weight", fmt::format("weight of '{}' must be a number >= 0, not '{}'", key, text));
    }
    if (net.FindMaterial(key).valid()) {
      config.material_weights[key] = w;
    } else if (net.FindSite(key).valid()) {
      config.site_weights[key] = w;
    } else {
      BadFlag("--weight", fmt::format("'{}' is neither a material nor a site of the network", key));
    }
  }
}

// The sites --sites and --stage select (both: the listed sites of that stage); empty: all.
std::vector<SiteId> SelectSites(const model::CompiledNetwork& net, const TtsFlags& f) {
  std::vector<SiteId> chosen;
  if (!f.sites.empty()) {
    for (const std::string& key : f.sites) {
      SiteId s = net.FindSite(key);
      if (!s.valid()) BadFlag("--sites", fmt::format("no site '{}' in the network", key));
      chosen.push_back(s);
    }
  } else if (!f.stage.empty()) {
    for (uint32_t s = 0; s < net.num_sites(); ++s) chosen.push_back(SiteId{s});
  }
  if (!f.stage.empty()) {
    std::erase_if(chosen, [&](SiteId s) { return model::StageName(opt::SiteStage(net, s)) != f.stage; });
    if (chosen.empty()) BadFlag("--stage", fmt::format("no site selected is at stage '{}'", f.stage));
  }
  return chosen;
}

int RunTts(const TtsFlags& f) {
  std::string path =
      f.input.empty() ? io::DefaultNetworkPath() : io::NetworkFileOf(ScenarioPathOf(f.input));
  model::Network network;
  std::optional<model::Scenario> scenario;
  if (IsScenarioFile(path)) {
    io::LoadedScenario loaded = io::LoadScenario(path);
    network = std::move(loaded.network);
    scenario = std::move(loaded.scenario);
  } else {
    network = io::LoadNetwork(path);
  }
  model::CompiledNetwork net = model::Compile(network);
  opt::TtsConfig config;
  config.t_max_days = ParseDays(f.tmax, "--tmax");
  config.threads = f.threads;
  config.capacity_factor = f.capacity_factor;
  ParseLossWeights(net, f.weights, config);
  if (f.by_country && (!f.sites.empty() || !f.stage.empty())) {
    BadFlag("--by-country", "takes every site of each country: not with --sites or --stage");
  }
  std::vector<SiteId> selected = SelectSites(net, f);
  // A 10,000-site network takes minutes: show how far it is (stderr, terminals only).
  auto bar = std::make_shared<ProgressBar>(f.by_country ? "countries" : "sites");
  if (!f.no_progress && StderrIsTerminal()) {
    config.progress = [bar](uint64_t done, uint64_t total) { bar->Update(done, total); };
  }
  if (scenario) {
    config.blocked_lanes = server::ScenarioBlockedLanes(net, model::Resolve(net, *scenario));
  }
  opt::TtsResult r;
  if (f.by_country) {
    std::map<std::string, std::vector<SiteId>> by_country;
    for (uint32_t s = 0; s < net.num_sites(); ++s) {
      by_country[net.country_key[net.site_country[s].value]].push_back(SiteId{s});
    }
    std::vector<std::vector<SiteId>> sets;
    std::vector<std::string> labels;
    for (auto& [country, sites] : by_country) {
      labels.push_back(country);
      sets.push_back(std::move(sites));
    }
    r = opt::AnalyzeSiteSets(net, config, sets, labels);
  } else {
    r = opt::AnalyzeTts(net, config, selected);
  }
  size_t exposed = 0;
  for (const opt::SiteExposure& e : r.sites) exposed += e.exposed ? 1 : 0;
  size_t shown = f.top > 0 ? std::min(r.ranking.size(), static_cast<size_t>(f.top)) : r.ranking.size();

  report::Document doc = report::TtsDocument(
      net, r, report::TtsInfo{network.id, scenario ? scenario->id : "", f.by_country, shown,
                           config.capacity_factor});
  std::string text;
  {
    using A = report::Table::Align;
    report::Table t(fmt::format("Time to survive and impact per {} (REI = PI / largest PI of "
                                "the {} {} ranked: those that supply, or all when none does)",
                                f.by_country ? "country" : "site", r.rei_basis,
                                f.by_country ? "countries" : "sites"));
    t.Column("rank", A::kRight).Column(f.by_country ? "country" : "site")
        .Column("TTS d", A::kRight).Column("TTR d", A::kRight)
        .Column(fmt::format("PI {}", r.unit), A::kRight)
        .Column(fmt::format("paper PI {}", r.unit), A::kRight).Column("REI", A::kRight)
        .Column("exposed");
    for (size_t i = 0; i < shown; ++i) {
      const opt::SiteExposure& e = r.sites[r.ranking[i]];
      t.Row({std::to_string(i + 1), e.label,
             e.survives_horizon ? ">= " + Days(e.tts_days) : Days(e.tts_days),
             Days(e.ttr_days) + (e.ttr_assumed ? "*" : ""), report::FormatNumber(e.pi, 2),
             report::FormatNumber(e.lost, 2),
             e.in_rei_basis ? fmt::format("{:.3f}", e.rei) : "", e.exposed ? "TTS < TTR" : ""});
    }
    {
      text = fmt::format(
          "{} {}: {} of {} {} exposed (PI > 0). Undisrupted, demand is met for {} d{}.\n"
          "TTS: days all end-use demand is met with the site {} (>= T_max: survives the "
          "horizon). PI: least end-use output lost over its whole TTR, beyond the undisrupted "
          "loss; paper PI: the same loss in full (Simchi-Levi et al.). REI only for sites that "
          "supply. * TTR assumed from the site's stage (docs/OPTIMIZATION.md).\n"
          "{} LPs ({} x {}) in {:.3f} s.\n\n",
          scenario ? "Scenario" : "Network", scenario ? scenario->id : network.id, exposed,
          r.sites.size(), f.by_country ? "countries" : "sites", Days(r.baseline_tts_days),
          r.baseline_tts_days >= r.t_max_days ? " (the whole horizon)" : "",
          config.capacity_factor > 0
              ? fmt::format("at {:g} % of its capacity", 100 * config.capacity_factor)
              : "down",
          r.lps_solved, r.rows,
          r.columns, r.seconds);
      text += t.RenderText();
    }
  }
  Emit(doc, f.format, text, f.out, f.table);
  return f.fail_on_exposed && exposed > 0 ? 1 : 0;
}

}  // namespace

void AddAnalyzeTts(CLI::App& analyze, Runner& run) {
  auto f = std::make_shared<TtsFlags>();
  CLI::App* cmd = analyze.add_subcommand(
      "tts",
      "Time to survive (TTS) and performance impact (PI) of losing each site, ranked by PI; "
      "flags sites whose TTS is shorter than their time to recover");
  cmd->add_option("input", f->input,
                  "Network or scenario file (default: the bundled battery network)");
  cmd->add_option("--tmax", f->tmax, "Longest time to survive looked at (default 365d)");
  cmd->add_option("--top", f->top, "Show only the N sites of largest impact (0 = all)")
      ->check(CLI::Range(0, 1000000000));
  cmd->add_option("--threads", f->threads,
                  "Sites solved at once (0 = one per hardware thread); same output for any")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("--by-country", f->by_country, "Take down every site of a country together");
  cmd->add_option("--sites", f->sites, "Analyse only these sites (comma-separated site ids)")
      ->delimiter(',');
  cmd->add_option("--stage", f->stage,
                  "Analyse only the sites of this stage (that of their most downstream output)")
      ->check(CLI::IsMember({"mining", "refining", "component", "cell", "pack", "end_use",
                             "end_of_life"}));
  cmd->add_option("--weight", f->weights,
                  "KEY=WEIGHT: loss weight per unit lost of a material or at a site, e.g. margin "
                  "(repeatable; default 1)");
  cmd->add_option("--capacity-factor", f->capacity_factor,
                  "Share of capacity a site keeps while disrupted (default 0: closed, receives "
                  "nothing; e.g. 0.5: a partial outage)")
      ->check(CLI::Range(0.0, 0.999999));
  cmd->add_flag("--fail-on-exposed", f->fail_on_exposed,
                "Exit 1 when any site's TTS is shorter than its TTR");
  cmd->add_flag("--no-progress", f->no_progress,
                "Never draw the progress bar (drawn on stderr only when it is a terminal)");
  cmd->add_option("--out", f->out, "Write the output to this file instead of standard output");
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([&run, f] { run = [f] { return RunTts(*f); }; });
}

}  // namespace chaintwin::cli
