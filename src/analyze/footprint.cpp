// Footprint, recycled content and critical-mineral origin traced through the flows; the
// `standards:` market rule compiled into lane blocks (method: include/chaintwin/analyze/
// footprint.hpp, docs/ANALYSIS.md).
#include "chaintwin/analyze/footprint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/check.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin::analyze {
namespace {

constexpr int kMaxSweeps = 500;
constexpr double kTolerance = 1e-12;
constexpr double kKwhPerGwh = 1e6;

class ProducedSink : public sim::TimelineSink {
 public:
  explicit ProducedSink(size_t slots) : produced(slots, 0.0) {}
  void Day(const model::CompiledNetwork& net, const sim::DayFigures& f) override {
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) produced[slot] += f.produced[slot];
  }
  std::vector<double> produced;
};

std::vector<uint8_t> CountrySet(const model::CompiledNetwork& net,
                                const std::vector<std::string>& keys, bool must_exist) {
  std::vector<uint8_t> in(net.num_countries(), 0);
  for (const std::string& key : keys) {
    std::vector<CountryId> members = net.ExpandCountries(key);
    if (members.empty() && must_exist) {
      throw NotFound(fmt::format("'{}' is neither a country nor a group of the network", key));
    }
    for (CountryId c : members) in[c.value] = 1;
  }
  return in;
}

// Values per slot, flat: kStages carbon figures, then per element content, recycled, fta,
// feoc, certified, then the two mine-origin fractions (share of the slot's material extracted in a
// free-trade partner / in a foreign entity of concern; set by mines, averaged over lanes).
struct Layout {
  size_t elements = 0;
  static constexpr size_t kPerElement = 5;
  size_t width() const { return kStages + kPerElement * elements + 2; }
  size_t element(size_t e) const { return kStages + kPerElement * e; }
  size_t mined_fta() const { return kStages + kPerElement * elements; }
  size_t mined_feoc() const { return kStages + kPerElement * elements + 1; }
};

}  // namespace

FlowWeights BaselineWeights(const model::CompiledNetwork& net) {
  // Baseline production per process and flow per lane; for a slot with no baseline supply,
  // capacity (an unlimited process weighs 1) or, when it makes nothing, its primary lanes'
  // shares.
  FlowWeights w;
  w.process = net.process_expected_output;
  w.lane = net.lane_expected_flow;
  std::vector<double> total(net.num_slots(), 0.0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    total[net.process_output[p].value] += w.process[p];
  }
  for (uint32_t l = 0; l < net.num_lanes(); ++l) total[net.lane_to[l].value] += w.lane[l];
  std::vector<uint8_t> makes(net.num_slots(), 0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    uint32_t out = net.process_output[p].value;
    if (total[out] > 0.0) continue;
    double cap = net.process_capacity[p];
    w.process[p] = std::isinf(cap) ? 1.0 : cap;
    if (w.process[p] > 0.0) makes[out] = 1;
  }
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    uint32_t to = net.lane_to[l].value;
    if (total[to] > 0.0) continue;
    w.lane[l] = makes[to] || net.lane_alternate[l] ? 0.0 : net.lane_share[l];
  }
  return w;
}

