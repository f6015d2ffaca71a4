// What the live-twin verbs share (ingest, state, days-of-supply, alerts, simulate
// --from-store): opening the store and the network, reading --as-of, printing alerts.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/context.hpp"
#include "chaintwin/twin/live.hpp"
#include "chaintwin/twin/state.hpp"

namespace chaintwin::cli {

struct TwinFlags {
  std::string store;
  std::string network;
  std::string as_of;  // RFC 3339 with zone, a date (00:00 UTC), or "" for now
};

// --store, --network, and --as-of when `with_as_of`.
void AddTwinFlags(CLI::App& cmd, TwinFlags& flags, bool with_as_of);

// Opens --store; throws InputError when it was not given.
std::unique_ptr<store::TwinStore> OpenTwinStore(const std::string& path);

// The network (--network, else the bundled one) as a twin context.
std::unique_ptr<twin::TwinContext> LoadTwinContext(const std::string& network);

// The instant --as-of names (now when empty); throws InputError naming the flag when bad.
int64_t AsOfMs(const std::string& text);

// The state as of `as_of_ms` and the records it was folded from.
struct LoadedState {
  std::vector<twin::Event> records;
  twin::State state;
};
LoadedState LoadState(store::TwinStore& store, const twin::TwinContext& context, int64_t as_of_ms);

// `simulate --from-store`: the state of the store at `path` (opened read-only) as of --as-of,
// folded on `network`, as the run's starting point.
twin::StartingPoint StartFromStore(const std::string& path, const model::Network& network,
                                   const std::string& as_of);

// The JSON parser `--json-parser` names (`flag`), else the environment variable
// CHAINTWIN_JSON_PARSER, else fast; throws InputError naming the flag or the variable when the
// name is neither plain nor fast.
twin::JsonParser JsonParserOf(const std::string& flag);

// "12 d 3 h" style duration.
std::string FormatDuration(int64_t ms);

}  // namespace chaintwin::cli
