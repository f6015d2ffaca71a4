// Live events in the Catena-X PURIS vocabulary (docs/EVENTS.md): what partners report about
// stock, demand, deliveries and production, and our own capacity, quality and failure notes.
// An Event is validated against the network (sites, materials, lanes, organizations) when it
// is read; quantities are in the material's canonical unit, times are UTC milliseconds with
// the offset they were written in kept for output.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chaintwin::twin {

enum class EventKind : uint8_t {
  kItemStock,        // stock of one material at one site (ItemStock 2.0.0)
  kDemand,           // daily demand series of a customer site (ShortTermMaterialDemand 1.0.0)
  kDelivery,         // one shipment (DeliveryInformation 2.0.0)
  kProduction,       // planned or actual output of a site (PlannedProductionOutput 2.0.0)
  kCapacityNotice,   // ours: a site's capacity changes for a period
  kQuality,          // ours: a measured characteristic of a material at a site
  kFailure,          // ours: a failure report (quantity affected)
};
inline constexpr int kEventKinds = 7;
// "item_stock", "demand", "delivery", "production", "capacity_notice", "quality", "failure".
std::string_view EventKindName(EventKind kind);
std::optional<EventKind> ParseEventKind(std::string_view name);

// ItemStock direction, always from the reporter's view: kInbound = a customer's stock of its
// supplier's material; kOutbound = a supplier's stock made for a customer.
enum class Direction : uint8_t { kInbound, kOutbound };

enum class Incoterm : uint8_t { kNone, kEXW, kFCA, kCPT, kCIP, kDAP, kDAT, kDPU, kDDP, kFAS, kFOB, kCFR, kCIF };
std::string_view IncotermName(Incoterm term);
std::optional<Incoterm> ParseIncoterm(std::string_view name);
// Who must report a delivery under the term (PURIS IncotermEnumeration): EXW the customer,
// C- and D-terms (CPT, CIP, DAP, DAT, DPU, DDP) the supplier, F-terms and CFR/CIF either.
enum class Reporter : uint8_t { kCustomer, kSupplier, kEither };
Reporter ReporterOf(Incoterm term);

// One point of a demand or production series: a quantity on a day (days since 1970-01-01,
// the site's local date).
struct DayQuantity {
  int32_t day = 0;
  double quantity = 0.0;
};

struct Event {
  std::string key;        // idempotency key: the same key with the same content counts once
  EventKind kind = EventKind::kItemStock;
  bool retract = false;   // the record is withdrawn (written by --mode replace)
  std::string owner;      // BPNL (or network organization) that owns and sent the record
  std::string customer;   // the relationship's customer (BPNL), "" when none
  std::string supplier;   // the relationship's supplier (BPNL), "" when none
  std::string site;       // network site key (stock location, demand site, producing site,
                          // delivery destination)
  std::string material;   // network material key
  int64_t time_ms = 0;    // when the record was true / last updated, UTC milliseconds
  int32_t utc_offset_minutes = 0;  // offset `time` was written in

  // item_stock
  Direction direction = Direction::kInbound;
  double quantity = 0.0;          // item_stock unblocked; delivery cargo; capacity per day;
                                  // failure quantity affected; quality: the measured value
  double blocked_quantity = 0.0;  // item_stock: on stock but blocked (quarantine)
  std::string category;           // demand category code ("0001" when none); quality: the
                                  // characteristic measured

  // demand (day, quantity) and production (completion day, quantity) series.
  std::vector<DayQuantity> series;
  bool actual = false;  // production: actual output (else planned)

  // delivery
  std::string origin;            // network site key of the supplier's site
  Incoterm incoterm = Incoterm::kNone;
  std::optional<int64_t> departure_ms;  // actual departure (estimated one in `planned_departure_ms`)
  std::optional<int64_t> planned_departure_ms;
  std::optional<int64_t> arrival_ms;    // actual arrival
  std::optional<int64_t> eta_ms;        // estimated arrival
  std::string tracking;                 // tracking number or shipment id

  // capacity_notice: from_day inclusive, to_day exclusive (0 = open)
  int32_t from_day = 0;
  int32_t to_day = 0;
  std::string text;  // failure / capacity note

  // The record this event updates: events of one record replace each other, the latest by
  // (time_ms, key) winning whatever order they arrive in.
  std::string RecordKey() const;
};

// How far back from T a state looks for records that have run their course: a shipment
// whose every report puts its arrival more than this before T, and a demand or production
// series whose last day ended more than this before T, are not part of the state at T.
inline constexpr int64_t kStateLookbackMs = 30LL * 86'400'000;
// The last instant this event's record can matter to a state (see kStateLookbackMs):
// deliveries their arrival (actual, else estimated), series the end of their last day;
// nullopt for records that matter until replaced (stock, notes).
std::optional<int64_t> RelevantUntilMs(const Event& event);

// Order of events within one record: later time wins, ties by key. Total and independent of
// arrival order, so the fold is the same for any order of the same events.
inline bool Newer(const Event& a, const Event& b) {
  return a.time_ms != b.time_ms ? a.time_ms > b.time_ms : a.key > b.key;
}

// The canonical JSON text of an event (sorted keys, canonical units, UTC times): what the
// store keeps, and what "same content" means for an idempotency key.
std::string ToJson(const Event& event);
// Reads ToJson's text back. Requires: text came from ToJson.
Event FromJson(std::string_view text);

// Milliseconds since 1970-01-01T00:00:00Z of an RFC 3339 date-time that carries a time zone
// ("2026-03-02T06:00:00+01:00", "...Z", fractional seconds allowed); nullopt for anything
// else, including a time without a zone. `offset_minutes` receives the zone when given.
std::optional<int64_t> ParseDateTime(std::string_view text, int32_t* offset_minutes = nullptr);
// "2026-03-02T05:00:00Z" (milliseconds shown when not 0), or in `offset_minutes`.
std::string FormatDateTime(int64_t ms, int32_t offset_minutes = 0);
// The local calendar day (days since epoch) of an instant at a fixed offset.
int32_t LocalDay(int64_t ms, int32_t offset_minutes);
// The instant a local day starts at a fixed offset.
int64_t DayStartMs(int32_t day, int32_t offset_minutes);

}  // namespace chaintwin::twin