FlowWeights RunWeights(const model::CompiledNetwork& net, const model::Scenario& scenario) {
  FlowWeights base = BaselineWeights(net);
  model::ResolvedScenario resolved = model::Resolve(net, scenario);
  sim::Engine engine = sim::Engine::Create(net);
  sim::RunOptions options;
  sim::RunOptions::LaneAudit audit;
  options.lane_audit = &audit;
  options.max_allocation_records = 0;
  ProducedSink sink(net.num_slots());
  engine.Run(resolved, model::NominalSchedule(resolved), options, &sink);
  // Per day on average over the run (only ratios matter to the trace; per day for the reports).
  const double days = std::max(1, resolved.horizon_days);
  FlowWeights w;
  w.lane = audit.shipped;
  for (double& v : w.lane) v /= days;
  w.process.assign(net.num_processes(), 0.0);
  std::vector<double> base_sum(net.num_slots(), 0.0);
  std::vector<uint32_t> count(net.num_slots(), 0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    base_sum[net.process_output[p].value] += base.process[p];
    ++count[net.process_output[p].value];
  }
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    uint32_t out = net.process_output[p].value;
    double part = base_sum[out] > 0.0 ? base.process[p] / base_sum[out] : 1.0 / count[out];
    w.process[p] = sink.produced[out] / days * part;
  }
  // A slot that neither made nor received anything in the run keeps its baseline sources, so
  // its footprint stays defined (what it would carry if it ran).
  std::vector<double> total(net.num_slots(), 0.0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) total[net.process_output[p].value] += w.process[p];
  for (uint32_t l = 0; l < net.num_lanes(); ++l) total[net.lane_to[l].value] += w.lane[l];
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    if (total[net.process_output[p].value] <= 0.0) w.process[p] = base.process[p];
  }
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    if (total[net.lane_to[l].value] <= 0.0) w.lane[l] = base.lane[l];
  }
  return w;
}

double SlotTrace::KgCo2e() const {
  double sum = 0.0;
  for (double v : kg_co2e) sum += v;
  return sum;
}

