// `chaintwin analyze concentration|dependence|supply-risk|spof` (and `tts`, cmd_analyze_tts.cpp):
// concentration and dependence of the network's supply, the EU supply-risk score and single
// points of failure. Methods: docs/ANALYSIS.md.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "chaintwin/analyze/concentration.hpp"
#include "chaintwin/analyze/dependence.hpp"
#include "chaintwin/analyze/supply_risk.hpp"
#include "chaintwin/hedge/dependence.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/report/analysis.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

using report::FormatNumber;
using report::Table;
using Align = report::Table::Align;

struct Common {
  std::string network;
  Format format = Format::kTable;
  std::string table;
  std::string out;
};

struct LoadedNetwork {
  model::Network network;
  model::CompiledNetwork compiled;
};

LoadedNetwork Load(const std::string& path) {
  LoadedNetwork n;
  n.network = io::LoadNetwork(path.empty() ? io::DefaultNetworkPath() : path);
  n.compiled = model::Compile(n.network);
  return n;
}

// Writes the verb's output: the document in --format json/csv, else `table`.
void Emit(const Common& c, const report::Document& doc, const std::string& table) {
  cli::Emit(doc, c.format, table, c.out, c.table);
}

std::string Percent(double fraction, int decimals = 1) {
  return FormatNumber(100.0 * fraction, decimals) + " %";
}

void AddCommon(CLI::App& cmd, Common& c) {
  cmd.add_option("--network", c.network, "Network file (default: the bundled battery network)");
  AddFormatOption(cmd, c.format, &c.table);
  cmd.add_option("--out", c.out, "Write the output to FILE instead of standard output");
}

// --- concentration ---------------------------------------------------------------------------

struct ConcentrationFlags {
  Common common;
  std::string basis = "capacity";
  std::string scenario;
  int top = 3;
  std::string material;
};

std::string TopShares(const std::vector<analyze::ShareEntry>& entries, int top) {
  std::string text;
  for (size_t i = 0; i < entries.size() && (top <= 0 || static_cast<int>(i) < top); ++i) {
    if (!text.empty()) text += ", ";
    text += fmt::format("{} {}", entries[i].key, Percent(entries[i].share, 0));
  }
  return text;
}

int RunConcentration(const ConcentrationFlags& f) {
  LoadedNetwork n;
  std::vector<double> production;
  analyze::ConcentrationOptions options;
  // Capacity is per day; production is summed over the run: say which, in every output.
  std::string per_label = "/day";
  if (f.basis == "production") {
    LoadedRun run = LoadRun(f.scenario, f.common.network, "");
    per_label = fmt::format(" over {} d", run.loaded.scenario.horizon_days);
    n.network = run.loaded.network;
    n.compiled = std::move(run.compiled);
    production = analyze::ProductionBySlot(n.compiled, run.loaded.scenario);
    options.basis = analyze::ShareBasis::kProduction;
    options.production = &production;
  } else {
    n = Load(f.common.network);
  }
  auto rows = analyze::Concentration(n.network, n.compiled, options);
  const auto& net = n.compiled;
  if (!f.material.empty() && !net.FindMaterial(f.material).valid()) {
    throw NotFound(fmt::format("material '{}' is not in the network", f.material));
  }
  auto wanted = [&](const analyze::MaterialConcentration& c) {
    return f.material.empty() || net.material_key[c.material.value] == f.material;
  };
  std::vector<analyze::MaterialConcentration> kept;
  for (const auto& c : rows) {
    if (wanted(c)) kept.push_back(c);
  }
  report::Document doc = report::ConcentrationDocument(net, kept, f.basis);
  Table table(
      fmt::format("Concentration by country and company ({} basis; HHI 0-10,000)", f.basis));
  table.Column("material")
      .Column("stage")
      .Column("total" + per_label, Align::kRight)
      .Column("unit")
      .Column("producers", Align::kRight)
      .Column("HHI country", Align::kRight)
      .Column(fmt::format("top {} countries", f.top))
      .Column("HHI company", Align::kRight)
      .Column(fmt::format("top {} companies", f.top));
  for (const auto& c : kept) {
    std::string producers = std::to_string(c.producers);
    if (c.unlimited_sites > 0) producers += fmt::format(" (+{} unlimited)", c.unlimited_sites);
    table.Row({net.material_key[c.material.value], std::string(model::StageName(c.stage)),
               FormatNumber(c.total, 1),
               net.material_unit[c.material.value], producers,
               FormatNumber(c.hhi_country, 0), TopShares(c.countries, f.top),
               FormatNumber(c.hhi_company, 0), TopShares(c.companies, f.top)});
  }
  Emit(f.common, doc, table.RenderText());
  return 0;
}

// --- dependence ------------------------------------------------------------------------------

