// Reading event files: JSON Lines of our events, Catena-X aspect payloads as sent (.json), and
// CSV files of one event kind each (docs/EVENTS.md). Every event is checked against the
// network (TwinContext); every problem is reported with file, line, column and field, and a
// file with any problem yields no events.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chaintwin/twin/context.hpp"
#include "chaintwin/twin/event.hpp"
#include "chaintwin/util/diagnostic.hpp"

namespace chaintwin::twin {

// The sender of a bare Catena-X payload (a payload in an envelope names its own).
struct PayloadSender {
  std::string owner;    // BPNL of the organization that sent it
  std::string partner;  // BPNL of the organization it was sent to
};

enum class FileFormat { kJsonLines, kCatenaX, kCsv };
// By extension: .jsonl/.ndjson JSON Lines, .json a Catena-X payload (or envelope), .csv CSV.
// Throws InputError for any other extension.
FileFormat FormatOf(const std::string& path);

// The JSON parser that reads JSON Lines (`chaintwin ingest --json-parser`, the environment
// variable CHAINTWIN_JSON_PARSER). kPlain is nlohmann::json, the reference; kFast parses with
// simdjson and checks each event with the same code, giving the same events and the same
// problems, word for word (tests/unit/twin/json_parser_test.cpp compares them). A line
// simdjson refuses, or one that names a key twice, is read the plain way, so the messages
// about bad JSON are always nlohmann's. Catena-X payloads and CSV are read the plain way.
enum class JsonParser { kPlain, kFast };
// "plain" / "fast"; nullopt for anything else.
std::optional<JsonParser> ParseJsonParser(std::string_view name);

// Reads `text` (the contents of `file`) in `format`. Appends every problem to `diagnostics`;
// returns the events only when it added none.
std::vector<Event> ReadEvents(const std::string& text, const std::string& file, FileFormat format,
                              const TwinContext& context, const PayloadSender& sender,
                              util::Diagnostics& diagnostics,
                              JsonParser parser = JsonParser::kFast);

// The events of an already parsed JSON array of event objects (the body of `POST /v1/events`),
// as ReadEvents reads JSON Lines: problems name "line" i+1 for element i. No second parse.
std::vector<Event> ReadEventObjects(const nlohmann::json& objects, const std::string& file,
                                    const TwinContext& context, util::Diagnostics& diagnostics);

// The fast path of `POST /v1/events` (JsonParser::kFast): when `body` is a JSON object whose
// members are "events", a non-empty array of at most `max_events` elements, and optionally
// "source", text or null, each named once and no key anywhere named twice, parses it with
// simdjson, sets *source and returns the events as ReadEventObjects returns them for the same
// array (the same events, the same problems in `diagnostics`). Any other body returns nullopt
// and adds nothing: the caller reads it the plain way, which says what is wrong with it.
std::optional<std::vector<Event>> ReadEventsBodyFast(const std::string& body, size_t max_events,
                                                     const std::string& file,
                                                     const TwinContext& context,
                                                     util::Diagnostics& diagnostics,
                                                     std::optional<std::string>* source);

// A CSV template for `kind`: the header and one example row (docs/EVENTS.md).
std::string CsvTemplate(EventKind kind);

}  // namespace chaintwin::twin