FootprintTrace FootprintTrace::Build(const model::CompiledNetwork& net,
                                     const model::SustainabilityData& data,
                                     const FlowWeights& weights, const TraceOptions& options) {
  CT_CHECK(weights.process.size() == net.num_processes() && weights.lane.size() == net.num_lanes(),
           "flow weights do not fit the network");
  FootprintTrace trace;
  trace.net_ = &net;
  // A network without these groups (or without the US) has no such countries: shares are 0.
  const std::vector<uint8_t> fta = CountrySet(net, {options.fta_group, "US"}, false);
  const std::vector<uint8_t> feoc = CountrySet(net, {options.feoc_group}, false);
  std::vector<uint8_t> north_america(net.num_countries(), 0);
  for (const std::string& code : options.north_america) {
    if (CountryId c = net.FindCountry(code); c.valid()) north_america[c.value] = 1;
  }
  Layout layout{data.elements.size()};
  const size_t width = layout.width();

  // Per process: own emission factor, and per element whether its output carries it.
  std::vector<double> factor(net.num_processes(), 0.0);
  std::vector<uint8_t> has_factor(net.num_processes(), 0);
  std::map<std::pair<std::string, std::string>, double> by_site_material;
  for (const model::EmissionFactor& f : data.factors) {
    by_site_material[{f.site, f.material}] = f.kg_co2e_per_unit;
  }
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    SlotId out = net.process_output[p];
    auto it = by_site_material.find({net.site_key[net.slot_site[out.value].value],
                                     net.material_key[net.slot_material[out.value].value]});
    if (it != by_site_material.end()) {
      factor[p] = it->second;
      has_factor[p] = 1;
    } else if (weights.process[p] > 0.0) {
      trace.missing_.push_back(ProcessId{p});
    }
  }
  std::vector<int> element_of(net.num_materials(), -1);
  for (size_t e = 0; e < data.elements.size(); ++e) {
    for (const std::string& m : data.elements[e].materials) {
      if (MaterialId id = net.FindMaterial(m); id.valid()) element_of[id.value] = static_cast<int>(e);
    }
  }
  std::vector<uint8_t> recycling(net.num_processes(), 0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    for (uint32_t i = net.process_input_begin[p]; i < net.process_input_begin[p + 1]; ++i) {
      MaterialId m = net.slot_material[net.input_slot[i].value];
      if (net.material_stage[m.value] == model::Stage::kEndOfLife) recycling[p] = 1;
    }
  }
  std::vector<double> wsum(net.num_slots(), 0.0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    wsum[net.process_output[p].value] += std::max(0.0, weights.process[p]);
  }
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    wsum[net.lane_to[l].value] += std::max(0.0, weights.lane[l]);
  }

  trace.due_diligence_.assign(net.num_sites(), 0);
  trace.ethical_audit_.assign(net.num_sites(), 0);
  for (const model::SiteCertification& c : data.certifications) {
    if (SiteId s = net.FindSite(c.site); s.valid()) {
      trace.due_diligence_[s.value] = c.due_diligence;
      trace.ethical_audit_[s.value] = c.ethical_audit;
    }
  }
  const std::vector<uint8_t>& certified = trace.due_diligence_;

  std::vector<double> value(static_cast<size_t>(net.num_slots()) * width, 0.0);
  // A slot with no source holds its own stock: made where it is, no emissions known.
  auto own_stock = [&](uint32_t slot, double* out) {
    CountryId c = net.site_country[net.slot_site[slot].value];
    int e = element_of[net.slot_material[slot].value];
    if (e >= 0) {
      double* el = out + layout.element(static_cast<size_t>(e));
      el[0] = 1.0;
      el[2] = fta[c.value];
      el[3] = feoc[c.value];
      el[4] = certified[net.slot_site[slot].value];
    }
    out[layout.mined_fta()] = fta[c.value];
    out[layout.mined_feoc()] = feoc[c.value];
  };
  std::vector<double> acc(width), made(width);
  for (int sweep = 1; sweep <= kMaxSweeps; ++sweep) {
    double change = 0.0;
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      std::fill(acc.begin(), acc.end(), 0.0);
      if (wsum[slot] <= 0.0) {
        own_stock(slot, acc.data());
      } else {
        const uint32_t site = net.slot_site[slot].value;
        const CountryId c = net.site_country[site];
        const uint32_t m = net.slot_material[slot].value;
        for (uint32_t p = net.site_process_begin[site]; p < net.site_process_begin[site + 1]; ++p) {
          double w = weights.process[p];
          if (net.process_output[p].value != slot || w <= 0.0) continue;
          std::fill(made.begin(), made.end(), 0.0);
          const bool mine = net.process_input_begin[p] == net.process_input_begin[p + 1];
          double input_units = 0.0, mined_fta = 0.0, mined_feoc = 0.0;
          for (uint32_t i = net.process_input_begin[p]; i < net.process_input_begin[p + 1]; ++i) {
            const double per_unit = net.input_per_unit[i];
            const double* in = &value[static_cast<size_t>(net.input_slot[i].value) * width];
            for (size_t k = 0; k < layout.mined_fta(); ++k) made[k] += per_unit * in[k];
            input_units += per_unit;
            mined_fta += per_unit * in[layout.mined_fta()];
            mined_feoc += per_unit * in[layout.mined_feoc()];
          }
          made[static_cast<size_t>(net.material_stage[m])] += factor[p];
          if (int e = element_of[m]; e >= 0) {
            // The element is made here: one unit per unit, its origin decided here.
            double* el = made.data() + layout.element(static_cast<size_t>(e));
            const bool recycled = recycling[p] != 0;
            const double from_mines_fta = input_units > 0.0 ? mined_fta / input_units : 0.0;
            const double from_mines_feoc = input_units > 0.0 ? mined_feoc / input_units : 0.0;
            el[0] = 1.0;
            el[1] = recycled ? 1.0 : 0.0;
            el[2] = fta[c.value] || (recycled && north_america[c.value])
                        ? 1.0
                        : (mine ? 0.0 : std::min(1.0, from_mines_fta));
            el[3] = feoc[c.value] ? 1.0 : (mine ? 0.0 : std::min(1.0, from_mines_feoc));
            el[4] = certified[site] ? 1.0 : 0.0;
          }
          made[layout.mined_fta()] = mine ? fta[c.value] : 0.0;
          made[layout.mined_feoc()] = mine ? feoc[c.value] : 0.0;
          for (size_t k = 0; k < width; ++k) acc[k] += w * made[k];
        }
        for (uint32_t i = net.in_begin[slot]; i < net.in_begin[slot + 1]; ++i) {
          uint32_t lane = net.in_lanes[i].value;
          double w = weights.lane[lane];
          if (w <= 0.0) continue;
          const double* from = &value[static_cast<size_t>(net.lane_from[lane].value) * width];
          for (size_t k = 0; k < width; ++k) acc[k] += w * from[k];
        }
        for (double& a : acc) a /= wsum[slot];
      }
      double* cell = &value[static_cast<size_t>(slot) * width];
      for (size_t k = 0; k < width; ++k) {
        change = std::max(change, std::fabs(acc[k] - cell[k]) / (1.0 + std::fabs(acc[k])));
        cell[k] = acc[k];
      }
    }
    trace.sweeps_ = sweep;
    if (change <= kTolerance) {
      trace.converged_ = true;
      break;
    }
  }

  trace.slots_.resize(net.num_slots());
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const double* cell = &value[static_cast<size_t>(slot) * width];
    SlotTrace& t = trace.slots_[slot];
    for (int k = 0; k < kStages; ++k) t.kg_co2e[k] = cell[k];
    t.elements.resize(data.elements.size());
    for (size_t e = 0; e < data.elements.size(); ++e) {
      const double* el = cell + layout.element(e);
      t.elements[e] = ElementTrace{el[0], el[1], el[2], el[3], el[4]};
    }
  }
  return trace;
}