struct DependenceFlags {
  Common common;
  analyze::DependenceQuery query;
  double min_share = 0.0;
  std::string scenario;
  std::vector<std::string> hedges;
};

// The table's share column(s): with hedges, the share without them, with them and the change in
// percentage points.
Table DependenceTable(const DependenceFlags& f, bool hedged) {
  Table table(fmt::format("Upstream dependence on {}: share of each upstream material in a "
                          "country's supply that was made in {}{}",
                          f.query.origin, f.query.origin, hedged ? ", without and with the hedges" : ""));
  table.Column("country").Column("material").Column("upstream");
  if (hedged) {
    table.Column("without hedges", Align::kRight)
        .Column("with hedges", Align::kRight)
        .Column("change (pp)", Align::kRight);
  } else {
    table.Column(fmt::format("from {}", f.query.origin), Align::kRight);
  }
  table.Column("largest origin").Column("its share", Align::kRight);
  return table;
}

int RunDependence(const DependenceFlags& f) {
  model::Network network;
  model::Scenario scenario;
  std::string method;
  const bool use_run = !f.scenario.empty();
  if (use_run) {
    io::LoadedScenario loaded = io::LoadScenario(ScenarioPathOf(f.scenario), f.common.network);
    model::ApplyBaseline(loaded.scenario, loaded.network);
    network = std::move(loaded.network);
    scenario = std::move(loaded.scenario);
    method = fmt::format("flows of the deterministic run of scenario '{}' (shipped per lane, made "
                         "per process); origin shares propagated downstream (docs/ANALYSIS.md)",
                         scenario.id);
  } else {
    network = io::LoadNetwork(f.common.network.empty() ? io::DefaultNetworkPath() : f.common.network);
  }
  // Hedges are loaded against the network before any edit and applied in turn, as `hedge
  // evaluate` applies them; without --scenario to an empty one, whose events no trace reads.
  const std::vector<hedge::Hedge> hedges =
      f.hedges.empty() ? std::vector<hedge::Hedge>{} : hedge::LoadHedges(f.hedges, network);
  hedge::HedgedDependence traced =
      hedge::DependenceWithHedges(network, scenario, hedges, use_run, f.query);
  const bool hedged = !hedges.empty();
  report::DependenceComparison comparison;
  for (const auto& h : hedges) comparison.hedges.push_back(h.id);
  comparison.only_before = traced.only_before;
  if (hedged) {
    method += fmt::format(
        "{}hedges applied before tracing: {} (as hedge evaluate applies them; {})",
        method.empty() ? "baseline flows; origin shares propagated downstream (docs/ANALYSIS.md); " : "; ",
        fmt::join(comparison.hedges, ", "),
        use_run ? "their events act in the run"
                : "on baseline flows only their network edits count - lanes, shares, processes, "
                  "demand - not their events: use --scenario for those");
  }
  const model::CompiledNetwork& net = *traced.after_network;
  const analyze::DependenceMap& map = *traced.after_map;
  std::vector<analyze::DependenceRow> kept;
  for (size_t i = 0; i < traced.rows.size(); ++i) {
    const auto& r = traced.rows[i];
    const std::optional<double>& before = traced.share_before[i];
    if (r.share >= f.min_share || (hedged && before.value_or(-1.0) >= f.min_share)) {
      kept.push_back(r);
      comparison.share_before.push_back(before);
    }
  }
  auto key = [&](MaterialId m) { return net.material_key[m.value]; };
  report::Document doc = report::DependenceDocument(net, map, f.query.origin, kept, method,
                                                    hedged ? &comparison : nullptr);
  Table table = DependenceTable(f, hedged);
  for (size_t i = 0; i < kept.size(); ++i) {
    const auto& r = kept[i];
    std::vector<std::string> cells = {net.country_key[r.country.value], key(r.material),
                                      key(r.upstream)};
    if (hedged) {
      const bool has_before = comparison.share_before[i].has_value();
      const double before = has_before ? comparison.share_before[i].value() : 0.0;
      cells.push_back(has_before ? Percent(before) : "-");
      cells.push_back(Percent(r.share));
      cells.push_back(has_before ? FormatNumber(100.0 * (r.share - before), 1) : "-");
    } else {
      cells.push_back(Percent(r.share));
    }
    cells.push_back(r.top_origin.valid() ? net.country_key[r.top_origin.value] : "");
    cells.push_back(Percent(r.top_share));
    table.Row(cells);
  }
  std::string text = table.RenderText();
  if (hedged) {
    text += fmt::format("Hedges applied: {}.\n", fmt::join(comparison.hedges, ", "));
    if (!use_run) {
      text += "On baseline flows only the hedges' network edits count (lanes, shares, processes, "
              "demand); their events act in a run: add --scenario.\n";
    }
    for (const auto& n : traced.notes) text += "note: " + n + "\n";
    if (!traced.only_before.empty()) {
      text += fmt::format("Traced only without the hedges: {}\n", fmt::join(traced.only_before, ", "));
    }
  }
  const analyze::DependenceMap* before_map = traced.before_map ? &*traced.before_map : nullptr;
  for (const analyze::DependenceMap* m : {before_map, &map}) {
    if (m == nullptr || m->converged()) continue;
    text += fmt::format(
        "warning: the trace did not settle within {} sweeps (a loop with gain "
        ">= 1?); shares are approximate\n",
        m->sweeps());
  }
  Emit(f.common, doc, text);
  return 0;
}

