// Event files to events. Every format ends in ParseEvent, which checks one event object in our
// JSON form (docs/EVENTS.md) against the network: JSON Lines are such objects, a CSV row is
// made into one (rows of a series joined by key), and a Catena-X payload is translated into
// them (twin/catena_x_reader.cpp) with paths into the payload for messages.
#include "chaintwin/twin/reader.hpp"

#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "chaintwin/model/units.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "twin/object_reader.hpp"
#include "twin/simd_view.hpp"

namespace chaintwin::twin {

FileFormat FormatOf(const std::string& path) {
  auto ends = [&](std::string_view ext) {
    return path.size() >= ext.size() && path.compare(path.size() - ext.size(), ext.size(), ext) == 0;
  };
  if (ends(".jsonl") || ends(".ndjson")) return FileFormat::kJsonLines;
  if (ends(".json")) return FileFormat::kCatenaX;
  if (ends(".csv")) return FileFormat::kCsv;
  throw InputError(path, "expected a .jsonl (JSON Lines of events), .json (a Catena-X payload) "
                         "or .csv file (one event kind per file)");
}

namespace {

const std::set<std::string> kDemandCategories = {"0001", "A1S1", "SR99", "PI01",
                                                 "PO01", "OS01", "OI01", "ED01"};

// A series of {day, quantity} objects under `field`.
template <JsonView View>
bool ReadSeries(ObjectReader& r, View j, std::string_view field, model::Dimension dim, Event& e) {
  std::optional<View> list = r.Field(j, field, true);
  if (!list) return false;
  if (!list->IsArray() || list->Size() == 0) {
    r.Error(field, fmt::format("expected a non-empty list of {{day, quantity}}, found {}",
                               Describe(*list)));
    return false;
  }
  bool ok = true;
  std::set<int32_t> days;
  list->ForEachElement([&](size_t i, View p) {
    std::string path = fmt::format("{}[{}]", field, i);
    ObjectReader item = r.Nested(path);
    if (!p.IsObject()) {
      r.Error(path, fmt::format("expected an object {{day, quantity}}, found {}", Describe(p)));
      ok = false;
      return;
    }
    auto day = item.Day(p, "day", true);
    auto qty = item.Quantity(p, "quantity", dim, true);
    if (!day || !qty) {
      ok = false;
      return;
    }
    if (!days.insert(*day).second) {
      item.Error("day", fmt::format("day {} is given twice in this series", util::FormatDate(*day)));
      ok = false;
      return;
    }
    e.series.push_back({*day, *qty});
  });
  std::sort(e.series.begin(), e.series.end(),
            [](const DayQuantity& a, const DayQuantity& b) { return a.day < b.day; });
  return ok;
}

}  // namespace

template <JsonView View>
std::optional<Event> ParseEvent(View j, ObjectReader& r) {
  const TwinContext& ctx = r.context();
  if (!j.IsObject()) {
    r.Error("", fmt::format("expected an event object, found {}", Describe(j)));
    return std::nullopt;
  }
  Event e;
  bool ok = true;
  auto kind_text = r.Text(j, "kind", true);
  if (!kind_text) return std::nullopt;
  auto kind = ParseEventKind(*kind_text);
  if (!kind) {
    r.Error("kind", fmt::format("expected one of item_stock, demand, delivery, production, "
                                "capacity_notice, quality, failure, found '{}'", *kind_text));
    return std::nullopt;
  }
  e.kind = *kind;
  // The fields of each kind, made once (ParseEvent runs once per event ingested).
  static const std::vector<std::vector<std::string_view>> kAllowed = [] {
    std::vector<std::vector<std::string_view>> all(kEventKinds);
    for (int k = 0; k < kEventKinds; ++k) {
      const auto kind = static_cast<EventKind>(k);
      std::vector<std::string_view>& allowed = all[static_cast<size_t>(k)];
      allowed = {"key", "kind", "owner", "customer", "supplier", "time"};
      switch (kind) {
        case EventKind::kItemStock:
          allowed.insert(allowed.end(),
                         {"site", "material", "direction", "quantity", "blocked_quantity"});
          break;
        case EventKind::kDemand:
          allowed.insert(allowed.end(), {"site", "material", "category", "demands"});
          break;
        case EventKind::kDelivery:
          allowed.insert(allowed.end(), {"origin", "destination", "material", "quantity", "incoterm",
                                         "tracking", "departure", "estimated_departure", "arrival",
                                         "estimated_arrival"});
          break;
        case EventKind::kProduction:
          allowed.insert(allowed.end(), {"site", "material", "actual", "outputs"});
          break;
        case EventKind::kCapacityNotice:
          allowed.insert(allowed.end(), {"site", "material", "capacity", "from", "until", "text"});
          break;
        case EventKind::kQuality:
          allowed.insert(allowed.end(), {"site", "material", "characteristic", "value"});
          break;
        case EventKind::kFailure:
          allowed.insert(allowed.end(), {"site", "material", "quantity", "text"});
          break;
      }
    }
    return all;
  }();
  const std::vector<std::string_view>& allowed = kAllowed[static_cast<size_t>(e.kind)];
  ok = r.CheckFields(j, allowed) && ok;
  auto key = r.Text(j, "key", true);
  if (key && (key->empty() || key->size() > 200)) {
    r.Error("key", fmt::format("expected an idempotency key of 1 to 200 characters, found '{}'",
                               key->substr(0, 40)));
    key.reset();
  }
  auto org = [&](std::string_view field, bool required) -> std::optional<std::string> {
    auto v = r.Text(j, field, required);
    if (v && !ctx.KnownOrganization(*v)) {
      r.Error(field, fmt::format("unknown organization '{}': not in the network's "
                                 "catena_x.organizations", *v));
      return std::nullopt;
    }
    return v;
  };
  bool relationship = e.kind == EventKind::kItemStock || e.kind == EventKind::kDemand ||
                      e.kind == EventKind::kDelivery || e.kind == EventKind::kProduction;
  auto owner = org("owner", true);
  auto customer = org("customer", relationship);
  auto supplier = org("supplier", relationship);
  auto time = r.Time(j, "time", true, &e.utc_offset_minutes);
  ok = ok && key && owner && time && (!relationship || (customer && supplier));
  if (customer && supplier && *customer == *supplier) {
    r.Error("supplier", fmt::format("customer and supplier are the same organization '{}'",
                                    *customer));
    ok = false;
  }
  if (relationship && owner && customer && supplier && *owner != *customer && *owner != *supplier) {
    r.Error("owner", fmt::format("owner '{}' is neither the customer '{}' nor the supplier '{}' "
                                 "of the record", *owner, *customer, *supplier));
    ok = false;
  }
  // The material, and the site that must hold it (every kind but delivery names one).
  std::optional<std::string> material = r.Material(j, "material", true);
  std::optional<std::string> site;
  if (e.kind != EventKind::kDelivery) {
    site = r.Site(j, "site", true);
    if (site && material && !ctx.HasSlot(*site, *material)) {
      r.Error("material", fmt::format("site `{}` holds no `{}` in the network", *site, *material));
      ok = false;
    }
  }
  model::Dimension dim = material ? ctx.compiled().material_dimension[
                                        ctx.compiled().FindMaterial(*material).value]
                                  : model::Dimension::kMass;
  // The role the owner plays, and whether the site it names is its own.
  auto site_is = [&](const std::optional<std::string>& s, const std::optional<std::string>& who,
                     std::string_view field, std::string_view role) {
    if (!s || !who) return;
    const std::string& runs = ctx.OrganizationOf(*s);
    if (!runs.empty() && runs != *who) {
      r.Error(field, fmt::format("site `{}` is run by '{}', not by the {} '{}'", *s, runs, role,
                                 *who));
      ok = false;
    }
  };

  switch (e.kind) {
    case EventKind::kItemStock: {
      auto dir = r.Text(j, "direction", true);
      if (dir && *dir != "inbound" && *dir != "outbound") {
        r.Error("direction", fmt::format("expected inbound or outbound, found '{}'", *dir));
        dir.reset();
      }
      auto q = r.Quantity(j, "quantity", dim, true);
      auto b = r.Quantity(j, "blocked_quantity", dim, false);
      if (!dir || !q || (j.Contains("blocked_quantity") && !b)) ok = false;
      if (dir) {
        e.direction = *dir == "inbound" ? Direction::kInbound : Direction::kOutbound;
        // INBOUND is the customer's stock of its supplier's material; OUTBOUND the supplier's
        // stock made for its customer: the direction names who reports.
        const auto& reporter = e.direction == Direction::kInbound ? customer : supplier;
        if (ok && owner && reporter && *owner != *reporter) {
          r.Error("direction", fmt::format(
                                   "{} stock is reported by the {} ('{}'), but the owner is the {} "
                                   "('{}')",
                                   *dir, e.direction == Direction::kInbound ? "customer" : "supplier",
                                   *reporter,
                                   e.direction == Direction::kInbound ? "supplier" : "customer",
                                   *owner));
          ok = false;
        }
        site_is(site, owner, "site", "stock's owner");
      }
      e.quantity = q.value_or(0.0);
      e.blocked_quantity = b.value_or(0.0);
      break;
    }
    case EventKind::kDemand: {
      if (owner && customer && *owner != *customer) {
        r.Error("owner", fmt::format("demand is reported by its customer ('{}'), not by the "
                                     "supplier ('{}')", *customer, *owner));
        ok = false;
      }
      site_is(site, customer, "site", "customer");
      e.category = r.Text(j, "category", false).value_or("0001");
      if (kDemandCategories.count(e.category) == 0) {
        r.Error("category", fmt::format("expected a demand category code (0001, A1S1, SR99, PI01, "
                                        "PO01, OS01, OI01, ED01), found '{}'", e.category));
        ok = false;
      }
      ok = ReadSeries(r, j, "demands", dim, e) && ok;
      break;
    }
    case EventKind::kDelivery: {
      auto origin = r.Site(j, "origin", true);
      site = r.Site(j, "destination", true);
      auto q = r.Quantity(j, "quantity", dim, true);
      if (!origin || !site || !q) ok = false;
      if (origin && site && material && !ctx.LaneOf(*origin, *site, *material).valid()) {
        r.Error("destination", fmt::format("no lane from `{}` to `{}` for `{}` in the network",
                                           *origin, *site, *material));
        ok = false;
      }
      site_is(origin, supplier, "origin", "supplier");
      site_is(site, customer, "destination", "customer");
      if (auto term = r.Text(j, "incoterm", false)) {
        if (auto t = ParseIncoterm(*term)) {
          e.incoterm = *t;
        } else {
          r.Error("incoterm", fmt::format("expected an Incoterm (EXW, FCA, CPT, CIP, DAP, DAT, DPU, "
                                          "DDP, FAS, FOB, CFR, CIF), found '{}'", *term));
          ok = false;
        }
      }
      Reporter must = ReporterOf(e.incoterm);
      if (owner && customer && supplier && must != Reporter::kEither) {
        const std::string& who = must == Reporter::kCustomer ? *customer : *supplier;
        if (*owner != who) {
          r.Error("owner", fmt::format("under {} the delivery is reported by the {} ('{}'), not "
                                       "by '{}'", IncotermName(e.incoterm),
                                       must == Reporter::kCustomer ? "customer" : "supplier", who,
                                       *owner));
          ok = false;
        }
      }
      auto when = [&](std::string_view field, std::optional<int64_t>& out) {
        int32_t offset = 0;
        out = r.Time(j, field, false, &offset);
        if (j.Contains(field) && !out) ok = false;
      };
      when("departure", e.departure_ms);
      when("estimated_departure", e.planned_departure_ms);
      when("arrival", e.arrival_ms);
      when("estimated_arrival", e.eta_ms);
      if (ok && !e.arrival_ms && !e.eta_ms) {
        r.Error("estimated_arrival", "a delivery needs an arrival or an estimated_arrival");
        ok = false;
      }
      auto leaves = e.departure_ms ? e.departure_ms : e.planned_departure_ms;
      auto lands = e.arrival_ms ? e.arrival_ms : e.eta_ms;
      if (ok && leaves && lands && *lands < *leaves) {
        r.Error(e.arrival_ms ? "arrival" : "estimated_arrival",
                fmt::format("arrives ({}) before it departs ({})", FormatDateTime(*lands),
                            FormatDateTime(*leaves)));
        ok = false;
      }
      e.origin = origin.value_or("");
      e.quantity = q.value_or(0.0);
      e.tracking = r.Text(j, "tracking", false).value_or(key.value_or(""));
      break;
    }
    case EventKind::kProduction: {
      if (owner && supplier && *owner != *supplier) {
        r.Error("owner", fmt::format("production output is reported by the supplier that makes "
                                     "it ('{}'), not by its customer ('{}')", *supplier, *owner));
        ok = false;
      }
      site_is(site, supplier, "site", "supplier");
      e.actual = r.Bool(j, "actual").value_or(false);
      ok = ReadSeries(r, j, "outputs", dim, e) && ok;
      break;
    }
    case EventKind::kCapacityNotice: {
      auto cap = r.Rate(j, "capacity", dim, true);
      auto from = r.Day(j, "from", true);
      auto until = r.Day(j, "until", false);
      if (!cap || !from || (j.Contains("until") && !until)) ok = false;
      if (from && until && *until <= *from) {
        r.Error("until", "until must be after from");
        ok = false;
      }
      e.quantity = cap.value_or(0.0);
      e.from_day = from.value_or(0);
      e.to_day = until.value_or(0);
      e.text = r.Text(j, "text", false).value_or("");
      break;
    }
    case EventKind::kQuality: {
      auto c = r.Text(j, "characteristic", true);
      auto v = r.Number(j, "value", true);
      if (!c || !v) ok = false;
      e.category = c.value_or("");
      e.quantity = v.value_or(0.0);
      break;
    }
    case EventKind::kFailure: {
      auto q = r.Quantity(j, "quantity", dim, true);
      if (!q) ok = false;
      e.quantity = q.value_or(0.0);
      e.text = r.Text(j, "text", false).value_or("");
      break;
    }
  }
  if (!ok || !site || !material || !key || !owner || !time) return std::nullopt;
  e.key = std::move(*key);
  e.owner = std::move(*owner);
  if (customer) e.customer = std::move(*customer);
  if (supplier) e.supplier = std::move(*supplier);
  e.site = std::move(*site);
  e.material = std::move(*material);
  e.time_ms = *time;
  return e;
}

template std::optional<Event> ParseEvent(NlohmannView, ObjectReader&);
template std::optional<Event> ParseEvent(SimdView, ObjectReader&);

}  // namespace chaintwin::twin
