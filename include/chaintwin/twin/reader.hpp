// Reading event files: JSON Lines of our events, Catena-X aspect payloads as sent (.json), and
// CSV files of one event kind each (docs/EVENTS.md). Every event is checked against the
// network (TwinContext); every problem is reported with file, line, column and field, and a
// file with any problem yields no events.
#pragma once

#include <string>
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

// Reads `text` (the contents of `file`) in `format`. Appends every problem to `diagnostics`;
// returns the events only when it added none. `progress`, when set, is called with the
// number of bytes read so far now and then.
std::vector<Event> ReadEvents(const std::string& text, const std::string& file, FileFormat format,
                              const TwinContext& context, const PayloadSender& sender,
                              util::Diagnostics& diagnostics);

// The events of an already parsed JSON array of event objects (the body of `POST /v1/events`),
// as ReadEvents reads JSON Lines: problems name "line" i+1 for element i. No second parse.
std::vector<Event> ReadEventObjects(const nlohmann::json& objects, const std::string& file,
                                    const TwinContext& context, util::Diagnostics& diagnostics);

// A CSV template for `kind`: the header and one example row (docs/EVENTS.md).
std::string CsvTemplate(EventKind kind);

}  // namespace chaintwin::twin
