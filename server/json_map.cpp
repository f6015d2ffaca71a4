#include "server/json_map.hpp"

#include <cmath>
#include <filesystem>
#include <iterator>
#include <string_view>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/report/analysis.hpp"
#include "chaintwin/report/twin.hpp"
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
  json groups = json::array();  // for the dashboard's region filter and dependence choices
  for (const model::Group& g : n.groups) {
    groups.push_back({{"id", g.id}, {"name", g.name}, {"members", g.members}, {"region", g.region}});
  }
  return Dump({{"network", n.id},
               {"name", n.name},
               {"materials", materials},
               {"sites", sites},
               {"lanes", lanes},
               {"chokepoints", chokepoints},
               {"groups", groups},
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
  return report::DependenceDocument(net, map, origin, rows).Json();
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

std::string StateJson(const model::CompiledNetwork& net, const twin::State& st, int64_t as_of_ms) {
  return report::StateDocument(net, st, as_of_ms).Json(-1);  // compact: polled, and large
}

std::string DaysOfSupplyJson(const std::vector<twin::DosResult>& results, int64_t as_of_ms,
                             const std::string& direction) {
  return report::DaysOfSupplyDocument(results, as_of_ms, direction).Json(-1);
}

std::string AlertsJson(const std::vector<twin::ProjectedShortage>& shortages,
                       const std::vector<twin::SilentFeed>& silent, int64_t as_of_ms,
                       int32_t horizon_days) {
  return report::AlertsDocument(shortages, silent, as_of_ms, horizon_days).Json();
}

std::string FeedsJson(const std::vector<store::Feed>& feeds, int64_t now_ms) {
  return report::FeedsDocument(feeds, now_ms).Json();
}

}  // namespace chaintwin::server
