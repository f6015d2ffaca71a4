// The twin's state at an instant, folded from the current event of every record
// (TwinStore::Records): stock per (site, material) with every stock record summed, cargo in
// transit and planned with its ETA, open demand and planned production by day, and our own
// capacity, quality and failure notes. Pure: the same records give the same state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chaintwin/twin/context.hpp"
#include "chaintwin/twin/event.hpp"

namespace chaintwin::twin {

struct SlotState {
  double stock = 0.0;            // unblocked, every stock record at the site summed
  double blocked = 0.0;          // blocked (quarantine), shown apart, never counted as supply
  double held_by_suppliers = 0.0;  // OUTBOUND stock suppliers report holding for this site
  int64_t reported_ms = 0;       // the latest stock report at the site (0: none)
  int records = 0;               // stock records summed
};

struct Shipment {
  std::string tracking;
  std::string reporter;  // owner of the record
  LaneId lane;
  std::string origin, destination, material;
  double quantity = 0.0;
  std::optional<int64_t> departure_ms;  // actual, else planned
  bool departed = false;                // an actual departure at or before the instant
  int64_t arrival_ms = 0;               // actual arrival, else ETA
  bool arrived = false;                 // an actual arrival at or before the instant
  Incoterm incoterm = Incoterm::kNone;
};

struct State {
  int64_t as_of_ms = 0;
  std::vector<SlotState> slots;                     // by SlotId of the compiled network
  std::vector<Shipment> shipments;                  // not arrived: in transit or planned
  std::vector<Shipment> arrived;                    // arrived (kept for days of supply)
  std::vector<std::vector<DayQuantity>> demand;     // by slot: open demand, from today, by day
  std::vector<std::vector<DayQuantity>> production; // by slot: planned output, from today
  std::vector<Event> capacity_notices, quality, failures;
  size_t records = 0;
};

// Folds `records` (at most one current event per record, none withdrawn) as of `as_of_ms`.
// Demand and production from the local day of `as_of_ms` at each site on are kept.
State Fold(const TwinContext& context, const std::vector<Event>& records, int64_t as_of_ms);

// The current event of every record among `events` as of `as_of_ms` (the newest by (time,
// key) with time <= as_of_ms), withdrawn ones and those run their course (kStateLookbackMs)
// left out, ordered by record key: what a store's
// Records() returns, computed from a plain list. Order of `events` does not matter.
std::vector<Event> CurrentRecords(const std::vector<Event>& events, int64_t as_of_ms);

}  // namespace chaintwin::twin
