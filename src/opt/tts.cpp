// TtsModel: the TTS and PI LPs of docs/OPTIMIZATION.md §2, built once per network.
//
// Columns: u[process] >= 0 production over [0, t]; y[lane] >= 0 shipped over [0, t] (0 for a
// blocked lane, and for alternates when they are not allowed); l[demand slot] lost end-use
// output (PI only; fixed at 0 in TTS); t (TTS: 0..T_max, maximized; PI: fixed at TTR).
// Rows, per slot s (stock s_s = opening stock + cargo on its way to s at the start):
//   sum y[in] + sum u[makes s] - sum y[out] - sum recipe u[uses s] + l[s] - demand[s] t >= -s_s
// and per process with a finite capacity c:  u - c t <= 0.
// Taking sites down sets the upper bound of their u and of y on their inbound lanes to 0;
// the next site restores them. Nothing else changes, so CLP's dual simplex restarts from the
// last optimal basis (the basis stays dual feasible when only bounds move).
// Feasibility is monotone in t (scale a solution for t down to t' < t), so TTS_j >= TTR_j
// means nothing is lost over TTR_j: the PI LP is skipped then.
#include "chaintwin/opt/tts.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "chaintwin/util/check.hpp"
#include "opt/lp.hpp"

namespace chaintwin::opt {

using model::CompiledNetwork;
using model::Stage;

double TtrDays(const CompiledNetwork& net, SiteId site, const TtsConfig& c, bool* assumed) {
  double given = net.site_ttr_days[site.value];
  if (assumed) *assumed = given < 0;
  if (given >= 0) return given;
  uint32_t p0 = net.site_process_begin[site.value], p1 = net.site_process_begin[site.value + 1];
  if (p0 == p1) return c.default_ttr_no_process;
  Stage stage = Stage::kMining;
  for (uint32_t p = p0; p < p1; ++p) {
    stage = std::max(stage, net.material_stage[net.slot_material[net.process_output[p].value].value]);
  }
  switch (stage) {
    case Stage::kMining:
      return c.default_ttr_mining;
    case Stage::kRefining:
      return c.default_ttr_refining;
    case Stage::kComponent:
      return c.default_ttr_component;
    case Stage::kCell:
      return c.default_ttr_cell;
    case Stage::kPack:
      return c.default_ttr_pack;
    case Stage::kEndUse:
      return c.default_ttr_end_use;
    case Stage::kEndOfLife:
      return c.default_ttr_end_of_life;
  }
  return c.default_ttr_no_process;
}

struct TtsModel::Impl {
  const CompiledNetwork* net = nullptr;
  TtsConfig config;
  LpArrays tts_lp, pi_lp;  // same matrix and bounds; objective and the l / t bounds differ
  int u0 = 0, y0 = 0, l0 = 0, t_col = 0;
  std::vector<double> lane_upper;  // the template's upper bound of each y
  ClpSimplex tts, pi;
  double baseline_tts = 0.0;
  LpStatus baseline_status = LpStatus::kOptimal;
  std::map<double, double> baseline_lost;  // by TTR
  int64_t lps = 0;
  int64_t iterations = 0;