double FootprintTrace::KgPerKwh(SlotId s) const {
  double gwh = net_->material_gwh_per_unit[net_->slot_material[s.value].value];
  if (gwh <= 0.0) return std::numeric_limits<double>::quiet_NaN();
  return slots_[s.value].KgCo2e() / (gwh * kKwhPerGwh);
}

double FootprintTrace::RecycledShare(SlotId s, size_t e) const {
  const ElementTrace& el = slots_[s.value].elements[e];
  if (el.content <= 0.0) return std::numeric_limits<double>::quiet_NaN();
  return el.recycled / el.content;
}

std::vector<ComplianceRow> ComplianceRows(const model::CompiledNetwork& net,
                                          const model::SustainabilityData& data,
                                          const FootprintTrace& trace, const FlowWeights& weights,
                                          const std::string& site) {
  SiteId only;
  if (!site.empty()) {
    only = net.FindSite(site);
    if (!only.valid()) throw NotFound(fmt::format("site '{}' is not in the network", site));
  }
  std::vector<double> made(net.num_slots(), 0.0);
  std::vector<uint8_t> makes(net.num_slots(), 0);
  for (uint32_t p = 0; p < net.num_processes(); ++p) {
    makes[net.process_output[p].value] = 1;
    made[net.process_output[p].value] += weights.process[p];
  }
  std::vector<ComplianceRow> rows;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const SiteId s = net.slot_site[slot];
    if (only.valid() && s != only) continue;
    if (!makes[slot] || net.material_gwh_per_unit[net.slot_material[slot].value] <= 0.0) continue;
    ComplianceRow row;
    row.slot = SlotId{slot};
    row.made = made[slot];
    row.kg_co2e_per_kwh = trace.KgPerKwh(row.slot);
    const SlotTrace& t = trace.slot(row.slot);
    const double kwh = net.material_gwh_per_unit[net.slot_material[slot].value] * kKwhPerGwh;
    for (int k = 0; k < kStages; ++k) row.kg_co2e_by_stage[k] = t.kg_co2e[k] / kwh;
    const bool by_value = ValueBasis(data);
    double value = 0.0, fta_value = 0.0, feoc_value = 0.0;
    for (size_t e = 0; e < data.elements.size(); ++e) {
      row.recycled_share.push_back(trace.RecycledShare(row.slot, e));
      const double price = by_value ? *data.elements[e].usd_per_t : 1.0;
      value += price * t.elements[e].content;
      fta_value += price * t.elements[e].fta;
      feoc_value += price * t.elements[e].feoc;
    }
    row.fta_value_share = value > 0.0 ? fta_value / value : std::numeric_limits<double>::quiet_NaN();
    row.feoc_value_share = value > 0.0 ? feoc_value / value : std::numeric_limits<double>::quiet_NaN();
    rows.push_back(std::move(row));
  }
  return rows;
}

bool ValueBasis(const model::SustainabilityData& data) {
  for (const model::CriticalElement& e : data.elements) {
    if (!e.usd_per_t) return false;
  }
  return !data.elements.empty();
}

