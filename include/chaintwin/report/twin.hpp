// The live twin's answers as report Documents (one result schema, docs/schema/): `chaintwin
// state` / GET /v1/state and `chaintwin days-of-supply` / GET /v1/days-of-supply print the
// same document, JSON or CSV per section.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/report/document.hpp"
#include "chaintwin/store/twin_store.hpp"
#include "chaintwin/twin/days_of_supply.hpp"
#include "chaintwin/twin/live.hpp"
#include "chaintwin/twin/state.hpp"

namespace chaintwin::report {

// The state as of `as_of_ms`: sections "slots" (every slot with a report, open demand or
// stock held for it), "open_demand" (per slot and day) and "in_transit" (cargo in transit or
// planned, with ETA).
Document StateDocument(const model::CompiledNetwork& net, const twin::State& state,
                       int64_t as_of_ms);

// Days of supply (CX-0145): sections "results" (one per site and material) and "days" (its
// window, day by day). `direction` is "inbound" or "outbound".
Document DaysOfSupplyDocument(const std::vector<twin::DosResult>& results, int64_t as_of_ms,
                              const std::string& direction);

// After an ingest: the shortages a nominal run from the state projects ("projected_shortages")
// and the feeds gone quiet ("silent_feeds"). `chaintwin alerts`, GET /v1/alerts.
Document AlertsDocument(const std::vector<twin::ProjectedShortage>& shortages,
                        const std::vector<twin::SilentFeed>& silent, int64_t as_of_ms,
                        int32_t horizon_days);

// When each partner last reported each kind and material ("feeds"), at `now_ms`. `chaintwin
// feeds`, GET /v1/feeds.
Document FeedsDocument(const std::vector<store::Feed>& feeds, int64_t now_ms);

}  // namespace chaintwin::report
