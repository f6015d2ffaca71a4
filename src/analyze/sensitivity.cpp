// One-at-a-time sensitivity (analyze/sensitivity.hpp). Every run copies the network, scales one
// group of inputs, compiles and simulates; runs are spread over threads by an atomic counter and
// each writes its own slot, so the results do not depend on the thread count.
#include "chaintwin/analyze/sensitivity.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "chaintwin/model/compiled.hpp"

namespace chaintwin::analyze {

std::string_view InputClassName(InputClass c) {
  switch (c) {
    case InputClass::kStockDays: return "stock_days";
    case InputClass::kQualification: return "qualification";
    case InputClass::kCapacity: return "capacity";
    case InputClass::kTransit: return "transit";
    case InputClass::kDemand: return "demand";
  }
  return "?";
}

namespace {

std::map<std::string, std::string> StageOfMaterial(const model::Network& n) {
  std::map<std::string, std::string> stage;
  for (const model::Material& m : n.materials) stage[m.id] = std::string(model::StageName(m.stage));
  return stage;
}

// The stage a site stands for: that of its last (most downstream) process's output; end use
// for a site with demand only.
std::string SiteStage(const model::Site& s, const std::map<std::string, std::string>& stage_of) {
  if (!s.processes.empty()) {
    auto it = stage_of.find(s.processes.back().output);
    return it == stage_of.end() ? "" : it->second;
  }
  return s.demand.empty() ? "" : "end_use";
}

bool Matches(const std::string& want, const std::string& have) { return want.empty() || want == have; }

bool HoldsStock(const model::Site& s) {
  return !s.external && (!s.inventory.empty() || s.stock_days_default > 0.0 || !s.stock_days.empty());
}

int32_t ScaleDays(int32_t days, double factor) {
  return static_cast<int32_t>(std::lround(static_cast<double>(days) * factor));
}

bool Selected(const SensitivityOptions& o, InputClass c) {
  return o.classes.empty() || std::find(o.classes.begin(), o.classes.end(), c) != o.classes.end();
}

}  // namespace

std::vector<Perturbation> ListPerturbations(const model::Network& network, const SensitivityOptions& options) {
  const SensitivityRanges& r = options.ranges;
  auto stage_of = StageOfMaterial(network);
  std::vector<Perturbation> out;
  auto add = [&](InputClass c, std::string stage, std::string country, std::string material, std::string label,
                 double range) {
    if (!Selected(options, c)) return;
    out.push_back(Perturbation{c, std::move(stage), std::move(country), std::move(material), std::move(label),
                               1.0 - range, 1.0 + range});
  };
  // Stock days: per material held (every site), then per (stage, country).
  std::set<std::string> held;
  std::set<std::pair<std::string, std::string>> stock_groups, capacity_groups;
  std::set<std::string> qualification_materials, transit_countries, demand_countries;
  std::map<std::string, std::string> country_of;
  for (const model::Site& s : network.sites) country_of[s.id] = s.country;
  for (const model::Site& s : network.sites) {
    if (HoldsStock(s)) {
      for (const model::Stock& k : s.inventory) held.insert(k.material);
      stock_groups.insert({SiteStage(s, stage_of), s.country});
    }
    for (const model::Process& p : s.processes) {
      if (std::isfinite(p.capacity_per_day) && p.capacity_per_day > 0.0) {
        capacity_groups.insert({stage_of[p.output], s.country});
      }
    }
    if (!s.demand.empty()) demand_countries.insert(s.country);
  }
  for (const model::Lane& l : network.lanes) {
    if (l.alternate && l.qualification_days > 0) qualification_materials.insert(l.material);
    if (l.transit_days > 0) transit_countries.insert(country_of[l.supplier]);
  }
  for (const std::string& m : held) {
    add(InputClass::kStockDays, "", "", m, fmt::format("stock days of {} (every site)", m), r.stock_days);
  }
  for (const auto& [stage, country] : stock_groups) {
    add(InputClass::kStockDays, stage, country, "", fmt::format("stock days at {} sites in {}", stage, country),
        r.stock_days);
  }
  for (const std::string& m : qualification_materials) {
    add(InputClass::kQualification, "", "", m, fmt::format("qualification of alternate {} suppliers", m),
        r.qualification);
  }
  for (const auto& [stage, country] : capacity_groups) {
    add(InputClass::kCapacity, stage, country, "", fmt::format("{} capacity in {}", stage, country), r.capacity);
  }
  for (const std::string& c : transit_countries) {
    add(InputClass::kTransit, "", c, "", fmt::format("transit times from {}", c), r.transit);
  }
  for (const std::string& c : demand_countries) {
    add(InputClass::kDemand, "", c, "", fmt::format("end-use demand in {}", c), r.demand);
  }
  return out;
}

void ApplyPerturbation(const Perturbation& p, double factor, model::Network& network) {
  auto stage_of = StageOfMaterial(network);
  std::map<std::string, std::string> country_of;
  for (const model::Site& s : network.sites) country_of[s.id] = s.country;
  switch (p.input) {
    case InputClass::kStockDays:
      for (model::Site& s : network.sites) {
        if (!HoldsStock(s) || !Matches(p.country, s.country) || !Matches(p.stage, SiteStage(s, stage_of))) continue;
        for (model::Stock& k : s.inventory) {
          if (Matches(p.material, k.material)) k.quantity *= factor;
        }
        if (p.material.empty()) {
          s.stock_days_default *= factor;
          for (model::StockDays& d : s.stock_days) d.days *= factor;
          continue;
        }
        bool found = false;
        for (model::StockDays& d : s.stock_days) {
          if (d.material == p.material) {
            d.days *= factor;
            found = true;
          }
        }
        if (!found && s.stock_days_default > 0.0) {
          s.stock_days.push_back(model::StockDays{p.material, s.stock_days_default * factor});
        }
      }
      break;
    case InputClass::kQualification:
      for (model::Lane& l : network.lanes) {
        if (l.alternate && Matches(p.material, l.material)) l.qualification_days = ScaleDays(l.qualification_days, factor);
      }
      break;
    case InputClass::kCapacity:
      for (model::Site& s : network.sites) {
        if (!Matches(p.country, s.country)) continue;
        for (model::Process& q : s.processes) {
          if (Matches(p.stage, stage_of[q.output]) && std::isfinite(q.capacity_per_day)) q.capacity_per_day *= factor;
        }
      }
      break;
    case InputClass::kTransit:
      for (model::Lane& l : network.lanes) {
        if (!Matches(p.country, country_of[l.supplier])) continue;
        l.transit_days = ScaleDays(l.transit_days, factor);
        for (model::ChokepointCrossing& c : l.chokepoints) {
          c.day = std::min(ScaleDays(c.day, factor), l.transit_days);
        }
      }
      break;
    case InputClass::kDemand:
      for (model::Site& s : network.sites) {
        if (!Matches(p.country, s.country)) continue;
        for (model::Demand& d : s.demand) d.per_day *= factor;
      }
      break;
  }
}

double RunPerturbed(const model::Network& network, const model::Scenario& scenario, const Perturbation& p,
                    double factor, const sim::RunOptions& run) {
  model::Network changed = network;
  ApplyPerturbation(p, factor, changed);
  model::CompiledNetwork compiled = model::Compile(changed);
  sim::RunOptions options = run;
  options.max_allocation_records = 0;
  return sim::Simulate(compiled, scenario, options).totals.unserved_gwh;
}

SensitivityResults RunSensitivity(const model::Network& network, const model::Scenario& scenario,
                                  const SensitivityOptions& options) {
  auto t0 = std::chrono::steady_clock::now();
  SensitivityResults res;
  res.scenario_id = scenario.id;
  res.ranges = options.ranges;
  std::vector<Perturbation> list = ListPerturbations(network, options);
  // Task 0 is the unchanged scenario; task 1 + 2i + side is perturbation i at low (0) or high (1).
  const uint64_t tasks = 1 + 2 * static_cast<uint64_t>(list.size());
  std::vector<double> value(tasks, 0.0);
  unsigned threads = options.threads != 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<uint64_t>(threads, tasks));
  std::atomic<uint64_t> next{0}, done{0};
  std::atomic<bool> stopped{false};
  auto work = [&] {
    for (uint64_t t = next++; t < tasks; t = next++) {
      if (stopped.load() || (options.stop && options.stop())) {
        stopped = true;
        done = tasks;  // releases the progress loop
        break;
      }
      if (t == 0) {
        value[t] = RunPerturbed(network, scenario, Perturbation{}, 1.0, options.run);
      } else {
        const Perturbation& p = list[(t - 1) / 2];
        value[t] = RunPerturbed(network, scenario, p, (t - 1) % 2 == 0 ? p.low : p.high, options.run);
      }
      ++done;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work);
  if (options.progress) {
    // The calling thread reports progress while the others work, then joins in.
    std::thread helper(work);
    while (done.load() < tasks) {
      options.progress(done.load(), tasks);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    helper.join();
    options.progress(tasks, tasks);
  } else {
    work();
  }
  for (std::thread& t : pool) t.join();
  if (stopped.load()) {
    res.stopped = true;
    return res;
  }
  res.base = value[0];
  for (size_t i = 0; i < list.size(); ++i) {
    SensitivityRow row;
    row.perturbation = list[i];
    row.low_value = value[1 + 2 * i];
    row.high_value = value[2 + 2 * i];
    row.swing = std::max({row.low_value, row.high_value, res.base}) - std::min({row.low_value, row.high_value, res.base});
    res.rows.push_back(std::move(row));
  }
  std::stable_sort(res.rows.begin(), res.rows.end(), [](const SensitivityRow& a, const SensitivityRow& b) {
    if (a.swing != b.swing) return a.swing > b.swing;
    return a.perturbation.label < b.perturbation.label;
  });
  res.runs = tasks;
  res.threads = threads;
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return res;
}

}  // namespace chaintwin::analyze
