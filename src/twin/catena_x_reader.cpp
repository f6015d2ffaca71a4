// Catena-X aspect payloads as sent, translated into our event objects and read by ParseEvent
// (docs/EVENTS.md "Catena-X payloads"). The payload is not changed; unknown fields are
// ignored, as the models ask. Messages carry the path into the payload.
//
//   ItemStock 2.0.0              one item_stock event per stock location (BPNS): the sum of
//                                every unblocked allocated stock there, blocked ones apart; the
//                                owner's other mapped sites that hold the material get 0 (an
//                                ItemStock is the whole picture: what it leaves out is not
//                                on stock)
//   ShortTermMaterialDemand 1.0.0  one demand event per demand series
//   DeliveryInformation 2.0.0    one delivery event per delivery
//   PlannedProductionOutput 2.0.0  one production event per production site, outputs by the
//                                local day of estimatedTimeOfCompletion
//
// Idempotency keys are made from the content's identity (sender, aspect, material, site,
// lastUpdatedOnDateTime): the same payload sent twice counts once.
#include <map>

#include <fmt/format.h>

#include "chaintwin/util/date.hpp"
#include "twin/object_reader.hpp"

namespace chaintwin::twin {
namespace {

const nlohmann::json* Get(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const nlohmann::json& List(const nlohmann::json& j, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* v = Get(j, key);
  return v != nullptr && v->is_array() ? *v : kEmpty;
}

std::string Str(const nlohmann::json& j, const char* key) {
  const nlohmann::json* v = Get(j, key);
  return v != nullptr && v->is_string() ? v->get<std::string>() : "";
}

// The newer of two RFC 3339 texts (by instant); `b` when `a` is empty or unreadable.
std::string Later(const std::string& a, const std::string& b) {
  auto ta = ParseDateTime(a), tb = ParseDateTime(b);
  if (!ta) return b;
  if (!tb) return a;
  return *tb > *ta ? b : a;
}

// A quantity object in canonical units of the material, for summing (nullopt: let ParseEvent
// report it where it stands).
std::optional<double> Canonical(const nlohmann::json& q, model::Dimension dim) {
  if (!q.is_object() || !q.contains("value") || !q["value"].is_number() || !q.contains("unit") ||
      !q["unit"].is_string()) {
    return std::nullopt;
  }
  auto unit = CatenaXUnit(q["unit"].get<std::string>());
  if (!unit) return std::nullopt;
  auto parsed = model::ParseQuantity(fmt::format("{} {}", q["value"].dump(), *unit));
  if (!parsed || parsed.value().numerator != dim) return std::nullopt;
  return parsed.value().value;
}

}  // namespace

std::vector<Event> ReadCatenaXPayload(const nlohmann::json& p, const std::string& aspect_given,
                                      const std::string& owner, const std::string& partner,
                                      std::optional<int64_t> sent_ms, ObjectReader& r) {
  const TwinContext& ctx = r.context();
  std::vector<Event> out;
  if (!p.is_object()) {
    r.Error("", fmt::format("expected a Catena-X payload object, found {}", Describe(p)));
    return out;
  }
  std::string aspect = aspect_given;
  if (aspect.empty()) {
    const nlohmann::json& positions = List(p, "positions");
    if (Get(p, "demandSeries") != nullptr) {
      aspect = "ShortTermMaterialDemand";
    } else if (Get(p, "direction") != nullptr) {
      aspect = "ItemStock";
    } else if (!positions.empty() && Get(positions[0], "deliveries") != nullptr) {
      aspect = "DeliveryInformation";
    } else if (!positions.empty() && Get(positions[0], "allocatedPlannedProductionOutputs")) {
      aspect = "PlannedProductionOutput";
    }
  }
  auto material = r.Material(NlohmannView(p), "materialGlobalAssetId", true);
  if (aspect.empty()) {
    r.Error("", "not an ItemStock 2.0.0, ShortTermMaterialDemand 1.0.0, DeliveryInformation "
                "2.0.0 or PlannedProductionOutput 2.0.0 payload (none of their fields found)");
    return out;
  }
  if (!material) return out;
  const std::string& asset = Str(p, "materialGlobalAssetId");
  model::Dimension dim =
      ctx.compiled().material_dimension[ctx.compiled().FindMaterial(*material).value];
  auto read = [&](nlohmann::json object, const std::string& path) {
    ObjectReader at = path.empty() ? r : r.Nested(path);
    if (auto e = ParseEvent(object, at)) out.push_back(std::move(*e));
  };
  auto key = [&](std::string_view what, std::string_view rest) {
    return fmt::format("cx:{}:{}:{}:{}", what, owner, asset, rest);
  };

  if (aspect == "ItemStock") {
    auto dir_text = r.Text(NlohmannView(p), "direction", true);
    if (!dir_text) return out;
    if (*dir_text != "INBOUND" && *dir_text != "OUTBOUND") {
      r.Error("direction", fmt::format("expected INBOUND or OUTBOUND, found '{}'", *dir_text));
      return out;
    }
    bool inbound = *dir_text == "INBOUND";
    // Per stock location: unblocked and blocked sums, the latest update, the first path.
    struct AtSite {
      double free = 0, blocked = 0;
      std::string time, path;
      nlohmann::json first_quantity;
      bool summable = true;
    };
    std::map<std::string, AtSite> sites;  // by BPNS as sent
    std::string latest;
    const nlohmann::json& positions = List(p, "positions");
    for (size_t i = 0; i < positions.size(); ++i) {
      const nlohmann::json& stocks = List(positions[i], "allocatedStocks");
      for (size_t k = 0; k < stocks.size(); ++k) {
        const nlohmann::json& s = stocks[k];
        std::string path = fmt::format("positions[{}].allocatedStocks[{}]", i, k);
        std::string bpns = Str(s, "stockLocationBPNS");
        AtSite& at = sites[bpns];
        if (at.path.empty()) {
          at.path = path;
          at.first_quantity = s.value("quantityOnAllocatedStock", nlohmann::json());
        }
        const nlohmann::json q = s.value("quantityOnAllocatedStock", nlohmann::json());
        auto value = Canonical(q, dim);
        if (!value) {
          // Let the reader say what is wrong with it, where it stands.
          ObjectReader bad = r.Nested(path);
          bad.Quantity(NlohmannView(s), "quantityOnAllocatedStock", dim, true);
          at.summable = false;
          continue;
        }
        (s.value("isBlocked", false) ? at.blocked : at.free) += *value;
        at.time = Later(at.time, Str(s, "lastUpdatedOnDateTime"));
        latest = Later(latest, Str(s, "lastUpdatedOnDateTime"));
      }
    }
    if (latest.empty() && sent_ms) latest = FormatDateTime(*sent_ms);
    if (latest.empty()) {
      r.Error("positions", "an empty ItemStock (nothing on stock) needs the envelope's `time`");
      return out;
    }
    auto emit = [&](const std::string& site_id, double free, double blocked,
                    const std::string& time, const std::string& path) {
      nlohmann::json e = {{"kind", "item_stock"},
                          {"owner", owner},
                          {"customer", inbound ? owner : partner},
                          {"supplier", inbound ? partner : owner},
                          {"site", site_id},
                          {"material", *material},
                          {"direction", inbound ? "inbound" : "outbound"},
                          {"quantity", fmt::format("{} {}", free, model::CanonicalUnit(dim))},
                          {"blocked_quantity", fmt::format("{} {}", blocked, model::CanonicalUnit(dim))},
                          {"time", time}};
      e["key"] = key("ItemStock", fmt::format("{}:{}:{}:{}", *dir_text, partner, site_id, time));
      read(std::move(e), path);
    };
    for (const auto& [bpns, at] : sites) {
      if (!at.summable) continue;
      if (bpns.empty()) {
        r.Nested(at.path).Error("stockLocationBPNS", "missing `stockLocationBPNS`");
        continue;
      }
      emit(bpns, at.free, at.blocked, at.time, at.path);
    }
    // The owner's other sites that hold the material: nothing on stock there.
    for (const auto& s : ctx.network().catena_x.sites) {
      if (s.bpnl != owner || sites.count(s.bpns) != 0 || !ctx.HasSlot(s.site, *material)) continue;
      emit(s.bpns, 0.0, 0.0, latest, "positions");
    }
  } else if (aspect == "ShortTermMaterialDemand") {
    const nlohmann::json& series = List(p, "demandSeries");
    if (series.empty()) r.Error("demandSeries", "expected a non-empty list of demand series");
    for (size_t i = 0; i < series.size(); ++i) {
      const nlohmann::json& s = series[i];
      std::string path = fmt::format("demandSeries[{}]", i);
      nlohmann::json demands = nlohmann::json::array();
      for (const nlohmann::json& d : List(s, "demands")) {
        demands.push_back({{"day", d.value("day", nlohmann::json())},
                           {"quantity", d.value("demand", nlohmann::json())}});
      }
      std::string category = "0001";
      if (const nlohmann::json* c = Get(s, "demandCategory")) category = Str(*c, "demandCategoryCode");
      std::string site = Str(s, "customerLocationBpns");
      std::string time = Str(s, "lastUpdatedOnDateTime");
      nlohmann::json e = {{"kind", "demand"},      {"owner", owner},      {"customer", owner},
                          {"supplier", partner},   {"site", site},        {"material", *material},
                          {"category", category},  {"demands", demands},  {"time", time}};
      e["key"] = key("ShortTermMaterialDemand", fmt::format("{}:{}:{}:{}", partner, site, category, time));
      read(std::move(e), path);
    }
  } else if (aspect == "DeliveryInformation") {
    const nlohmann::json& positions = List(p, "positions");
    for (size_t i = 0; i < positions.size(); ++i) {
      const nlohmann::json& deliveries = List(positions[i], "deliveries");
      for (size_t k = 0; k < deliveries.size(); ++k) {
        const nlohmann::json& d = deliveries[k];
        std::string path = fmt::format("positions[{}].deliveries[{}]", i, k);
        std::string origin, destination;
        if (const nlohmann::json* t = Get(d, "transitLocations")) {
          if (const nlohmann::json* o = Get(*t, "origin")) origin = Str(*o, "bpnsProperty");
          if (const nlohmann::json* o = Get(*t, "destination")) destination = Str(*o, "bpnsProperty");
        }
        auto origin_site = ctx.SiteKey(origin), dest_site = ctx.SiteKey(destination);
        // The parties are whoever runs the two sites (the payload names sites, not roles).
        std::string supplier = origin_site ? ctx.OrganizationOf(*origin_site) : "";
        std::string customer = dest_site ? ctx.OrganizationOf(*dest_site) : "";
        if (supplier.empty()) supplier = owner == customer ? partner : owner;
        if (customer.empty()) customer = owner == supplier ? partner : owner;
        nlohmann::json e = {{"kind", "delivery"},        {"owner", owner},
                            {"customer", customer},      {"supplier", supplier},
                            {"origin", origin},          {"destination", destination},
                            {"material", *material},     {"quantity", d.value("deliveryQuantity", nlohmann::json())},
                            {"time", Str(d, "lastUpdatedOnDateTime")}};
        if (const nlohmann::json* t = Get(d, "incoterm")) e["incoterm"] = *t;
        std::string tracking = Str(d, "trackingNumber");
        std::string departure;
        for (const nlohmann::json& ev : List(d, "transitEvents")) {
          std::string type = Str(ev, "eventType"), when = Str(ev, "dateTimeOfEvent");
          if (type == "actual-departure") e["departure"] = when, departure = when;
          if (type == "estimated-departure") e["estimated_departure"] = when;
          if (type == "actual-arrival") e["arrival"] = when;
          if (type == "estimated-arrival") e["estimated_arrival"] = when;
          if (departure.empty() && type == "estimated-departure") departure = when;
        }
        // Without a tracking number a shipment is known by its route and departure.
        if (tracking.empty()) tracking = fmt::format("{}>{}@{}", origin, destination, departure);
        e["tracking"] = tracking;
        e["key"] = key("DeliveryInformation", fmt::format("{}:{}", tracking, Str(d, "lastUpdatedOnDateTime")));
        read(std::move(e), path);
      }
    }
    if (out.empty() && positions.empty()) r.Error("positions", "expected at least one delivery");
  } else if (aspect == "PlannedProductionOutput") {
    struct AtSite {
      std::map<int32_t, double> by_day;
      std::string time, path;
      bool ok = true;
    };
    std::map<std::string, AtSite> sites;
    const nlohmann::json& positions = List(p, "positions");
    for (size_t i = 0; i < positions.size(); ++i) {
      const nlohmann::json& outs = List(positions[i], "allocatedPlannedProductionOutputs");
      for (size_t k = 0; k < outs.size(); ++k) {
        const nlohmann::json& o = outs[k];
        std::string path = fmt::format("positions[{}].allocatedPlannedProductionOutputs[{}]", i, k);
        ObjectReader at_path = r.Nested(path);
        std::string bpns = Str(o, "productionSiteBpns");
        AtSite& at = sites[bpns];
        if (at.path.empty()) at.path = path;
        auto site = at_path.Site(NlohmannView(o), "productionSiteBpns", true);
        int32_t offset = 0;
        auto done = at_path.Time(NlohmannView(o), "estimatedTimeOfCompletion", true, &offset);
        auto value = Canonical(o.value("plannedProductionQuantity", nlohmann::json()), dim);
        if (!value) at_path.Quantity(NlohmannView(o), "plannedProductionQuantity", dim, true);
        if (!site || !done || !value) {
          at.ok = false;
          continue;
        }
        // Completion day in the producing site's time zone.
        at.by_day[LocalDay(*done, ctx.UtcOffsetOf(*site))] += *value;
        at.time = Later(at.time, Str(o, "lastUpdatedOnDateTime"));
      }
    }
    for (const auto& [bpns, at] : sites) {
      if (!at.ok) continue;
      nlohmann::json outputs = nlohmann::json::array();
      for (const auto& [day, qty] : at.by_day) {
        outputs.push_back({{"day", util::FormatDate(day)},
                           {"quantity", fmt::format("{} {}", qty, model::CanonicalUnit(dim))}});
      }
      nlohmann::json e = {{"kind", "production"}, {"owner", owner},   {"customer", partner},
                          {"supplier", owner},    {"site", bpns},     {"material", *material},
                          {"outputs", outputs},   {"time", at.time}};
      e["key"] = key("PlannedProductionOutput", fmt::format("{}:{}:{}", partner, bpns, at.time));
      read(std::move(e), at.path);
    }
    if (positions.empty()) r.Error("positions", "expected at least one planned output");
  } else {
    r.Error("aspect", fmt::format("expected ItemStock, ShortTermMaterialDemand, "
                                  "DeliveryInformation or PlannedProductionOutput, found '{}'",
                                  aspect));
  }
  return out;
}

}  // namespace chaintwin::twin
