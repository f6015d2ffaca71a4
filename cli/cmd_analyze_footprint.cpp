// `chaintwin analyze footprint`, `analyze compliance` and `chaintwin passport`: carbon
// footprint per kWh of cells, recycled content against the EU minimums, IRA critical-mineral
// shares, and a battery-passport record, traced through the baseline flows or a scenario's run.
// Methods: docs/ANALYSIS.md, "Footprint and compliance".
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <memory>

#include "chaintwin/analyze/footprint.hpp"
#include "chaintwin/io/load.hpp"
#include "chaintwin/io/sustainability.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/report/footprint.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

using report::FormatNumber;
using report::Table;
using Align = report::Table::Align;

struct TraceFlags {
  std::string network;
  std::string scenario;
  std::string site;
  std::string tables;
  Format format = Format::kTable;
  std::string table;
  std::string out;
};

// The network (of the scenario when one is given), its sustainability tables and the trace.
struct Traced {
  model::Network network;
  model::CompiledNetwork compiled;
  model::SustainabilityData data;
  analyze::FlowWeights weights;
  analyze::FootprintTrace trace;
  std::string scenario_id;
};

std::unique_ptr<Traced> Trace(const TraceFlags& f) {
  auto t = std::make_unique<Traced>();
  std::optional<model::Scenario> scenario;
  if (!f.scenario.empty()) {
    io::LoadedScenario loaded = io::LoadScenario(ScenarioPathOf(f.scenario), f.network);
    model::ApplyBaseline(loaded.scenario, loaded.network);
    t->network = std::move(loaded.network);
    scenario = std::move(loaded.scenario);
    t->scenario_id = scenario->id;
  } else {
    t->network = io::LoadNetwork(f.network.empty() ? io::DefaultNetworkPath() : f.network);
  }
  t->data = io::LoadSustainability(t->network, f.tables);
  t->compiled = model::Compile(t->network);
  t->weights = scenario ? analyze::RunWeights(t->compiled, *scenario)
                        : analyze::BaselineWeights(t->compiled);
  t->trace = analyze::FootprintTrace::Build(t->compiled, t->data, t->weights);
  return t;
}

report::TraceBasis Basis(const Traced& t) { return report::TraceBasis{t.scenario_id, &t.trace, &t.data}; }

void AddTraceOptions(CLI::App& cmd, TraceFlags& f, bool site_required) {
  cmd.add_option("--network", f.network, "Network file (default: the bundled battery network)");
  cmd.add_option("--scenario", f.scenario,
                 "Trace the flows of this scenario's deterministic run (default: the baseline "
                 "flows of the network)");
  auto* site = cmd.add_option("--site", f.site,
                              site_required ? "Cell plant (site id)" : "Only this site's rows");
  if (site_required) site->required();
  cmd.add_option("--tables", f.tables,
                 "Folder of emission_factors.csv, site_certifications.csv, critical_elements.csv "
                 "(default: the network file's folder)");
  AddFormatOption(cmd, f.format, &f.table);
  cmd.add_option("--out", f.out, "Write the output to FILE instead of standard output");
}

std::string Share(double v) {
  return std::isfinite(v) ? FormatNumber(100.0 * v, 1) + " %" : "-";
}

std::string Warnings(const Traced& t) {
  std::string text;
  if (!t.trace.converged()) {
    text += fmt::format("warning: the trace did not settle within {} sweeps; figures are approximate\n",
                        t.trace.sweeps());
  }
  if (!t.trace.missing_factors().empty()) {
    text += fmt::format(
        "note: {} processes in the flows have no emission factor and count as 0 (lower bound; "
        "--format csv --table missing_factors lists them)\n",
        t.trace.missing_factors().size());
  }
  return text;
}

int RunFootprint(const TraceFlags& f) {
  auto t = Trace(f);
  const auto& net = t->compiled;
  auto rows = analyze::ComplianceRows(net, t->data, t->trace, t->weights, f.site);
  report::Document doc = report::FootprintDocument(net, Basis(*t), rows);
  Table table(fmt::format("Carbon footprint of cells, kg CO2e per kWh, cradle to gate ({} flows)",
                          t->scenario_id.empty() ? "baseline" : "run of " + t->scenario_id));
  table.Column("site").Column("country").Column("material")
      .Column("GWh/yr", Align::kRight).Column("kg/kWh", Align::kRight)
      .Column("mining", Align::kRight).Column("refining", Align::kRight)
      .Column("component", Align::kRight).Column("cell", Align::kRight);
  for (const auto& r : rows) {
    SiteId s = net.slot_site[r.slot.value];
    MaterialId m = net.slot_material[r.slot.value];
    auto stage = [&](model::Stage k) { return FormatNumber(r.kg_co2e_by_stage[static_cast<int>(k)], 1); };
    table.Row({net.site_key[s.value], net.country_key[net.site_country[s.value].value],
               net.material_key[m.value],
               FormatNumber(r.made * net.material_gwh_per_unit[m.value] * 365.0, 1),
               FormatNumber(r.kg_co2e_per_kwh, 1), stage(model::Stage::kMining),
               stage(model::Stage::kRefining), stage(model::Stage::kComponent),
               stage(model::Stage::kCell)});
  }
  Emit(doc, f.format, table.RenderText() + Warnings(*t), f.out, f.table);
  return 0;
}

struct ComplianceFlags {
  TraceFlags trace;
  int ira_year = 2025;
};

