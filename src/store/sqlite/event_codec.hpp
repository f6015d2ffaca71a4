// The compact binary form the SQLite store keeps each event in (since schema 3). It holds what
// twin::ToJson writes, field for field and kind by kind, except the key, the time and the
// retract flag, which the log keeps in columns of their own. Canonical like ToJson: two events
// pack to the same bytes exactly when ToJson gives the same text for them (doubles are kept
// bit for bit, and ToJson prints the shortest text that reads back to the same double), so the
// bytes say whether a retried key carries the same content.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chaintwin/twin/event.hpp"

namespace chaintwin::store {

// The body of `event` (everything but key, time_ms and retract), about half ToJson's size.
std::string PackEvent(const twin::Event& event);
// The same into `*out`, replacing what it held (its buffer is reused: no allocation per event
// once it is large enough).
void PackEvent(const twin::Event& event, std::string* out);

// The event PackEvent packed, with the three columns kept apart: equal to
// twin::FromJson(twin::ToJson(event)) (a quantity of -0 comes back 0 in both). Throws StoreError when `body` is not a body PackEvent
// wrote (a damaged file), never reads past it.
twin::Event UnpackEvent(std::string_view key, int64_t time_ms, bool retract,
                        std::string_view body);

}  // namespace chaintwin::store