const std::vector<EuMinimum>& EuRecycledContentMinimums() {
  // Regulation (EU) 2023/1542 Art. 8(2) (from 18 Aug 2031) and 8(3) (from 18 Aug 2036).
  static const std::vector<EuMinimum> kMinimums = {
      {"cobalt", 0.16, 0.26}, {"lithium", 0.06, 0.12}, {"nickel", 0.06, 0.15}};
  return kMinimums;
}

double IraApplicablePercentage(int year) {
  // 26 U.S.C. 30D(e)(1)(B): 40 % (2023), 50 % (2024), 60 % (2025), 70 % (2026), 80 % after.
  if (year < 2023) return 0.0;
  return std::min(0.8, 0.4 + 0.1 * (year - 2023));
}

std::vector<StandardBlock> CompileStandards(const model::Network& network,
                                            const model::SustainabilityData& data,
                                            model::Scenario& scenario) {
  std::vector<StandardBlock> blocks;
  if (scenario.standards.empty()) return blocks;
  model::CompiledNetwork net = model::Compile(network);
  FlowWeights weights = BaselineWeights(net);
  FootprintTrace trace = FootprintTrace::Build(net, data, weights);
  for (const model::Standard& standard : scenario.standards) {
    std::vector<uint8_t> buyers = CountrySet(net, standard.buyers, true);
    std::vector<uint8_t> materials(net.num_materials(), standard.materials.empty() ? 1 : 0);
    for (const std::string& m : standard.materials) {
      if (MaterialId id = net.FindMaterial(m); id.valid()) materials[id.value] = 1;
    }
    StandardBlock block;
    block.standard = standard.id;
    for (uint32_t l = 0; l < net.num_lanes(); ++l) {
      const SlotId from = net.lane_from[l];
      const SiteId buyer = net.slot_site[net.lane_to[l].value];
      const SiteId supplier = net.slot_site[from.value];
      if (!buyers[net.site_country[buyer.value].value]) continue;
      if (!materials[net.slot_material[from.value].value]) continue;
      std::vector<std::string> fails;
      if (standard.max_kg_co2e_per_kwh) {
        double kwh = trace.KgPerKwh(from);
        if (std::isfinite(kwh) && kwh > *standard.max_kg_co2e_per_kwh) {
          fails.push_back(fmt::format("{:.1f} kg CO2e/kWh > {:g}", kwh, *standard.max_kg_co2e_per_kwh));
        }
      }
      for (const auto& [element, minimum] : standard.min_recycled) {
        for (size_t e = 0; e < data.elements.size(); ++e) {
          if (data.elements[e].id != element) continue;
          double share = trace.RecycledShare(from, e);
          if (std::isfinite(share) && share < minimum) {
            fails.push_back(fmt::format("recycled {} {:.1f} % < {:g} %", element, 100.0 * share,
                                        100.0 * minimum));
          }
        }
      }
      if (standard.due_diligence && !trace.DueDiligence(supplier)) {
        fails.push_back("no due-diligence certificate");
      }
      if (standard.ethical_audit && !trace.EthicalAudit(supplier)) {
        fails.push_back("no ethical-sourcing audit");
      }
      if (fails.empty()) continue;
      block.lanes.push_back(net.lane_key[l]);
      std::string reason;
      for (const std::string& f : fails) reason += (reason.empty() ? "" : "; ") + f;
      block.reasons.push_back(std::move(reason));
    }
    model::Event event;
    event.id = "standard." + standard.id;
    event.kind = model::EventKind::kLaneClosure;
    event.description = fmt::format("standard '{}' blocks {} lane(s) of non-compliant suppliers{}{}",
                                    standard.id, block.lanes.size(),
                                    standard.description.empty() ? "" : ": ", standard.description);
    event.start_day = standard.start_day;
    event.duration_days =
        model::Distribution::Fixed(std::max(scenario.horizon_days - standard.start_day, 1));
    event.lanes = block.lanes;
    scenario.events.push_back(std::move(event));
    blocks.push_back(std::move(block));
  }
  return blocks;
}

}  // namespace chaintwin::analyze