// --- supply-risk -----------------------------------------------------------------------------

struct SupplyRiskFlags {
  Common common;
  std::string indicators;
  std::string factors;
};

std::string DefaultIndicatorFile(const std::string& name) {
  return (std::filesystem::path(io::DataDir()) / "battery" / "indicators" / name).string();
}

int RunSupplyRisk(const SupplyRiskFlags& f) {
  std::string indicators_path =
      f.indicators.empty() ? DefaultIndicatorFile("countries.csv") : f.indicators;
  std::string factors_path = f.factors.empty() ? DefaultIndicatorFile("materials.csv") : f.factors;
  for (const std::string& p : {indicators_path, factors_path}) {
    if (!std::filesystem::exists(p)) {
      throw InputError(p,
                       "no such file: pass --indicators FILE and --material-factors FILE "
                       "(formats in docs/ANALYSIS.md)");
    }
  }
  CheckSideFile(indicators_path, "--indicators");
  CheckSideFile(factors_path, "--material-factors");
  auto indicators = analyze::LoadCountryIndicators(indicators_path);
  auto factors = analyze::LoadMaterialFactors(factors_path);
  if (factors.empty()) {
    // The bundled materials.csv is a header with no rows until sourced EU CRM factors are found
    // (data/battery/indicators/README.md): say so instead of printing an empty table.
    throw InputError(factors_path,
                     "no material rows: the supply-risk score needs each material's import "
                     "reliance, EoL-RIR and SI_SR; pass --material-factors FILE with sourced "
                     "rows (format in docs/ANALYSIS.md)");
  }
  LoadedNetwork n = Load(f.common.network);
  auto conc = analyze::Concentration(n.network, n.compiled);
  auto risks = analyze::ComputeSupplyRisk(n.compiled, conc, indicators, factors);
  report::Document doc =
      report::SupplyRiskDocument(n.compiled, risks, indicators_path, factors_path);
  auto num = [&](double v, int decimals) { return FormatNumber(v, decimals); };
  Table table(
      "EU supply risk: SR = [HHI_WGI,GS x IR/2 + HHI_WGI,EUs x (1 - IR/2)] x "
      "(1 - EoL_RIR) x SI_SR");
  table.Column("material")
      .Column("HHI_WGI GS", Align::kRight)
      .Column("HHI_WGI EUs", Align::kRight)
      .Column("IR", Align::kRight)
      .Column("EoL_RIR", Align::kRight)
      .Column("SI_SR", Align::kRight)
      .Column("SR", Align::kRight)
      .Column("note");
  Table terms("Inputs: country terms S^2 x WGI x t");
  terms.Column("material")
      .Column("basis")
      .Column("country")
      .Column("share", Align::kRight)
      .Column("WGI", Align::kRight)
      .Column("t", Align::kRight)
      .Column("term", Align::kRight);
  for (const auto& r : risks) {
    std::string note;
    if (r.eu_from_global) note = "EU sourcing = global shares";
    if (!r.complete()) {
      if (!note.empty()) note += "; ";
      note += "no WGI for " + fmt::format("{}", fmt::join(r.missing_wgi, ", ")) + " (counted 0)";
    }
    table.Row({r.material, num(r.hhi_wgi_global, 3), num(r.hhi_wgi_eu, 3),
               num(r.import_reliance, 2), num(r.eol_rir, 2), num(r.substitution_index, 2),
               num(r.supply_risk, 2), note});
    auto add = [&](const char* basis, const std::vector<analyze::SupplyRiskTerm>& v) {
      for (const auto& t : v) {
        terms.Row({r.material, basis, t.country, num(t.share, 3), t.has_wgi ? num(t.wgi, 2) : "",
                   num(t.trade_restriction, 2), num(t.term, 4)});
      }
    };
    add("GS", r.global);
    if (!r.eu_from_global) add("EUs", r.eu);
  }
  Emit(f.common, doc,
       table.RenderText() + "\n" + terms.RenderText() +
           fmt::format("\nindicators: {}\nmaterial factors: {}\n", indicators_path, factors_path));
  return 0;
}

