#include "server/json_map.hpp"

#include <cmath>
#include <filesystem>
#include <iterator>
#include <string_view>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/report/analysis.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin::server {
namespace {

using nlohmann::json;

std::string Dump(const json& j) {
  return j.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

json OrNull(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// The `names` block (docs/openapi.yaml, GET /v1/network): per kind, per id, {"en", "ja",
// "ko", ...}; English from the names table, else the network's own name; "transliterated"
// lists the languages whose name the dataset's authors rendered themselves.
json NamesJson(const model::Network& n) {
  using Kind = model::DisplayName::Kind;
  json block = {{"countries", json::object()},
                {"regions", json::object()},
                {"materials", json::object()},
                {"sites", json::object()}};
  auto section = [&](Kind kind) -> json& {
    switch (kind) {
      case Kind::kCountry: return block["countries"];
      case Kind::kGroup: return block["regions"];
      case Kind::kMaterial: return block["materials"];
      case Kind::kSite: break;
    }
    return block["sites"];
  };
  auto own = [&](Kind kind, const std::string& id, const std::string& name) {
    section(kind)[id] = {{"en", name.empty() ? id : name}};
  };
  for (const model::Country& c : n.countries) own(Kind::kCountry, c.code, c.name);
  for (const model::Group& g : n.groups) own(Kind::kGroup, g.id, g.name);
  for (const model::Material& m : n.materials) own(Kind::kMaterial, m.id, m.name);
  for (const model::Site& s : n.sites) own(Kind::kSite, s.id, s.name);
  for (const model::DisplayName& d : n.names) {
    json& entry = section(d.kind)[d.id];
    entry[d.lang] = d.name;
    if (d.transliterated) entry["transliterated"].push_back(d.lang);
  }
  return block;
}

}  // namespace

std::string ScenariosJson(const std::vector<ScenarioEntry>& entries) {
  json list = json::array();
  for (const ScenarioEntry& e : entries) {
    json item = {{"name", e.name}};
    if (!e.error.empty()) {
      item["error"] = e.error;
    } else {
      item.update({{"id", e.id},
                   {"title", e.title},
                   {"description", e.description},
                   {"start_date", e.start_date},
                   {"horizon_days", e.horizon_days},
                   {"events", e.events}});
    }
    list.push_back(item);
  }
  return Dump({{"scenarios", list}});
}

std::string NetworkJson(const model::Network& n) {
  std::map<std::string, std::vector<std::string>> outputs;
  json sites = json::array();
  for (const model::Site& s : n.sites) {
    json made = json::array();
    for (const model::Process& p : s.processes) made.push_back(p.output);
    sites.push_back({{"id", s.id},
                     {"name", s.name},
                     {"operator", s.operator_name},
                     {"country", s.country},
                     {"lat", OrNull(s.lat)},
                     {"lon", OrNull(s.lon)},
                     {"external", s.external},
                     {"makes", made}});
  }
  json lanes = json::array();
  for (const model::Lane& l : n.lanes) {
    json crossings = json::array();
    for (const model::ChokepointCrossing& c : l.chokepoints) {
      crossings.push_back({{"chokepoint", c.chokepoint}, {"day", c.day}});
    }
    lanes.push_back({{"id", l.id},
                     {"supplier", l.supplier},
                     {"buyer", l.buyer},
                     {"material", l.material},
                     {"mode", model::TransportModeName(l.mode)},
                     {"transit_days", l.transit_days},
                     {"share", l.share},
                     {"alternate", l.alternate},
                     {"chokepoints", crossings}});
  }
  json chokepoints = json::array();
  for (const model::Chokepoint& c : n.chokepoints) {
    chokepoints.push_back({{"id", c.id}, {"name", c.name}, {"lat", OrNull(c.lat)}, {"lon", OrNull(c.lon)}});
  }
  json materials = json::array();
  for (const model::Material& m : n.materials) {
    materials.push_back({{"id", m.id}, {"name", m.name}, {"unit", m.unit}, {"stage", model::StageName(m.stage)}});
  }
  return Dump({{"network", n.id},
               {"name", n.name},
               {"materials", materials},
               {"sites", sites},
               {"lanes", lanes},
               {"chokepoints", chokepoints},
               {"names", NamesJson(n)}});
}

std::string SourcesJson(const model::Network& n) {
  std::map<std::string, std::pair<int, int>> cited;  // source -> (figures, estimates)
  int without = 0;
  for (const model::FigureRecord& f : n.figures) {
    if (f.source.empty()) {
      ++without;
      continue;
    }
    auto& c = cited[f.source];
    ++c.first;
    c.second += f.estimate ? 1 : 0;
  }
  json list = json::array();
  for (const model::Source& s : n.sources) {
    auto it = cited.find(s.id);
    list.push_back({{"id", s.id},
                    {"title", s.title},
                    {"publisher", s.publisher},
                    {"year", s.year},
                    {"url", s.url},
                    {"figures", it == cited.end() ? 0 : it->second.first},
                    {"estimates", it == cited.end() ? 0 : it->second.second}});
  }
  return Dump({{"network", n.id},
               {"figures", n.figures.size()},
               {"figures_without_source", without},
               {"sources", list}});
}

std::string SimulateJson(const model::CompiledNetwork& net, const sim::Results& results,
                         const report::RunInfo& info, bool allocations,
                         report::ExtrasCollector* extras) {
  report::Document doc = report::ResultsDocument(net, results, info);
  if (extras != nullptr) extras->AddTo(doc, results);
  json j = json::parse(doc.Json());
  if (j.contains("network") && j["network"].is_string()) {
    j["network"] = std::filesystem::path(j["network"].get<std::string>()).filename().string();
  }
  if (!allocations) j.erase("allocations");
  return Dump(j);
}

std::string CompareJson(const model::CompiledNetwork& a_net, const sim::Results& a,
                        const model::CompiledNetwork& b_net, const sim::Results& b) {
  return report::CompareDocument(a_net, a, b_net, b).Json();
}

std::string PlanJson(const model::CompiledNetwork& net, const std::string& scenario_id,
                     const opt::PlanResult& r, int32_t start_date) {
  return report::PlanDocument(net, scenario_id, r, start_date).Json();
}

std::string MonteCarloJson(const model::CompiledNetwork& net, const analyze::MonteCarloResults& r,
                           const std::string& protocol, int32_t start_date) {
  return report::MonteCarloDocument(net, r, protocol, start_date).Json();
}

std::string TtsJson(const model::Network& network, const model::CompiledNetwork& net,
                    const opt::TtsResult& r, size_t shown) {
  return report::TtsDocument(net, r, report::TtsInfo{network.id, "", false, shown, 0.0}).Json();
}

std::string ConcentrationJson(const model::CompiledNetwork& net,
                              const std::vector<analyze::MaterialConcentration>& rows) {
  return report::ConcentrationDocument(net, rows, "capacity").Json();
}

std::string DependenceJson(const model::CompiledNetwork& net, const analyze::DependenceMap& map,
                           const std::string& origin,
                           const std::vector<analyze::DependenceRow>& rows) {
  json out = json::array();
  for (const analyze::DependenceRow& r : rows) {
    out.push_back({{"country", net.country_key[r.country.value]},
                   {"material", net.material_key[r.material.value]},
                   {"upstream", net.material_key[r.upstream.value]},
                   {"share", r.share}});
  }
  return Dump({{"origin", origin}, {"converged", map.converged()}, {"rows", out}});
}

std::string SensitivityJson(const analyze::SensitivityResults& r, size_t shown) {
  return report::SensitivityDocument(r, shown).Json();
}

std::string JobJson(const JobSnapshot& job) {
  json j = {{"id", job.id},
            {"kind", job.kind},
            {"state", JobStateName(job.state)},
            {"progress", {{"done", job.done}, {"total", job.total}}},
            {"submitted_at", job.submitted_s},
            {"started_at", OrNull(job.started_s)},
            {"finished_at", OrNull(job.finished_s)}};
  if (job.state == JobState::kSucceeded) j["result"] = json::parse(job.result);
  if (job.state == JobState::kFailed) j["error"] = job.error;
  return Dump(j);
}

}  // namespace chaintwin::server

namespace chaintwin::server {
namespace {

std::string Dumped(const nlohmann::json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// State and days of supply are the answers polled most (dashboards, partners' systems), and
// the largest: they are written straight into a buffer, compact, instead of through a JSON tree
// (which took most of the request's time; docs/BENCHMARKS.md "HTTP API").
class Writer {
 public:
  Writer& Raw(std::string_view text) {
    out_.append(text.data(), text.data() + text.size());
    return *this;
  }
  Writer& Key(std::string_view key) {
    Comma();
    Quote(key);
    out_.push_back(':');
    fresh_ = true;
    return *this;
  }
  Writer& Str(std::string_view text) {
    Comma();
    Quote(text);
    return *this;
  }
  // Finite numbers in their shortest exact form; none (null) otherwise.
  Writer& Num(double v) {
    Comma();
    if (std::isfinite(v)) {
      fmt::format_to(std::back_inserter(out_), "{}", v);
    } else {
      Raw("null");
    }
    return *this;
  }
  Writer& Int(int64_t v) {
    Comma();
    fmt::format_to(std::back_inserter(out_), "{}", v);
    return *this;
  }
  Writer& Bool(bool v) {
    Comma();
    return Raw(v ? "true" : "false");
  }
  Writer& Null() {
    Comma();
    return Raw("null");
  }
  Writer& Open(char bracket) {
    Comma();
    out_.push_back(bracket);
    fresh_ = true;
    return *this;
  }
  Writer& Close(char bracket) {
    out_.push_back(bracket);
    fresh_ = false;
    return *this;
  }
  std::string Done() {
    out_.push_back('\n');
    return fmt::to_string(out_);
  }

 private:
  void Quote(std::string_view text) {
    out_.push_back('"');
    for (char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out_.push_back('\\');
        out_.push_back(c);
      } else if (u < 0x20) {
        fmt::format_to(std::back_inserter(out_), "\\u{:04x}", u);
      } else {
        out_.push_back(c);
      }
    }
    out_.push_back('"');
  }
  // A comma before every value but the first of an object or array, and none after a key.
  void Comma() {
    if (!fresh_) out_.push_back(',');
    fresh_ = false;
  }
  fmt::memory_buffer out_;
  bool fresh_ = true;
};

}  // namespace

std::string StateJson(const model::CompiledNetwork& net, const twin::State& st, int64_t as_of_ms) {
  Writer w;
  w.Open('{').Key("as_of").Str(twin::FormatDateTime(as_of_ms));
  w.Key("records").Int(static_cast<int64_t>(st.records));
  w.Key("slots").Open('[');
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const twin::SlotState& x = st.slots[slot];
    if (x.records == 0 && x.held_by_suppliers <= 0 && st.demand[slot].empty() &&
        st.production[slot].empty()) {
      continue;
    }
    w.Open('{');
    w.Key("site").Str(net.site_key[net.slot_site[slot].value]);
    w.Key("material").Str(net.material_key[net.slot_material[slot].value]);
    w.Key("stock").Num(x.stock);
    w.Key("blocked").Num(x.blocked);
    w.Key("held_by_suppliers").Num(x.held_by_suppliers);
    w.Key("stock_records").Int(x.records);
    w.Key("reported");
    if (x.records) {
      w.Str(twin::FormatDateTime(x.reported_ms));
    } else {
      w.Null();
    }
    w.Key("open_demand").Open('[');
    for (const twin::DayQuantity& p : st.demand[slot]) {
      w.Open('{').Key("date").Str(util::FormatDate(p.day)).Key("quantity").Num(p.quantity).Close('}');
    }
    w.Close(']').Close('}');
  }
  w.Close(']');
  w.Key("in_transit").Open('[');
  for (const twin::Shipment& sh : st.shipments) {
    w.Open('{');
    w.Key("tracking").Str(sh.tracking);
    w.Key("material").Str(sh.material);
    w.Key("origin").Str(sh.origin);
    w.Key("destination").Str(sh.destination);
    w.Key("quantity").Num(sh.quantity);
    w.Key("departed").Bool(sh.departed);
    w.Key("eta").Str(twin::FormatDateTime(sh.arrival_ms));
    w.Key("reported_by").Str(sh.reporter);
    w.Close('}');
  }
  w.Close(']').Close('}');
  return w.Done();
}

std::string DaysOfSupplyJson(const std::vector<twin::DosResult>& results, int64_t as_of_ms,
                             const std::string& direction) {
  Writer w;
  w.Open('{').Key("as_of").Str(twin::FormatDateTime(as_of_ms));
  w.Key("direction").Str(direction);
  w.Key("results").Open('[');
  for (const twin::DosResult& r : results) {
    w.Open('{');
    w.Key("site").Str(r.site);
    w.Key("material").Str(r.material);
    w.Key("stock").Num(r.stock);
    w.Key("blocked").Num(r.blocked);
    w.Key("held_by_suppliers").Num(r.held_by_suppliers);
    w.Key("p0").Num(r.p0);
    w.Key("first_stockout");
    if (r.first_stockout_day >= 0) {
      w.Str(util::FormatDate(r.first_stockout_day));
    } else {
      w.Null();
    }
    w.Key("shortfall").Num(r.shortfall);
    w.Key("days").Open('[');
    for (const twin::DosDay& d : r.days) {
      w.Open('{');
      w.Key("date").Str(util::FormatDate(d.day));
      w.Key("in").Num(d.in);
      w.Key("out").Num(d.out);
      w.Key("projected").Num(d.projected);
      w.Key("days_of_supply").Num(d.days_of_supply);
      w.Key("at_least").Bool(d.at_least);
      w.Close('}');
    }
    w.Close(']').Close('}');
  }
  w.Close(']').Close('}');
  return w.Done();
}

std::string AlertsJson(const std::vector<twin::ProjectedShortage>& shortages,
                       const std::vector<twin::SilentFeed>& silent, int64_t as_of_ms,
                       int32_t horizon_days) {
  nlohmann::json list = nlohmann::json::array();
  for (const twin::ProjectedShortage& p : shortages) {
    list.push_back({{"site", p.site},
                    {"material", p.material},
                    {"first_date", util::FormatDate(p.first_date)},
                    {"days_from_now", p.days_from_now},
                    {"production", p.production},
                    {"cause", p.cause}});
  }
  nlohmann::json quiet = nlohmann::json::array();
  for (const twin::SilentFeed& q : silent) {
    quiet.push_back({{"owner", q.feed.owner},
                     {"kind", twin::EventKindName(q.feed.kind)},
                     {"material", q.feed.material},
                     {"last_report", twin::FormatDateTime(q.feed.last_time_ms)},
                     {"silent_hours", static_cast<double>(q.silent_for_ms) / 3.6e6},
                     {"expected_every_hours", static_cast<double>(q.expected_interval_ms) / 3.6e6}});
  }
  return Dumped({{"as_of", twin::FormatDateTime(as_of_ms)},
                 {"horizon_days", horizon_days},
                 {"projected_shortages", list},
                 {"silent_feeds", quiet}});
}

std::string FeedsJson(const std::vector<store::Feed>& feeds, int64_t now_ms) {
  nlohmann::json list = nlohmann::json::array();
  for (const store::Feed& f : feeds) {
    const int64_t expected = twin::ExpectedIntervalMs(f);
    list.push_back({{"owner", f.owner},
                    {"kind", twin::EventKindName(f.kind)},
                    {"material", f.material},
                    {"count", f.count},
                    {"first_time", twin::FormatDateTime(f.first_time_ms)},
                    {"last_time", twin::FormatDateTime(f.last_time_ms)},
                    {"last_recorded", twin::FormatDateTime(f.last_recorded_ms)},
                    {"expected_every_hours",
                     expected > 0 ? nlohmann::json(static_cast<double>(expected) / 3.6e6)
                                  : nlohmann::json(nullptr)}});
  }
  return Dumped({{"now", twin::FormatDateTime(now_ms)}, {"feeds", list}});
}

}  // namespace chaintwin::server
