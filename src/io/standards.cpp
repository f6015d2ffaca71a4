// A scenario's `standards:` (market rules): read and checked here; compiled into lane blocks
// with the network's sustainability tables (analyze::CompileStandards) once the whole
// scenario is valid.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "chaintwin/analyze/footprint.hpp"
#include "chaintwin/io/sustainability.hpp"
#include "io/scenario_builder.hpp"

namespace chaintwin::io {
namespace {

void CheckKeys(Reader& r, const model::Network* network, const DocNode& map, std::string_view key,
               const std::string& path, bool countries, std::vector<std::string>& out) {
  for (const Ref& ref : r.KeyList(map, key, path)) {
    if (network != nullptr) {
      std::vector<std::string_view> all;
      if (countries) {
        for (const model::Country& c : network->countries) all.push_back(c.code);
        for (const model::Group& g : network->groups) all.push_back(g.id);
      } else {
        for (const model::Material& m : network->materials) all.push_back(m.id);
      }
      if (std::find(all.begin(), all.end(), ref.key) == all.end()) {
        std::string hint = ClosestMatch(ref.key, all);
        r.Error(*ref.node, ref.Path(),
                fmt::format("unknown {} `{}`: the network `{}` has no such {}{}",
                            countries ? "country" : "material", ref.key, network->id,
                            countries ? "country or group" : "material",
                            hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
        continue;
      }
    }
    out.push_back(ref.key);
  }
}

}  // namespace

void ReadStandards(const DocNode& list, ScenarioContext& c, std::vector<model::Standard>& out) {
  Reader& r = c.reader;
  for (size_t i = 0; i < list.items.size(); ++i) {
    const DocNode& node = list.items[i];
    std::string path = Index("standards", i);
    if (!r.ExpectMap(node, path, "a standard {id, buyers, materials, max_kg_co2e_per_kwh, "
                                 "min_recycled, due_diligence, ethical_audit, start}")) {
      continue;
    }
    r.CheckFields(node, path, {"id", "description", "buyers", "materials", "start",
                               "max_kg_co2e_per_kwh", "min_recycled", "due_diligence",
                               "ethical_audit"});
    model::Standard s;
    s.id = r.Key(node, "id", path, true).value_or(fmt::format("standard_{}", i));
    for (const model::Standard& other : out) {
      if (other.id == s.id) {
        r.Error(*node.Find("id"), Member(path, "id"), fmt::format("a second standard `{}`", s.id));
      }
    }
    s.description = r.Text(node, "description", path).value_or("");
    r.Field(node, "buyers", path, true, "a country or group (or a list of them)");
    CheckKeys(r, c.network, node, "buyers", path, true, s.buyers);
    CheckKeys(r, c.network, node, "materials", path, false, s.materials);
    if (auto start = r.Date(node, "start", path); start && c.start && c.horizon_days > 0) {
      s.start_day = *start - *c.start;
      if (s.start_day < 0 || s.start_day >= c.horizon_days) {
        r.Error(*node.Find("start"), Member(path, "start"),
                "the standard takes effect outside the scenario's horizon: expected a date within it");
      }
    }
    s.max_kg_co2e_per_kwh = r.Number(node, "max_kg_co2e_per_kwh", path, 0, 1e6);
    if (const DocNode* m = r.Field(node, "min_recycled", path, false, "");
        m != nullptr && r.ExpectMap(*m, Member(path, "min_recycled"),
                                    "a map of element to minimum share ({cobalt: 16 %})")) {
      for (const DocEntry& e : m->entries) {
        auto share = r.QuantityValue(e.value, Member(Member(path, "min_recycled"), e.key), Fraction());
        if (share && *share > 1.0) {
          r.Error(e.value, Member(Member(path, "min_recycled"), e.key),
                  fmt::format("expected a share of at most 100 %, found '{}'", e.value.text));
          continue;
        }
        if (share) s.min_recycled.emplace_back(e.key, *share);
      }
    }
    s.due_diligence = r.Bool(node, "due_diligence", path).value_or(false);
    s.ethical_audit = r.Bool(node, "ethical_audit", path).value_or(false);
    if (!s.max_kg_co2e_per_kwh && s.min_recycled.empty() && !s.due_diligence && !s.ethical_audit) {
      r.Error(node, path,
              "a standard needs a condition: expected one of `max_kg_co2e_per_kwh`, "
              "`min_recycled`, `due_diligence: true`, `ethical_audit: true`");
    }
    out.push_back(std::move(s));
  }
}

void CompileScenarioStandards(const model::Network& network, model::Scenario& s,
                              util::Diagnostics& diagnostics) {
  if (s.standards.empty()) return;
  size_t before = diagnostics.size();
  model::SustainabilityData data = LoadSustainability(network, "", diagnostics);
  for (const model::Standard& standard : s.standards) {
    for (const model::Event& e : s.events) {
      if (e.id == "standard." + standard.id) {
        diagnostics.push_back(util::Diagnostic{
            s.file, 0, 0, fmt::format("events[{}]", e.id),
            fmt::format("the id '{}' is the compiled event of standard '{}': choose another id",
                        e.id, standard.id)});
      }
    }
    for (const auto& [element, share] : standard.min_recycled) {
      bool known = false;
      for (const model::CriticalElement& e : data.elements) known = known || e.id == element;
      if (!known && diagnostics.size() == before) {
        diagnostics.push_back(util::Diagnostic{
            s.file, 0, 0, fmt::format("standards[{}].min_recycled.{}", standard.id, element),
            fmt::format("unknown element '{}': not in critical_elements.csv beside the network",
                        element)});
      }
    }
  }
  if (diagnostics.size() != before) return;
  analyze::CompileStandards(network, data, s);
}

}  // namespace chaintwin::io
