// `chaintwin ingest FILE...`: check event files against the network and append them to the
// twin store, each file whole or not at all; then the alerts (docs/EVENTS.md).
#include <iostream>

#include <fmt/format.h>

#include "chaintwin/twin/live.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "progress.hpp"
#include "twin_support.hpp"

namespace chaintwin::cli {
namespace {

struct IngestFlags {
  TwinFlags twin;
  std::vector<std::string> files, replace, upsert;
  std::string mode = "upsert";
  std::string template_kind;
  std::string owner, partner;
  std::string json_parser;  // "" = $CHAINTWIN_JSON_PARSER, else fast
  bool overlap = false;
  bool no_alerts = false;
  bool no_progress = false;
  int horizon = 90;
};

int RunIngest(const IngestFlags& f) {
  if (!f.template_kind.empty()) {
    auto kind = twin::ParseEventKind(f.template_kind);
    if (!kind) {
      throw InputError("--template", fmt::format("expected one of item_stock, demand, delivery, "
                                                 "production, capacity_notice, quality, failure, "
                                                 "found '{}'", f.template_kind));
    }
    std::cout << twin::CsvTemplate(*kind);
    return 0;
  }
  if (f.mode != "upsert" && f.mode != "replace") {
    throw InputError("--mode", fmt::format("expected replace or upsert, found '{}'", f.mode));
  }
  std::vector<twin::IngestFile> files;
  twin::IngestMode mode = f.mode == "replace" ? twin::IngestMode::kReplace : twin::IngestMode::kUpsert;
  for (const auto& p : f.files) files.push_back({p, mode});
  for (const auto& p : f.replace) files.push_back({p, twin::IngestMode::kReplace});
  for (const auto& p : f.upsert) files.push_back({p, twin::IngestMode::kUpsert});
  if (files.empty()) throw InputError("ingest", "no FILE given (or --template KIND)");
  twin::IngestOptions options;
  options.parser = JsonParserOf(f.json_parser);
  options.overlap = f.overlap;
  auto context = LoadTwinContext(f.twin.network);
  auto store = OpenTwinStore(f.twin.store);
  const bool bar = !f.no_progress && StderrIsTerminal();
  ProgressBar progress("files");
  auto ingested = twin::Ingest(*store, *context, files, {f.owner, f.partner},
                               [&](size_t done, size_t total) {
                                 if (bar) progress.Update(done, total);
                               },
                               options);
  size_t added = 0, duplicates = 0;
  for (const auto& i : ingested) {
    std::cout << fmt::format("{}: {} event{} read, {} added, {} already stored, {} withdrawn "
                             "(batch {})\n",
                             i.path, i.events, i.events == 1 ? "" : "s", i.stored.added,
                             i.stored.duplicates, i.stored.retracted, i.stored.batch_id);
    added += i.stored.added;
    duplicates += i.stored.duplicates;
  }
  std::cout << fmt::format("stored {} new event{} in {} ({} in all)\n", added,
                           added == 1 ? "" : "s", f.twin.store, store->EventCount());
  if (f.no_alerts) return 0;
  // Alerts, as of now: the forward run from the current state, and quiet feeds.
  int64_t now = AsOfMs("");
  LoadedState s = LoadState(*store, *context, now);
  auto shortages = twin::ProjectShortages(*context, s.state, f.horizon);
  std::cout << fmt::format("\nProjected shortages (nominal run of {} days from the stored state):\n",
                           f.horizon);
  if (shortages.empty()) std::cout << "  none\n";
  for (size_t i = 0; i < shortages.size() && i < 25; ++i) {
    const auto& p = shortages[i];
    std::cout << fmt::format("  {} at {} from {} (day {}): {}\n", p.material, p.site,
                             util::FormatDate(p.first_date), p.days_from_now, p.cause);
  }
  if (shortages.size() > 25) std::cout << fmt::format("  ... and {} more\n", shortages.size() - 25);
  auto silent = twin::SilentFeeds(store->Feeds(), now);
  std::cout << "Silent feeds:\n";
  if (silent.empty()) std::cout << "  none\n";
  for (const auto& q : silent) {
    std::cout << fmt::format("  {} {} of {}: last report {}, silent {} (expected every {})\n",
                             q.feed.owner, twin::EventKindName(q.feed.kind), q.feed.material,
                             twin::FormatDateTime(q.feed.last_time_ms),
                             FormatDuration(q.silent_for_ms),
                             FormatDuration(q.expected_interval_ms));
  }
  return 0;
}

}  // namespace

void AddIngest(CLI::App& app, Runner& run) {
  auto f = std::make_shared<IngestFlags>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Check event files (JSON Lines, Catena-X payloads, CSV) against the network and append them "
      "to the twin store; every file whole or none at all. Then list projected shortages and "
      "partners whose feeds went quiet. See docs/EVENTS.md.");
  cmd->add_option("files", f->files, "Event files: .jsonl, .json (Catena-X payload), .csv");
  AddTwinFlags(*cmd, f->twin, false);
  cmd->add_option("--mode", f->mode,
                  "For the FILE arguments: upsert (add and update records; default) or replace "
                  "(each file is the whole picture of its owners' records of its kinds)");
  cmd->add_option("--replace", f->replace, "A file to ingest in replace mode (repeatable)");
  cmd->add_option("--upsert", f->upsert, "A file to ingest in upsert mode (repeatable)");
  cmd->add_option("--template", f->template_kind,
                  "Print the CSV template of an event kind (item_stock, demand, delivery, "
                  "production, capacity_notice, quality, failure) and exit");
  cmd->add_option("--owner", f->owner, "BPNL that sent the bare Catena-X payloads");
  cmd->add_option("--partner", f->partner, "BPNL the bare Catena-X payloads were sent to");
  cmd->add_option("--horizon", f->horizon, "Days of the forward run for the alerts (default 90)")
      ->check(CLI::Range(1, 3650));
  cmd->add_option("--json-parser", f->json_parser,
                  "JSON parser of .jsonl files: fast (simdjson; default) or plain (nlohmann::json, "
                  "the reference); both give the same events and messages. Default from "
                  "$CHAINTWIN_JSON_PARSER");
  cmd->add_flag("--overlap", f->overlap,
                "Read and check the files on a second thread, a piece of lines at a time, "
                "while the store appends the pieces read (by default every file is read, then "
                "appended). The same store contents and messages either way");
  cmd->add_flag("--no-alerts", f->no_alerts, "Do not run the alerts after ingesting");
  cmd->add_flag("--no-progress", f->no_progress, "No progress bar");
  cmd->callback([f, &run] { run = [f] { return RunIngest(*f); }; });
}

}  // namespace chaintwin::cli