  void Build();
  // The columns whose upper bound goes to 0 when `down` is down.
  std::vector<int> DownColumns(const std::vector<SiteId>& down) const;
  // Solves `which` with `cols` at 0 and t in [t_lo, t_hi]; returns status, writes objective
  // and t. Restores the bounds afterwards (kReuse) or uses a fresh model (kRebuild).
  LpStatus Solve(bool is_tts, const std::vector<int>& cols, double t_lo, double t_hi,
                 double& objective, double& t);
  double BaselineLost(double ttr);
};

void TtsModel::Impl::Build() {
  const CompiledNetwork& n = *net;
  const uint32_t slots = n.num_slots();
  LpArrays lp;
  std::vector<double> stock(slots, 0.0);
  for (uint32_t s = 0; s < slots; ++s) stock[s] = n.slot_initial_stock[s];
  for (uint32_t l = 0; l < n.num_lanes(); ++l) {
    stock[n.lane_to[l].value] += n.lane_expected_flow[l] * n.lane_transit[l];
  }
  for (uint32_t s = 0; s < slots; ++s) lp.AddRow(-stock[s], kInf);
  std::vector<int> cap_row(n.num_processes(), -1);
  for (uint32_t p = 0; p < n.num_processes(); ++p) {
    if (!std::isinf(n.process_capacity[p])) cap_row[p] = lp.AddRow(-kInf, 0.0);
  }
  u0 = lp.num_cols();
  for (uint32_t p = 0; p < n.num_processes(); ++p) {
    lp.AddColumn(0.0, kInf, 0.0);
    lp.Entry(static_cast<int>(n.process_output[p].value), 1.0);
    for (uint32_t i = n.process_input_begin[p]; i < n.process_input_begin[p + 1]; ++i) {
      lp.Entry(static_cast<int>(n.input_slot[i].value), -n.input_per_unit[i]);
    }
    if (cap_row[p] >= 0) lp.Entry(cap_row[p], 1.0);
  }
  y0 = lp.num_cols();
  std::vector<uint8_t> blocked(n.num_lanes(), 0);
  for (LaneId l : config.blocked_lanes) blocked[l.value] = 1;
  lane_upper.assign(n.num_lanes(), kInf);
  for (uint32_t l = 0; l < n.num_lanes(); ++l) {
    bool closed = blocked[l] || (n.lane_alternate[l] && !config.use_alternates);
    lane_upper[l] = closed ? 0.0 : kInf;
    lp.AddColumn(0.0, lane_upper[l], 0.0);
    lp.Entry(static_cast<int>(n.lane_from[l].value), -1.0);
    lp.Entry(static_cast<int>(n.lane_to[l].value), 1.0);
  }
  l0 = lp.num_cols();
  for (uint32_t s = 0; s < slots; ++s) {
    if (n.slot_demand_per_day[s] <= 0) continue;
    double gwh = n.material_gwh_per_unit[n.slot_material[s].value];
    lp.AddColumn(0.0, kInf, gwh > 0 ? gwh : 1.0);
    lp.Entry(static_cast<int>(s), 1.0);
  }
  t_col = lp.AddColumn(0.0, config.t_max_days, 0.0);
  for (uint32_t s = 0; s < slots; ++s) lp.Entry(static_cast<int>(s), -n.slot_demand_per_day[s]);
  for (uint32_t p = 0; p < n.num_processes(); ++p) {
    if (cap_row[p] >= 0) lp.Entry(cap_row[p], -n.process_capacity[p]);
  }
  pi_lp = lp;
  tts_lp = std::move(lp);
  for (int j = l0; j < t_col; ++j) {
    tts_lp.cost[static_cast<size_t>(j)] = 0.0;
    tts_lp.col_upper[static_cast<size_t>(j)] = 0.0;  // no loss allowed
  }
  tts_lp.cost[static_cast<size_t>(t_col)] = -1.0;  // max t
  pi_lp.col_upper[static_cast<size_t>(t_col)] = 0.0;  // set per solve
}

std::vector<int> TtsModel::Impl::DownColumns(const std::vector<SiteId>& down) const {
  const CompiledNetwork& n = *net;
  std::vector<int> cols;
  for (SiteId site : down) {
    for (uint32_t p = n.site_process_begin[site.value]; p < n.site_process_begin[site.value + 1]; ++p) {
      cols.push_back(u0 + static_cast<int>(p));
    }
    for (uint32_t s = n.site_slot_begin[site.value]; s < n.site_slot_begin[site.value + 1]; ++s) {
      for (uint32_t i = n.in_begin[s]; i < n.in_begin[s + 1]; ++i) {
        uint32_t l = n.in_lanes[i].value;
        if (lane_upper[l] > 0) cols.push_back(y0 + static_cast<int>(l));
      }
    }
  }
  std::sort(cols.begin(), cols.end());
  cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
  return cols;
}

LpStatus TtsModel::Impl::Solve(bool is_tts, const std::vector<int>& cols, double t_lo, double t_hi,
                               double& objective, double& t) {
  ++lps;
  const LpArrays& lp = is_tts ? tts_lp : pi_lp;
  auto run = [&](ClpSimplex& m, bool fresh) {
    for (int j : cols) m.setColumnUpper(j, 0.0);
    m.setColumnBounds(t_col, t_lo, t_hi);
    m.dual();  // fresh: from the slack basis; reused: from the last optimal basis
    iterations += m.numberIterations();
    LpStatus st = StatusOf(m);
    objective = m.objectiveValue();
    t = m.getColSolution()[t_col];
    if (!fresh) {
      for (int j : cols) m.setColumnUpper(j, ClpBound(lp.col_upper[static_cast<size_t>(j)]));
    }
    return st;
  };
  if (config.mode == TtsConfig::Mode::kRebuild) {
    ClpSimplex fresh;
    Quiet(fresh);
    lp.LoadInto(fresh);
    return run(fresh, true);
  }
  return run(is_tts ? tts : pi, false);
}

double TtsModel::Impl::BaselineLost(double ttr) {
  if (baseline_tts >= ttr - 1e-9) return 0.0;
  if (auto it = baseline_lost.find(ttr); it != baseline_lost.end()) return it->second;
  double obj = 0.0, t = 0.0;
  Solve(false, {}, ttr, ttr, obj, t);
  baseline_lost[ttr] = std::max(0.0, obj);
  return baseline_lost[ttr];
}

TtsModel::TtsModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TtsModel::TtsModel(TtsModel&&) noexcept = default;
TtsModel& TtsModel::operator=(TtsModel&&) noexcept = default;
TtsModel::~TtsModel() = default;

TtsModel TtsModel::Create(const CompiledNetwork& network, const TtsConfig& config) {
  CT_CHECK(config.t_max_days > 0, "t_max_days > 0");
  auto impl = std::make_unique<Impl>();
  impl->net = &network;
  impl->config = config;
  impl->Build();
  Quiet(impl->tts);
  Quiet(impl->pi);
  if (config.mode == TtsConfig::Mode::kReuse) {
    impl->tts_lp.LoadInto(impl->tts);
    impl->pi_lp.LoadInto(impl->pi);
  }
  double obj = 0.0, t = 0.0;
  impl->baseline_status = impl->Solve(true, {}, 0.0, config.t_max_days, obj, t);
  impl->baseline_tts = std::min(t, config.t_max_days);
  return TtsModel(std::move(impl));
}

SiteExposure TtsModel::Evaluate(const std::vector<SiteId>& down, double ttr_days,
                                std::string label) {
  Impl& m = *impl_;
  const CompiledNetwork& n = *m.net;
  SiteExposure e;
  e.sites = down;
  e.label = label.empty() && down.size() == 1 ? n.site_key[down[0].value] : std::move(label);
  if (ttr_days < 0) {
    e.ttr_days = 0.0;
    for (SiteId s : down) {
      bool assumed = false;
      double ttr = TtrDays(n, s, m.config, &assumed);
      if (ttr >= e.ttr_days) {
        e.ttr_assumed = ttr > e.ttr_days ? assumed : (e.ttr_assumed && assumed);
        e.ttr_days = ttr;
      }
    }
  } else {
    e.ttr_days = ttr_days;
  }
  const double t_max = m.config.t_max_days;
  std::vector<int> cols = m.DownColumns(down);
  double obj = 0.0, t = 0.0;
  if (cols.empty()) {
    e.tts_days = m.baseline_tts;  // taking it down changes nothing in the model
  } else {
    e.status = m.Solve(true, cols, 0.0, t_max, obj, t);
    e.tts_days = std::min(t, t_max);
  }
  e.survives_horizon = e.tts_days >= t_max - 1e-6 * t_max;
  if (e.survives_horizon) e.tts_days = t_max;
  e.exposed = e.tts_days < e.ttr_days - 1e-9;
  double ttr = std::min(e.ttr_days, t_max);
  double base = m.BaselineLost(ttr);
  if (!e.exposed) {
    e.lost = base;
  } else if (cols.empty()) {
    e.lost = base;
  } else {
    LpStatus st = m.Solve(false, cols, ttr, ttr, obj, t);
    if (st != LpStatus::kOptimal) e.status = st;
    e.lost = std::max(0.0, obj);
  }
  e.pi = std::max(0.0, e.lost - base);
  if (e.pi < 1e-9 * std::max(1.0, e.lost)) e.pi = 0.0;
  return e;
}

double TtsModel::baseline_tts_days() const { return impl_->baseline_tts; }
LpStatus TtsModel::baseline_status() const { return impl_->baseline_status; }
int64_t TtsModel::lps_solved() const { return impl_->lps; }
int64_t TtsModel::iterations() const { return impl_->iterations; }
int TtsModel::rows() const { return impl_->tts_lp.num_rows(); }
int TtsModel::columns() const { return impl_->tts_lp.num_cols(); }

namespace {

void Finish(const CompiledNetwork& net, TtsResult& r) {
  double max_pi = 0.0;
  for (const SiteExposure& e : r.sites) max_pi = std::max(max_pi, e.pi);
  for (SiteExposure& e : r.sites) e.rei = max_pi > 0 ? e.pi / max_pi : 0.0;
  r.ranking.resize(r.sites.size());
  for (uint32_t i = 0; i < r.ranking.size(); ++i) r.ranking[i] = i;
  std::stable_sort(r.ranking.begin(), r.ranking.end(), [&](uint32_t a, uint32_t b) {
    const SiteExposure& x = r.sites[a];
    const SiteExposure& y = r.sites[b];
    if (x.pi != y.pi) return x.pi > y.pi;
    if (x.tts_days != y.tts_days) return x.tts_days < y.tts_days;
    return x.label < y.label;
  });
  r.unit = "GWh";
  for (uint32_t s = 0; s < net.num_slots(); ++s) {
    if (net.slot_demand_per_day[s] > 0 &&
        net.material_gwh_per_unit[net.slot_material[s].value] <= 0) {
      r.unit = "GWh or units";
    }
  }
}

template <typename Each>
TtsResult Run(const CompiledNetwork& net, const TtsConfig& config, size_t count, Each each) {
  auto t0 = std::chrono::steady_clock::now();
  TtsModel model = TtsModel::Create(net, config);
  TtsResult r;
  r.t_max_days = config.t_max_days;
  r.baseline_tts_days = model.baseline_tts_days();
  r.baseline_status = model.baseline_status();
  r.rows = model.rows();
  r.columns = model.columns();
  for (size_t i = 0; i < count; ++i) r.sites.push_back(each(model, i));
  r.lps_solved = model.lps_solved();
  r.iterations = model.iterations();
  Finish(net, r);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace

TtsResult AnalyzeTts(const CompiledNetwork& net, const TtsConfig& config,
                     const std::vector<SiteId>& sites) {
  std::vector<SiteId> list = sites;
  if (list.empty()) {
    for (uint32_t s = 0; s < net.num_sites(); ++s) list.push_back(SiteId{s});
  }
  return Run(net, config, list.size(),
             [&](TtsModel& m, size_t i) { return m.Evaluate({list[i]}); });
}

TtsResult AnalyzeSiteSets(const CompiledNetwork& net, const TtsConfig& config,
                          const std::vector<std::vector<SiteId>>& sets,
                          const std::vector<std::string>& labels) {
  CT_CHECK(labels.size() == sets.size(), "one label per set");
  return Run(net, config, sets.size(),
             [&](TtsModel& m, size_t i) { return m.Evaluate(sets[i], -1.0, labels[i]); });
}

}  // namespace chaintwin::opt
