#include "twin_support.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::cli {

void AddTwinFlags(CLI::App& cmd, TwinFlags& f, bool with_as_of) {
  cmd.add_option("--store", f.store, "The twin store: an SQLite file (created when absent)");
  cmd.add_option("--network", f.network,
                 "Network the events refer to, with its catena_x table (default: the bundled "
                 "battery network)");
  if (with_as_of) {
    cmd.add_option("--as-of", f.as_of,
                   "The instant to fold the state at: 2026-03-02T12:00:00+01:00, or a date "
                   "(its 00:00 UTC); default now");
  }
}

std::unique_ptr<store::TwinStore> OpenTwinStore(const std::string& path) {
  if (path.empty()) throw InputError("--store", "this verb needs --store PATH (the twin store)");
  return store::OpenStore(path);
}

std::unique_ptr<twin::TwinContext> LoadTwinContext(const std::string& network) {
  std::string path = network.empty() ? io::DefaultNetworkPath() : io::NetworkFileOf(network);
  return std::make_unique<twin::TwinContext>(io::LoadNetwork(path));
}

int64_t AsOfMs(const std::string& text) {
  if (text.empty() || text == "now") {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  if (auto ms = twin::ParseDateTime(text)) return *ms;
  if (auto day = util::ParseDate(text)) return twin::DayStartMs(*day, 0);
  throw InputError("--as-of", fmt::format("expected a date-time with a time zone such as "
                                          "2026-03-02T12:00:00+01:00 or a date, found '{}'", text));
}

LoadedState LoadState(store::TwinStore& store, const twin::TwinContext& context, int64_t as_of_ms) {
  LoadedState s;
  s.records = store.Records(as_of_ms);
  s.state = twin::Fold(context, s.records, as_of_ms);
  return s;
}

twin::StartingPoint StartFromStore(const std::string& path, const model::Network& network,
                                   const std::string& as_of) {
  int64_t at = AsOfMs(as_of);
  if (!std::filesystem::exists(path)) {
    throw InputError("--from-store", fmt::format("no twin store at '{}'", path));
  }
  twin::TwinContext context(network);
  auto db = store::OpenStore(path, /*read_only=*/true);
  LoadedState s = LoadState(*db, context, at);
  return twin::StartFrom(context, s.state);
}

twin::JsonParser JsonParserOf(const std::string& flag) {
  std::string name = flag;
  std::string where = "--json-parser";
  if (name.empty()) {
    const char* env = std::getenv("CHAINTWIN_JSON_PARSER");
    if (env == nullptr || *env == '\0') return twin::JsonParser::kFast;
    name = env;
    where = "CHAINTWIN_JSON_PARSER";
  }
  auto parser = twin::ParseJsonParser(name);
  if (!parser) throw InputError(where, fmt::format("expected plain or fast, found '{}'", name));
  return *parser;
}

std::string FormatDuration(int64_t ms) {
  int64_t hours = ms / 3'600'000;
  return hours >= 24 ? fmt::format("{} d {} h", hours / 24, hours % 24) : fmt::format("{} h", hours);
}

}  // namespace chaintwin::cli
