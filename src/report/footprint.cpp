// Documents of `analyze footprint`, `analyze compliance` and `passport`.
#include "chaintwin/report/footprint.hpp"

#include <fmt/format.h>

#include <cmath>

namespace chaintwin::report {
namespace {

using model::CompiledNetwork;

Cell NumOrNone(double v) { return std::isfinite(v) ? Num(v) : None(); }

void Header(Document& d, const TraceBasis& b) {
  d.Field("scenario", Type::kString, b.scenario.empty() ? None() : Text(b.scenario),
          "scenario whose deterministic run gives the flows; none: the baseline flows", true)
      .Field("flows", Type::kString, Text(b.scenario.empty() ? "baseline" : "run"),
             "baseline (the network's expected flows) or run (shipped and made over the run)")
      .Field("sweeps", Type::kInteger, Int(b.trace->sweeps()), "propagation sweeps made")
      .Field("converged", Type::kBoolean, Bool(b.trace->converged()),
             "false: the trace did not settle; figures are approximate")
      .Field("tables", Type::kString, Text(b.data->folder),
             "folder of emission_factors.csv, site_certifications.csv, critical_elements.csv");
}

// Index of element `id` in the data, or -1.
int ElementIndex(const model::SustainabilityData& data, const std::string& id) {
  for (size_t e = 0; e < data.elements.size(); ++e) {
    if (data.elements[e].id == id) return static_cast<int>(e);
  }
  return -1;
}

double Recycled(const analyze::ComplianceRow& row, int e) {
  return e < 0 ? std::nan("") : row.recycled_share[static_cast<size_t>(e)];
}

// Passes when the share is known and at least the minimum; an element the cell holds none of
// passes (nothing to recycle into it).
Cell Meets(const analyze::ComplianceRow& row, int e, double minimum) {
  if (e < 0) return None();
  double share = Recycled(row, e);
  if (!std::isfinite(share)) return Bool(true);
  return Bool(share + 1e-12 >= minimum);
}

}  // namespace

Document FootprintDocument(const CompiledNetwork& net, const TraceBasis& b,
                           const std::vector<analyze::ComplianceRow>& rows) {
  Document d("analyze footprint");
  Header(d, b);
  d.Field("unit", Type::kString, Text("kg CO2e per kWh of cells"), "unit of every footprint");
  Records& t = d.Section("rows", "one row per site making a material with an energy equivalent");
  t.Add("site", Type::kString, "site id")
      .Add("site_name", Type::kString, "its name")
      .Add("country", Type::kString, "its country")
      .Add("material", Type::kString, "cell material")
      .Add("made_gwh_per_day", Type::kNumber, "what it makes in the flows traced, GWh/day")
      .Add("kg_co2e_per_kwh", Type::kNumber, "embodied footprint, cradle to gate, kg CO2e/kWh");
  for (int k = 0; k < analyze::kStages; ++k) {
    std::string stage(model::StageName(static_cast<model::Stage>(k)));
    t.Add(stage + "_kg_co2e_per_kwh", Type::kNumber,
          fmt::format("part emitted at {} sites", stage));
  }
  for (const analyze::ComplianceRow& r : rows) {
    SiteId s = net.slot_site[r.slot.value];
    MaterialId m = net.slot_material[r.slot.value];
    std::vector<Cell> cells = {Text(net.site_key[s.value]), Text(net.site_name[s.value]),
                               Text(net.country_key[net.site_country[s.value].value]),
                               Text(net.material_key[m.value]),
                               Num(r.made * net.material_gwh_per_unit[m.value]),
                               Num(r.kg_co2e_per_kwh)};
    for (double v : r.kg_co2e_by_stage) cells.push_back(Num(v));
    t.Row(std::move(cells));
  }
  Records& missing = d.Section("missing_factors",
                               "processes that made something in the flows traced with no emission "
                               "factor: counted as 0, so the footprints are lower bounds");
  missing.Add("site", Type::kString, "site id")
      .Add("process", Type::kString, "process id")
      .Add("material", Type::kString, "what it makes");
  for (ProcessId p : b.trace->missing_factors()) {
    SlotId out = net.process_output[p.value];
    missing.Row({Text(net.site_key[net.slot_site[out.value].value]), Text(net.process_key[p.value]),
                 Text(net.material_key[net.slot_material[out.value].value])});
  }
  return d;
}

Document ComplianceDocument(const CompiledNetwork& net, const TraceBasis& b,
                            const std::vector<analyze::ComplianceRow>& rows, int ira_year) {
  Document d("analyze compliance");
  Header(d, b);
  const double applicable = analyze::IraApplicablePercentage(ira_year);
  d.Field("eu_rule", Type::kString,
          Text("Regulation (EU) 2023/1542 Art. 8(2)-(3): minimum share of cobalt, lithium and "
               "nickel recovered from waste in the active material, from 18 Aug 2031 and 18 Aug "
               "2036"),
          "the recycled-content rule checked")
      .Field("ira_year", Type::kInteger, Int(ira_year), "year of the IRA 30D percentages (--ira-year)")
      .Field("ira_applicable_share", Type::kNumber, Num(applicable),
             "26 U.S.C. 30D(e)(1)(B) applicable percentage of critical-mineral value for that year")
      .Field("ira_basis", Type::kString,
             Text(analyze::ValueBasis(*b.data) ? "value" : "mass"),
             "value: element prices from critical_elements.csv; mass: a price is missing, so the "
             "shares are of element mass")
      .Field("feoc_definition", Type::kString,
             Text("a site in a covered nation (the network's `feoc` group: China, Russia, North "
                  "Korea, Iran) that extracts, processes or recycles the element; ownership and "
                  "control (DOE interpretive guidance, 2024) are not modelled"),
             "which foreign entities of concern are counted");
  Records& prices = d.Section(
      "prices", "price per t of each critical element used to weigh the IRA shares "
                "(critical_elements.csv); the shares are by value only when every element has one");
  prices.Add("element", Type::kString, "element id")
      .Add("materials", Type::kString, "materials that carry it, ';'-separated")
      .Add("usd_per_t", Type::kNumber, "price, US$ per t of element (none: not sourced)", true)
      .Add("source", Type::kString, "source id of the price", true)
      .Add("estimate", Type::kBoolean, "the price is an estimate");
  for (const model::CriticalElement& e : b.data->elements) {
    std::string materials;
    for (const std::string& m : e.materials) materials += (materials.empty() ? "" : ";") + m;
    prices.Row({Text(e.id), Text(materials), e.usd_per_t ? Num(*e.usd_per_t) : None(),
                e.source.empty() ? None() : Text(e.source), Bool(e.estimate)});
  }
  Records& t = d.Section("rows", "one row per site making a cell material");
  t.Add("site", Type::kString, "site id")
      .Add("site_name", Type::kString, "its name")
      .Add("country", Type::kString, "its country")
      .Add("material", Type::kString, "cell material");
  std::vector<int> index;
  for (const analyze::EuMinimum& m : analyze::EuRecycledContentMinimums()) {
    index.push_back(ElementIndex(*b.data, m.element));
    t.Add(fmt::format("recycled_{}", m.element), Type::kNumber,
          fmt::format("recycled share of {} in the cell, 0..1 (none: the cell holds none)", m.element),
          true);
  }
  t.Add("eu_2031", Type::kBoolean, "meets the 2031 minimums (Co 16 %, Li 6 %, Ni 6 %)", true)
      .Add("eu_2036", Type::kBoolean, "meets the 2036 minimums (Co 26 %, Li 12 %, Ni 15 %)", true)
      .Add("fta_share", Type::kNumber,
           "share of critical-mineral content extracted or processed in the US or a free-trade "
           "partner, or recycled in North America, 0..1", true)
      .Add("ira_critical_minerals", Type::kBoolean,
           "fta_share at least the applicable share of ira_year", true)
      .Add("feoc_share", Type::kNumber,
           "share of critical-mineral content extracted, processed or recycled in a foreign "
           "entity of concern, 0..1", true)
      .Add("feoc_free", Type::kBoolean, "feoc_share is 0 (30D from 2025)", true);
  for (const analyze::ComplianceRow& r : rows) {
    SiteId s = net.slot_site[r.slot.value];
    std::vector<Cell> cells = {Text(net.site_key[s.value]), Text(net.site_name[s.value]),
                               Text(net.country_key[net.site_country[s.value].value]),
                               Text(net.material_key[net.slot_material[r.slot.value].value])};
    bool all_known = true;
    for (int e : index) {
      cells.push_back(NumOrNone(Recycled(r, e)));
      all_known = all_known && e >= 0;
    }
    for (bool later : {false, true}) {
      if (!all_known) {
        cells.push_back(None());
        continue;
      }
      bool pass = true;
      const auto& minimums = analyze::EuRecycledContentMinimums();
      for (size_t k = 0; k < minimums.size(); ++k) {
        Cell c = Meets(r, index[k], later ? minimums[k].from_2036 : minimums[k].from_2031);
        pass = pass && std::get<bool>(c);
      }
      cells.push_back(Bool(pass));
    }
    cells.push_back(NumOrNone(r.fta_value_share));
    cells.push_back(std::isfinite(r.fta_value_share)
                        ? Bool(r.fta_value_share + 1e-12 >= applicable)
                        : None());
    cells.push_back(NumOrNone(r.feoc_value_share));
    cells.push_back(std::isfinite(r.feoc_value_share) ? Bool(r.feoc_value_share <= 1e-12) : None());
    t.Row(std::move(cells));
  }
  return d;
}

Document PassportDocument(const model::Network& network, const CompiledNetwork& net,
                          const TraceBasis& b, const analyze::ComplianceRow& row,
                          const std::string& generated_on) {
  const SiteId s = net.slot_site[row.slot.value];
  const MaterialId m = net.slot_material[row.slot.value];
  const model::Site& site = network.sites[s.value];
  const std::string& material = net.material_key[m.value];
  std::string chemistry = material.rfind("cell_", 0) == 0 ? material.substr(5) : material;
  for (char& c : chemistry) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Document d("passport");
  d.Field("metadata.passport_identifier", Type::kString,
          Text(fmt::format("urn:chaintwin:passport:{}:{}", site.id, material)),
          "identifier of this record (one per plant and cell model here, not per battery)")
      .Field("metadata.status", Type::kString, Text("draft"),
             "draft: computed by chaintwin from modelled flows, not declared by the manufacturer")
      .Field("metadata.generated_on", Type::kDate, Text(generated_on), "date the record was made")
      .Field("metadata.data_model", Type::kString,
             Text("after Regulation (EU) 2023/1542 Annex XIII and the Battery Pass data model "
                  "(DIN DKE SPEC 99100)"),
             "which attribute set the record follows")
      .Field("identification.battery_category", Type::kString, Text("EV"),
             "battery category (EV, industrial, LMT, SLI, portable)")
      .Field("identification.chemistry", Type::kString, Text(chemistry), "cathode chemistry")
      .Field("identification.material", Type::kString, Text(material), "material id in the network")
      .Field("operation.manufacturer", Type::kString,
             site.operator_name.empty() ? None() : Text(site.operator_name),
             "economic operator (none when the site is a country aggregate)", true)
      .Field("operation.facility.id", Type::kString, Text(site.id), "manufacturing facility")
      .Field("operation.facility.name", Type::kString, Text(site.name), "its name")
      .Field("operation.facility.country", Type::kString, Text(site.country), "its country (ISO)")
      .Field("sustainability.carbon_footprint.kg_co2e_per_kwh", Type::kNumber,
             Num(row.kg_co2e_per_kwh),
             "cradle-to-gate footprint per kWh of cell energy (Art. 7 declares it per kWh over "
             "the service life, with use and end-of-life stages that are not modelled here)")
      .Field("sustainability.carbon_footprint.flows", Type::kString,
             Text(b.scenario.empty() ? "baseline" : "run of " + b.scenario),
             "flows the footprint was traced through")
      .Field("sustainability.carbon_footprint.lower_bound", Type::kBoolean,
             Bool(!b.trace->missing_factors().empty()),
             "true: some processes upstream have no emission factor (counted as 0)");
  // Every stage, 0 included, so every plant's passport has the same fields (an LFP cell has no
  // mining stage with a factor; its 0 is printed, not left out).
  for (int k = 0; k < analyze::kStages; ++k) {
    std::string stage(model::StageName(static_cast<model::Stage>(k)));
    d.Field("sustainability.carbon_footprint.by_stage." + stage, Type::kNumber,
            Num(row.kg_co2e_by_stage[k]), fmt::format("kg CO2e/kWh emitted at {} sites", stage));
  }
  const model::SiteCertification* cert = nullptr;
  for (const model::SiteCertification& c : b.data->certifications) {
    if (c.site == site.id) cert = &c;
  }
  d.Field("due_diligence.regulation", Type::kString,
          Text("Regulation (EU) 2023/1542 Art. 47-52 and Annex X (supply-chain due diligence "
               "for cobalt, natural graphite, lithium, nickel), after the OECD Due Diligence "
               "Guidance for Responsible Supply Chains of Minerals"),
          "the rule the due-diligence fields answer")
      .Field("due_diligence.site_certified", Type::kBoolean, Bool(b.trace->DueDiligence(s)),
             "the plant holds a due-diligence certificate (site_certifications.csv)")
      .Field("due_diligence.site_audit_passed", Type::kBoolean, Bool(b.trace->EthicalAudit(s)),
             "the plant passed an ethical-sourcing audit")
      .Field("due_diligence.third_party_verification", Type::kString,
             cert != nullptr && !cert->source.empty() ? Text(cert->source) : None(),
             "source of the plant's certificate or audit (Art. 48 third-party verification); "
             "none: no certificate is listed",
             true)
      .Field("due_diligence.report_reference", Type::kString,
             cert != nullptr && !cert->note.empty() ? Text(cert->note) : None(),
             "reference to the supply-chain due-diligence report (Art. 52) as listed with the "
             "certificate; none: not listed",
             true);
  Records& mats = d.Section("materials", "critical elements in the cell: content and recycled share");
  mats.Add("element", Type::kString, "element id")
      .Add("kg_per_kwh", Type::kNumber, "content, kg per kWh of cells")
      .Add("recycled_share", Type::kNumber, "share recovered from waste, 0..1", true)
      .Add("certified_share", Type::kNumber,
           "share of the element refined or recycled at a site holding a due-diligence "
           "certificate (site_certifications.csv), traced through the flows, 0..1",
           true)
      .Add("critical", Type::kBoolean, "a critical raw material (all traced elements are)");
  const double kwh = net.material_gwh_per_unit[m.value] * 1e6;
  const analyze::SlotTrace& t = b.trace->slot(row.slot);
  for (size_t e = 0; e < b.data->elements.size(); ++e) {
    const analyze::ElementTrace& el = t.elements[e];
    mats.Row({Text(b.data->elements[e].id), Num(el.content * 1000.0 / kwh),
              NumOrNone(row.recycled_share[e]),
              el.content > 0.0 ? Num(el.certified / el.content) : None(), Bool(true)});
  }
  Records& sup = d.Section("suppliers", "direct suppliers in the flows traced, with their due-diligence status");
  sup.Add("supplier", Type::kString, "supplier site")
      .Add("country", Type::kString, "its country")
      .Add("material", Type::kString, "what it supplies")
      .Add("due_diligence", Type::kBoolean, "holds a due-diligence certificate")
      .Add("ethical_audit", Type::kBoolean, "passed an ethical-sourcing audit");
  for (uint32_t slot = net.site_slot_begin[s.value]; slot < net.site_slot_begin[s.value + 1]; ++slot) {
    for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
      LaneId l = net.in_lanes[i];
      if (net.lane_alternate[l.value]) continue;
      SiteId from = net.slot_site[net.lane_from[l.value].value];
      sup.Row({Text(net.site_key[from.value]),
               Text(net.country_key[net.site_country[from.value].value]),
               Text(net.material_key[net.slot_material[slot].value]),
               Bool(b.trace->DueDiligence(from)), Bool(b.trace->EthicalAudit(from))});
    }
  }
  return d;
}

}  // namespace chaintwin::report