// --- spof ------------------------------------------------------------------------------------

int RunSpof(const Common& c) {
  LoadedNetwork n = Load(c.network);
  const auto& net = n.compiled;
  auto spof = analyze::SinglePointsOfFailure(net);
  auto site = [&](SiteId s) { return s.valid() ? net.site_key[s.value] : std::string(); };
  auto what = [&](const analyze::SinglePointOfFailure& p) {
    return p.kind == analyze::SpofKind::kChokepoint ? net.chokepoint_key[p.chokepoint.value]
                                                    : site(p.site);
  };
  report::Document doc = report::SpofDocument(net, spof);
  Table table("Single points of failure");
  table.Column("kind")
      .Column("material")
      .Column("buyer")
      .Column("supplier / producer / chokepoint")
      .Column("lanes", Align::kRight)
      .Column("baseline flow/day", Align::kRight)
      .Column("unit");
  for (const auto& p : spof) {
    table.Row({std::string(analyze::SpofKindName(p.kind)), net.material_key[p.material.value],
               site(p.buyer), what(p), p.lanes ? std::to_string(p.lanes) : "",
               FormatNumber(p.flow_per_day, 2),
               net.material_unit[p.material.value]});
  }
  Emit(c, doc, table.RenderText());
  return 0;
}

}  // namespace

void AddAnalyze(CLI::App& app, Runner& run) {
  CLI::App* analyze = app.add_subcommand(
      "analyze",
      "Concentration, upstream dependence, EU supply risk, single points of failure "
      "and time to survive");
  analyze->require_subcommand(1);

  auto conc = std::make_shared<ConcentrationFlags>();
  CLI::App* c = analyze->add_subcommand(
      "concentration", "Herfindahl-Hirschman index per material by country and by company");
  AddCommon(*c, conc->common);
  c->add_option("--basis", conc->basis, "capacity (nameplate, default) or production (of a run)")
      ->check(CLI::IsMember({"capacity", "production"}));
  c->add_option("--scenario", conc->scenario,
                "Scenario whose deterministic run gives the production (--basis production; "
                "default: the bundled scenario)");
  c->add_option("--top", conc->top, "Largest shares shown per material (0 = all)")
      ->check(CLI::Range(0, 1000000000));
  c->add_option("--material", conc->material, "Only this material");
  c->callback([&run, conc] { run = [conc] { return RunConcentration(*conc); }; });

  auto dep = std::make_shared<DependenceFlags>();
  dep->query.origin = "CN";
  CLI::App* d = analyze->add_subcommand(
      "dependence",
      "Share of each country's supply of each material that traces back, through the baseline "
      "flows, to a country or group");
  AddCommon(*d, dep->common);
  d->add_option("--on", dep->query.origin, "Origin country code or group id (default CN)");
  d->add_option("--country", dep->query.country, "Only this country's supply");
  d->add_option("--material", dep->query.material, "Only this material");
  d->add_option("--min-share", dep->min_share, "Only rows with at least this share (0..1)")
      ->check(CLI::Range(0.0, 1.0));
  d->add_option("--scenario", dep->scenario,
                "Trace the flows of this scenario's deterministic run instead of the baseline "
                "(what each lane shipped and each process made)");
  d->add_option("--hedge", dep->hedges,
                "Hedge file or folder (repeatable): apply the hedges as `hedge evaluate` does and "
                "show each share without and with them");
  d->callback([&run, dep] { run = [dep] { return RunDependence(*dep); }; });

  auto sr = std::make_shared<SupplyRiskFlags>();
  CLI::App* s = analyze->add_subcommand(
      "supply-risk", "EU critical-raw-materials supply-risk score with its inputs");
  AddCommon(*s, sr->common);
  s->add_option("--indicators", sr->indicators,
                "CSV: country,wgi[,trade_restriction,source,estimate] (default: "
                "data/battery/indicators/countries.csv)");
  s->add_option("--material-factors", sr->factors,
                "CSV: material,ir,eol_rir,si_sr[,eu_sourcing,source,estimate] (default: "
                "data/battery/indicators/materials.csv)");
  s->callback([&run, sr] { run = [sr] { return RunSupplyRisk(*sr); }; });

  auto spof = std::make_shared<Common>();
  CLI::App* p = analyze->add_subcommand(
      "spof", "Single points of failure: single suppliers, single producers, chokepoints");
  AddCommon(*p, *spof);
  p->callback([&run, spof] { run = [spof] { return RunSpof(*spof); }; });

  AddAnalyzeTts(*analyze, run);
  AddAnalyzeSensitivity(*analyze, run);
  AddAnalyzeFootprint(*analyze, run);
}

}  // namespace chaintwin::cli
