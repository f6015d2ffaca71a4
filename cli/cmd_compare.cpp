// `chaintwin compare A B`: two scenarios side by side, so a user can see what a mitigation buys.

#include "chaintwin/report/results.hpp"
#include "chaintwin/util/error.hpp"
#include "chaintwin/sim/engine.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {
namespace {

struct CompareFlags {
  std::string a, b, network, protocol;
  Format format = Format::kTable;
  std::string table;
};

int RunCompare(const CompareFlags& f) {
  if (f.a.empty() || f.b.empty()) {
    throw InputError(util::Diagnostics{util::Diagnostic{
        "", 0, 0, f.a.empty() ? "A" : "B", "an empty scenario name"}});
  }
  LoadedRun a = LoadRun(f.a, f.network, f.protocol);
  LoadedRun b = LoadRun(f.b, f.network, f.protocol);
  if (UsesPlan(a) || UsesPlan(b)) {
    throw chaintwin::Error("compare does not run the plan protocol; use 'chaintwin simulate --protocol plan'");
  }
  sim::RunOptions oa, ob;
  oa.protocol = a.protocol_override;
  ob.protocol = b.protocol_override;
  sim::Results ra = sim::Engine::Create(a.compiled).Run(a.resolved, model::NominalSchedule(a.resolved), oa);
  sim::Results rb = sim::Engine::Create(b.compiled).Run(b.resolved, model::NominalSchedule(b.resolved), ob);
  report::Document doc = report::CompareDocument(a.compiled, ra, b.compiled, rb);
  std::string table =
      f.format == Format::kTable ? report::CompareText(a.compiled, ra, b.compiled, rb) : "";
  Emit(doc, f.format, table, "", f.table);
  return 0;
}

}  // namespace

void AddCompare(CLI::App& app, Runner& run) {
  auto f = std::make_shared<CompareFlags>();
  CLI::App* cmd = app.add_subcommand(
      "compare",
      "Run two scenarios and show which shortages appear, vanish or move, and the lost GWh "
      "difference (e.g. a disruption without and with a mitigation).");
  cmd->add_option("a", f->a, "First scenario")->required();
  cmd->add_option("b", f->b, "Second scenario")->required();
  cmd->add_option("--network", f->network, "Network file to use for both");
  cmd->add_option("--protocol", f->protocol, "Allocation protocol for both");
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([f, &run] { run = [f] { return RunCompare(*f); }; });
}

}  // namespace chaintwin::cli