int RunCompliance(const ComplianceFlags& f) {
  auto t = Trace(f.trace);
  const auto& net = t->compiled;
  auto rows = analyze::ComplianceRows(net, t->data, t->trace, t->weights, f.trace.site);
  report::Document doc = report::ComplianceDocument(net, Basis(*t), rows, f.ira_year);
  const auto* section = doc.Find("rows");
  Table table(fmt::format(
      "Recycled content (EU 2023/1542 Art. 8) and IRA 30D critical-mineral shares ({} basis, "
      "{} applicable share {} %)",
      analyze::ValueBasis(t->data) ? "value" : "mass", f.ira_year,
      FormatNumber(100.0 * analyze::IraApplicablePercentage(f.ira_year), 0)));
  table.Column("site").Column("material").Column("Co rec.", Align::kRight)
      .Column("Li rec.", Align::kRight).Column("Ni rec.", Align::kRight)
      .Column("EU 2031").Column("EU 2036").Column("FTA", Align::kRight).Column("IRA")
      .Column("FEOC", Align::kRight).Column("FEOC-free");
  auto text = [](const report::Cell& c) -> std::string {
    if (std::holds_alternative<bool>(c)) return std::get<bool>(c) ? "yes" : "no";
    if (std::holds_alternative<double>(c)) return Share(std::get<double>(c));
    if (std::holds_alternative<std::string>(c)) return std::get<std::string>(c);
    return "-";
  };
  for (const auto& cells : section->rows()) {
    // site, site_name, country, material, Co, Li, Ni, eu_2031, eu_2036, fta, ira, feoc, free
    table.Row({text(cells[0]), text(cells[3]), text(cells[4]), text(cells[5]), text(cells[6]),
               text(cells[7]), text(cells[8]), text(cells[9]), text(cells[10]), text(cells[11]),
               text(cells[12])});
  }
  std::string prices;
  for (const model::CriticalElement& e : t->data.elements) {
    prices += fmt::format("{}{} {}", prices.empty() ? "" : ", ", e.id,
                          e.usd_per_t ? FormatNumber(*e.usd_per_t, 0) + " US$/t (" + e.source + ")"
                                      : std::string("none"));
  }
  std::string basis = fmt::format(
      "shares by {}; prices: {}\n", analyze::ValueBasis(t->data) ? "value" : "mass of element (a price is missing)",
      prices.empty() ? "no critical elements listed" : prices);
  Emit(doc, f.trace.format, table.RenderText() + basis + Warnings(*t), f.trace.out, f.trace.table);
  return 0;
}

struct PassportFlags {
  TraceFlags trace;
  std::string material;
};

int RunPassport(const PassportFlags& f) {
  auto t = Trace(f.trace);
  const auto& net = t->compiled;
  auto rows = analyze::ComplianceRows(net, t->data, t->trace, t->weights, f.trace.site);
  const analyze::ComplianceRow* chosen = nullptr;
  std::string made;
  for (const auto& r : rows) {
    const std::string& m = net.material_key[net.slot_material[r.slot.value].value];
    made += (made.empty() ? "" : ", ") + m;
    if (f.material.empty() ? chosen == nullptr : m == f.material) chosen = &r;
  }
  if (chosen == nullptr) {
    throw NotFound(rows.empty()
                       ? fmt::format("site '{}' makes no cells: a passport is for a cell plant", f.trace.site)
                       : fmt::format("site '{}' does not make '{}' (it makes {})", f.trace.site,
                                     f.material, made));
  }
  if (f.material.empty() && rows.size() > 1) {
    throw InputError("", fmt::format("site '{}' makes {}: choose one with --material", f.trace.site, made));
  }
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  std::string date = util::FormatDate(static_cast<int32_t>(today.time_since_epoch().count()));
  report::Document doc = report::PassportDocument(t->network, net, Basis(*t), *chosen, date);
  // The record is JSON by default (the table format prints it too); csv gives one section.
  Emit(doc, f.trace.format == Format::kTable ? Format::kJson : f.trace.format, "", f.trace.out,
       f.trace.table);
  return 0;
}

}  // namespace

void AddAnalyzeFootprint(CLI::App& analyze, Runner& run) {
  auto fp = std::make_shared<TraceFlags>();
  CLI::App* c = analyze.add_subcommand(
      "footprint", "Carbon footprint per kWh of cells traced through the flows, by stage");
  AddTraceOptions(*c, *fp, false);
  c->callback([&run, fp] { run = [fp] { return RunFootprint(*fp); }; });

  auto co = std::make_shared<ComplianceFlags>();
  CLI::App* d = analyze.add_subcommand(
      "compliance",
      "Recycled content against the EU Battery Regulation minimums (2031, 2036) and IRA 30D "
      "critical-mineral shares (free-trade partners, foreign entities of concern)");
  AddTraceOptions(*d, co->trace, false);
  d->add_option("--ira-year", co->ira_year,
                "Year of the IRA 30D applicable percentage (default 2025: 60 %)")
      ->check(CLI::Range(2023, 2100));
  d->callback([&run, co] { run = [co] { return RunCompliance(*co); }; });
}

void AddPassport(CLI::App& app, Runner& run) {
  auto p = std::make_shared<PassportFlags>();
  CLI::App* c = app.add_subcommand(
      "passport", "Battery-passport record (JSON) for the cells of one plant");
  AddTraceOptions(*c, p->trace, true);
  c->add_option("--material", p->material, "Cell material when the plant makes several");
  c->callback([&run, p] { run = [p] { return RunPassport(*p); }; });
}

}  // namespace chaintwin::cli
