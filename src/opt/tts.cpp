// TtsModel: the TTS and PI LPs of docs/OPTIMIZATION.md §2, built once per network.
//
// Columns: u[process] >= 0 production over [0, t]; y[lane] >= 0 shipped over [0, t] (0 for a
// blocked lane, and for alternates when they are not allowed); l[demand slot] lost end-use
// output (PI only; fixed at 0 in TTS); t (TTS: 0..T_max, maximized; PI: fixed at TTR).
// Rows, per slot s (stock s_s = opening stock + cargo on its way to s at the start):
//   sum y[in] + sum u[makes s] - sum y[out] - sum recipe u[uses s] + l[s] - demand[s] t >= -s_s
// and per process with a finite capacity c:  u - c t <= 0; likewise per capped lane
// (y - c t <= 0) and per shared limit always in force (sum y - c t <= 0; model/capacity.hpp).
// Taking sites down sets the upper bound of their u and of y on their inbound lanes to 0.
// kReuse solves only the PI form (t fixed): lost(t) = least weighted loss over [0, t].
// Undisrupted optima ("starts") are solved once, before any site, at t = baseline TTS (the
// "pristine" one; it loses nothing), on a geometric ladder of smaller t and at every TTR. A
// site's LP starts from a copy of the pristine model with the basis of the start nearest its t,
// so only bounds moved, and no site's answer depends on the sites before it.
// TTS_j is the last zero of lost(t) (Newton steps on t, TtsReuse()); the maximize-t form, whose
// dense t column makes every simplex pivot slow, is kept for kRebuild and as a fallback.
// Feasibility is monotone in t (scale a solution for t down to t' < t), so TTS_j >= TTR_j
// means nothing is lost over TTR_j: the PI LP is skipped then.
// Exact shortcuts (no solve; TtsConfig::skip_unused = false turns them off):
// - a site the pristine optimum does not use (all its columns at 0) keeps that optimum feasible
//   when it goes down: its TTS is the baseline's (the same over [0, TTR] for PI);
// - a site with no path to end-use demand changes nothing (tts_shortcuts.hpp);
// - a sink (no process, nothing shipped out) only loses its own supply: closed form (ditto).
#include "chaintwin/opt/tts.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "chaintwin/util/check.hpp"
#include "model/capacity_rule.hpp"
#include "opt/lp.hpp"
#include "opt/tts_shortcuts.hpp"

namespace chaintwin::opt {

using model::CompiledNetwork;
using model::Stage;

Stage SiteStage(const CompiledNetwork& net, SiteId site) {
  uint32_t p0 = net.site_process_begin[site.value], p1 = net.site_process_begin[site.value + 1];
  Stage stage = Stage::kMining;
  for (uint32_t p = p0; p < p1; ++p) {
    stage = std::max(stage, net.material_stage[net.slot_material[net.process_output[p].value].value]);
  }
  if (p0 != p1) return stage;
  for (uint32_t s = net.site_slot_begin[site.value]; s < net.site_slot_begin[site.value + 1]; ++s) {
    if (net.slot_demand_per_day[s] > 0) return Stage::kEndUse;
    stage = std::max(stage, net.material_stage[net.slot_material[s].value]);
  }
  return stage;
}

bool IsSupplySite(const CompiledNetwork& net, SiteId site) {
  for (uint32_t s = net.site_slot_begin[site.value]; s < net.site_slot_begin[site.value + 1]; ++s) {
    if (net.out_begin[s] != net.out_begin[s + 1]) return true;
  }
  return false;
}

double TtrDays(const CompiledNetwork& net, SiteId site, const TtsConfig& c, bool* assumed) {
  double given = net.site_ttr_days[site.value];
  if (assumed) *assumed = given < 0;
  if (given >= 0) return given;
  if (net.site_process_begin[site.value] == net.site_process_begin[site.value + 1]) {
    return c.default_ttr_no_process;
  }
  switch (SiteStage(net, site)) {
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

// Per-thread solver state. `pristine` holds the undisrupted optimum at t = baseline TTS (it
// loses nothing); every site starts from a copy of it (with the basis of a Start), so a site's
// answer does not depend on which sites were solved before it, nor on the thread.
struct Solver {
  ClpSimplex pristine, work;
  int64_t lps = 0, skipped = 0, skipped_sink = 0, skipped_no_path = 0, clp_solves = 0,
          iterations = 0;
};

// An optimal basis of the undisrupted least-loss LP at t: CLP's status array (columns, then
// rows). Restarting a site's LP at t' from the start nearest t' leaves the simplex only the
// site's own change to repair, not every stock that runs out between t and t'.
struct Start {
  double t = 0.0;
  std::vector<unsigned char> status;
};

// What taking sites down changes in the LP: columns at 0 (the processes of a closed site and
// the lanes into it) and, in a partial outage, processes capped at a share of their capacity.
// Both are the capacity rows' t coefficients (Cap()): as bounds in t they would leave t's
// reduced cost short of d lost / d t, and the Newton steps would overshoot.
struct DownSet {
  std::vector<int> zero;
  std::vector<std::pair<int, double>> capped;  // (column, capacity per day kept)
  // Partial outages of pooled plants: (pool, capacity per day kept). The pool row reads
  // sum u - c t <= 0; with t fixed it becomes sum u <= kept t, i.e. row upper (kept - c) t.
  std::vector<std::pair<uint32_t, double>> pools;
  bool empty() const { return zero.empty() && capped.empty() && pools.empty(); }
};

struct BaselineLoss {
  double lost = 0.0;
  std::vector<double> solution;  // kReuse: the undisrupted optimum over [0, TTR]
};

struct TtsModel::Impl {
  const CompiledNetwork* net = nullptr;
  TtsConfig config;
  LpArrays tts_lp, pi_lp;  // same matrix and bounds; objective and the l / t bounds differ
  int u0 = 0, y0 = 0, l0 = 0, t_col = 0;
  std::vector<int> cap_row;        // per process: its capacity row, -1 when unlimited
  int pool_row0 = 0;               // capacity pool q: row pool_row0 + q
  std::vector<double> lane_upper;  // the template's upper bound of each y
  std::vector<double> slot_loss_weight;  // per slot: weight of a unit of demand lost
  std::unique_ptr<TtsShortcuts> shortcuts;  // built with the LP
  double loss_per_day = 0.0;       // weighted end-use demand per day: the scale of "lost"
  double baseline_tts = 0.0;
  LpStatus baseline_status = LpStatus::kOptimal;
  std::vector<double> baseline_solution;  // kReuse: columns of the optimum at baseline_tts
  std::map<double, BaselineLoss> baseline_lost;  // by TTR; filled before threads start
  std::vector<Start> starts;  // by t ascending; filled before threads start
  Solver main;

  void Build();
  // The columns whose upper bound moves when `down` is down.
  DownSet DownColumns(const std::vector<SiteId>& down) const;
  void SolveBaseline();
  double TtrOf(const std::vector<SiteId>& down, bool* assumed) const;
  // Computes (and caches) the undisrupted loss over [0, ttr]. Not thread-safe.
  const BaselineLoss& BaselineLost(double ttr);
  SiteExposure Evaluate(Solver& s, const std::vector<SiteId>& down, double ttr_days,
                        std::string label) const;
  // kReuse: TTS with `cols` at 0 (Newton steps on t over the least-loss LP).
  LpStatus TtsReuse(Solver& s, const DownSet& cols, double& tts) const;
  // The least loss over [0, t] with `cols` at 0, from `start` (with the pristine model) or,
  // when null, from the last optimum of s.work.
  LpStatus Lost(Solver& s, const DownSet& cols, double t, const Start* start, double& lost,
                double& slope) const;
  // The start whose t is nearest `t` (the larger on a tie).
  const Start& NearestStart(double t) const;
  // Solves the undisrupted LP at t from the nearest start and keeps its basis as a start.
  // Not thread-safe.
  void AddStart(double t);
  // Keeps the basis of main.work, optimal at t, as a start (unless one is at t already).
  void KeepStart(double t);
  // Before threads start: what Evaluate() needs for sites with this TTR (capped at T_max).
  void PrepareTtr(double ttr);
  // kRebuild (and the fallback): a new model with `cols` at 0 and t in [t_lo, t_hi], solved
  // from the slack basis; writes objective and t.
  LpStatus SolveFresh(Solver& s, bool is_tts, const DownSet& cols, double t_lo, double t_hi,
                      double& objective, double& t) const;
  // A partial outage: the capacity rows of the capped processes and pools read u - kept t <= 0.
  // In the matrix, not as bounds in t, so that t's reduced cost stays d lost / d t (the
  // Newton step's slope) and the maximize-t form holds too.
  void Cap(ClpSimplex& m, const DownSet& cols) const {
    for (const auto& [j, kept] : cols.capped) {
      m.modifyCoefficient(cap_row[static_cast<size_t>(j - u0)], t_col, -kept);
    }
    for (const auto& [q, kept] : cols.pools) {
      m.modifyCoefficient(pool_row0 + static_cast<int>(q), t_col, -kept);
    }
  }
  // True when `solution` (optimal at t) stays feasible with `cols` down.
  bool IsUnused(const std::vector<double>& solution, const DownSet& cols, double t) const;
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
  cap_row.assign(n.num_processes(), -1);
  for (uint32_t p = 0; p < n.num_processes(); ++p) {
    if (!model::IsUnlimited(n.process_capacity[p])) cap_row[p] = lp.AddRow(-kInf, 0.0);
  }
  // Processes sharing a capacity pool: sum u - pool capacity x t <= 0.
  pool_row0 = lp.num_rows();
  for (uint32_t q = 0; q < n.num_pools(); ++q) lp.AddRow(-kInf, 0.0);
  // Lane capacities (model/capacity.hpp), those in force whatever the date (the TTS model has
  // none: contracts with a start or an end are left out): per capped lane y - capacity t <= 0,
  // per shared limit sum y - capacity t <= 0.
  std::vector<int> lane_cap_row(n.num_lanes(), -1);
  std::vector<double> lane_cap(n.num_lanes(), kInf);
  constexpr int32_t kAlways0 = std::numeric_limits<int32_t>::min();
  constexpr int32_t kAlways1 = std::numeric_limits<int32_t>::max();
  for (LaneId lane : n.capped_lanes) {
    lane_cap[lane.value] = n.lane_capacity[lane.value];
    for (uint32_t i = n.lane_contract_begin[lane.value]; i < n.lane_contract_begin[lane.value + 1];
         ++i) {
      const auto& k = n.lane_contracts[i];
      if (k.first_day == kAlways0 && k.last_day == kAlways1) {
        lane_cap[lane.value] = std::min(lane_cap[lane.value], k.max_volume_per_day);
      }
    }
    if (!std::isinf(lane_cap[lane.value])) lane_cap_row[lane.value] = lp.AddRow(-kInf, 0.0);
  }
  std::vector<std::vector<int>> lane_limit_rows(n.num_lanes());
  std::vector<std::pair<int, double>> limit_rows;  // (row, capacity per day)
  for (uint32_t g = 0; g < n.num_limits(); ++g) {
    if (n.limit_first_day[g] != kAlways0 || n.limit_last_day[g] != kAlways1) {
      continue;
    }
    int row = lp.AddRow(-kInf, 0.0);
    limit_rows.emplace_back(row, n.limit_capacity[g]);
    for (uint32_t i = n.limit_lane_begin[g]; i < n.limit_lane_begin[g + 1]; ++i) {
      lane_limit_rows[n.limit_lanes[i].value].push_back(row);
    }
  }
  u0 = lp.num_cols();
  for (uint32_t p = 0; p < n.num_processes(); ++p) {
    lp.AddColumn(0.0, kInf, 0.0);
    lp.Entry(static_cast<int>(n.process_output[p].value), 1.0);
    for (uint32_t i = n.process_input_begin[p]; i < n.process_input_begin[p + 1]; ++i) {
      lp.Entry(static_cast<int>(n.input_slot[i].value), -n.input_per_unit[i]);
    }
    if (cap_row[p] >= 0) lp.Entry(cap_row[p], 1.0);
    if (n.process_pool[p] >= 0) lp.Entry(pool_row0 + n.process_pool[p], 1.0);
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
    if (lane_cap_row[l] >= 0) lp.Entry(lane_cap_row[l], 1.0);
    for (int row : lane_limit_rows[l]) lp.Entry(row, 1.0);
  }
  l0 = lp.num_cols();
  slot_loss_weight.assign(slots, 0.0);
  for (uint32_t s = 0; s < slots; ++s) {
    if (n.slot_demand_per_day[s] <= 0) continue;
    const uint32_t m = n.slot_material[s].value;
    double gwh = n.material_gwh_per_unit[m];
    double w = gwh > 0 ? gwh : 1.0;
    if (auto it = config.material_weights.find(n.material_key[m]);
        it != config.material_weights.end()) {
      w *= it->second;
    }
    if (auto it = config.site_weights.find(n.site_key[n.slot_site[s].value]);
        it != config.site_weights.end()) {
      w *= it->second;
    }
    slot_loss_weight[s] = w;
    lp.AddColumn(0.0, kInf, w);
    lp.Entry(static_cast<int>(s), 1.0);
    loss_per_day += w * n.slot_demand_per_day[s];
  }
  t_col = lp.AddColumn(0.0, config.t_max_days, 0.0);
  for (uint32_t s = 0; s < slots; ++s) lp.Entry(static_cast<int>(s), -n.slot_demand_per_day[s]);
  for (uint32_t p = 0; p < n.num_processes(); ++p) {
    if (cap_row[p] >= 0) lp.Entry(cap_row[p], -n.process_capacity[p]);
  }
  for (uint32_t q = 0; q < n.num_pools(); ++q) {
    lp.Entry(pool_row0 + static_cast<int>(q), -n.pool_capacity[q]);
  }
  for (uint32_t l = 0; l < n.num_lanes(); ++l) {
    if (lane_cap_row[l] >= 0) lp.Entry(lane_cap_row[l], -lane_cap[l]);
  }
  for (const auto& [row, cap] : limit_rows) lp.Entry(row, -cap);
  pi_lp = lp;
  tts_lp = std::move(lp);
  for (int j = l0; j < t_col; ++j) {
    tts_lp.cost[static_cast<size_t>(j)] = 0.0;
    tts_lp.col_upper[static_cast<size_t>(j)] = 0.0;  // no loss allowed
  }
  tts_lp.cost[static_cast<size_t>(t_col)] = -1.0;  // max t
  shortcuts = std::make_unique<TtsShortcuts>(n, lane_upper, stock, slot_loss_weight);
  pi_lp.col_upper[static_cast<size_t>(t_col)] = 0.0;  // set per solve
}

DownSet TtsModel::Impl::DownColumns(const std::vector<SiteId>& down) const {
  const CompiledNetwork& n = *net;
  const double factor = config.capacity_factor;
  DownSet d;
  for (SiteId site : down) {
    for (uint32_t p = n.site_process_begin[site.value]; p < n.site_process_begin[site.value + 1]; ++p) {
      const int col = u0 + static_cast<int>(p);
      if (factor <= 0.0) {
        d.zero.push_back(col);
      } else if (cap_row[p] >= 0) {
        d.capped.emplace_back(col, factor * n.process_capacity[p]);
      }
    }
    if (factor > 0.0) {  // a partial outage still receives; its pools keep the same share
      for (uint32_t q = 0; q < n.num_pools(); ++q) {
        if (n.pool_site[q] == site) d.pools.emplace_back(q, factor * n.pool_capacity[q]);
      }
      continue;
    }
    for (uint32_t s = n.site_slot_begin[site.value]; s < n.site_slot_begin[site.value + 1]; ++s) {
      for (uint32_t i = n.in_begin[s]; i < n.in_begin[s + 1]; ++i) {
        uint32_t l = n.in_lanes[i].value;
        if (lane_upper[l] > 0) d.zero.push_back(y0 + static_cast<int>(l));
      }
    }
  }
  std::sort(d.zero.begin(), d.zero.end());
  d.zero.erase(std::unique(d.zero.begin(), d.zero.end()), d.zero.end());
  std::sort(d.capped.begin(), d.capped.end());
  d.capped.erase(std::unique(d.capped.begin(), d.capped.end()), d.capped.end());
  std::sort(d.pools.begin(), d.pools.end());
  d.pools.erase(std::unique(d.pools.begin(), d.pools.end()), d.pools.end());
  return d;
}

LpStatus TtsModel::Impl::SolveFresh(Solver& s, bool is_tts, const DownSet& cols, double t_lo,
                                    double t_hi, double& objective, double& t) const {
  ClpSimplex m;
  Quiet(m);
  (is_tts ? tts_lp : pi_lp).LoadInto(m);
  for (int j : cols.zero) m.setColumnUpper(j, 0.0);
  Cap(m, cols);
  m.setColumnBounds(t_col, t_lo, t_hi);
  m.dual();
  ++s.clp_solves;
  s.iterations += m.numberIterations();
  objective = m.objectiveValue();
  t = m.getColSolution()[t_col];
  return StatusOf(m);
}

LpStatus TtsModel::Impl::Lost(Solver& s, const DownSet& cols, double t, const Start* start,
                              double& lost, double& slope) const {
  ClpSimplex& m = s.work;
  if (start != nullptr) {
    m = s.pristine;
    std::copy(start->status.begin(), start->status.end(), m.statusArray());
    for (int j : cols.zero) m.setColumnUpper(j, 0.0);
    Cap(m, cols);
  }
  // Only bounds moved since an optimum, so its basis is a valid start. Primal simplex: most
  // repairs are local and its pivots cost a third of the dual's here (measured on the
  // generated 10,000-site network).
  m.setColumnBounds(t_col, t, t);
  m.primal();
  ++s.clp_solves;
  s.iterations += m.numberIterations();
  lost = std::max(0.0, m.objectiveValue());
  slope = m.dualColumnSolution()[t_col];  // d lost / d t of this basis: a subgradient
  return StatusOf(m);
}

const Start& TtsModel::Impl::NearestStart(double t) const {
  CT_CHECK(!starts.empty(), "starts are solved in Create()");
  auto it = std::lower_bound(starts.begin(), starts.end(), t,
                             [](const Start& a, double v) { return a.t < v; });
  if (it == starts.end()) return starts.back();
  if (it == starts.begin()) return *it;
  auto below = std::prev(it);
  return t - below->t < it->t - t ? *below : *it;
}

void TtsModel::Impl::AddStart(double t) {
  auto it = std::lower_bound(starts.begin(), starts.end(), t,
                             [](const Start& a, double v) { return a.t < v; });
  if (it != starts.end() && it->t == t) return;
  double lost = 0.0, slope = 0.0;
  Lost(main, {}, t, &NearestStart(t), lost, slope);
  KeepStart(t);
}

// lost(t) is convex, nondecreasing, piecewise linear and 0 at t = 0 (the LP's RHS moves
// linearly in t; scale a solution down for t' < t). TTS is its last zero. From t with
// lost(t) > 0, the Newton step t - lost / slope never passes that zero (convexity) and reaches
// it after at most one step per linear piece in between; the subgradient is >= lost / t > 0.
LpStatus TtsModel::Impl::TtsReuse(Solver& s, const DownSet& cols, double& tts) const {
  const double t_max = config.t_max_days;
  double t = baseline_tts, lost = 0.0, slope = 0.0;
  // No starts yet while the baseline itself is solved: s.work holds the optimum at T_max.
  LpStatus st = Lost(s, cols, t, starts.empty() ? nullptr : &NearestStart(t), lost, slope);
  for (int step = 0; step < 100 && st == LpStatus::kOptimal; ++step) {
    if (lost <= 1e-12 * (1.0 + loss_per_day * t)) {
      tts = t;
      return st;
    }
    if (!(slope > 0.0)) break;
    double next = std::max(0.0, t - lost / slope);
    if (t - next <= 1e-10 * std::max(1.0, t)) {
      tts = next;
      return st;
    }
    // Restart from the undisrupted basis nearest `next` when it is nearer than this one: the
    // simplex then repairs only the site's change, not every breakpoint between t and next.
    const Start* start = starts.empty() ? nullptr : &NearestStart(next);
    if (start && !(std::abs(start->t - next) < std::abs(t - next))) start = nullptr;
    t = next;
    st = Lost(s, cols, t, start, lost, slope);
  }
  // Numerical trouble: the maximize-t LP from scratch, as kRebuild does.
  double obj = 0.0;
  st = SolveFresh(s, true, cols, 0.0, t_max, obj, tts);
  return st;
}

void TtsModel::Impl::SolveBaseline() {
  const double t_max = config.t_max_days;
  double obj = 0.0, t = 0.0;
  if (config.mode == TtsConfig::Mode::kRebuild) {
    baseline_status = SolveFresh(main, true, {}, 0.0, t_max, obj, t);
    baseline_tts = std::min(t, t_max);
    return;
  }
  // The first solve from nothing: presolve and CLP's own choice of method pay off here only.
  ClpSimplex& m = main.work;
  Quiet(m);
  pi_lp.LoadInto(m);
  m.setColumnBounds(t_col, t_max, t_max);
  m.initialSolve();
  ++main.clp_solves;
  main.iterations += m.numberIterations();
  main.pristine = m;
  baseline_tts = t_max;
  baseline_status = StatusOf(m);
  if (baseline_status == LpStatus::kOptimal && m.objectiveValue() > 0.0) {
    baseline_status = TtsReuse(main, {}, t);
    baseline_tts = std::min(t, t_max);
  }
  // The pristine state: the optimum at t = baseline TTS, where nothing is lost.
  double lost = 0.0, slope = 0.0;
  main.work = main.pristine;
  Lost(main, {}, baseline_tts, nullptr, lost, slope);
  main.pristine = main.work;
  const double* x = main.pristine.getColSolution();
  baseline_solution.assign(x, x + pi_lp.num_cols());
  KeepStart(baseline_tts);
  // The ladder: undisrupted bases at t = baseline TTS x 0.9^k down to 1 day, each solved from
  // the one above (56 solves for 365 days). A Newton step from the site's last basis to a far
  // smaller t crosses every stock that runs out in between (thousands of pivots on the
  // 10,000-site network); from the nearest rung, only the site's own repair. Ratios of 0.8 and
  // 0.95 were no better overall (fewer rungs, longer repairs; more rungs, longer Create()).
  constexpr double kLadderRatio = 0.9;
  constexpr int kLadderMinRows = 500;
  // Below a few hundred rows moving t is cheap and the rungs would cost more than they save
  // (the bundled 131-site network: 33 ms without, 42 ms with).
  if (pi_lp.num_rows() < kLadderMinRows) return;
  for (double t_k = baseline_tts * kLadderRatio; t_k >= 1.0; t_k *= kLadderRatio) AddStart(t_k);
}

void TtsModel::Impl::KeepStart(double t) {
  const unsigned char* status = main.work.statusArray();
  Start start{t, std::vector<unsigned char>(status, status + pi_lp.num_cols() + pi_lp.num_rows())};
  auto it = std::lower_bound(starts.begin(), starts.end(), t,
                             [](const Start& a, double v) { return a.t < v; });
  if (it != starts.end() && it->t == t) return;
  starts.insert(it, std::move(start));
}

bool TtsModel::Impl::IsUnused(const std::vector<double>& solution, const DownSet& cols,
                              double t) const {
  if (!config.skip_unused || solution.empty()) return false;
  for (int j : cols.zero) {
    if (solution[static_cast<size_t>(j)] > 1e-12) return false;
  }
  for (const auto& [j, kept] : cols.capped) {
    if (solution[static_cast<size_t>(j)] > kept * t) return false;
  }
  for (const auto& [q, kept] : cols.pools) {
    double made = 0.0;
    for (uint32_t k = net->pool_process_begin[q]; k < net->pool_process_begin[q + 1]; ++k) {
      made += solution[static_cast<size_t>(u0) + net->pool_processes[k].value];
    }
    if (made > kept * t) return false;
  }
  return true;
}

const BaselineLoss& TtsModel::Impl::BaselineLost(double ttr) {
  if (auto it = baseline_lost.find(ttr); it != baseline_lost.end()) return it->second;
  BaselineLoss& b = baseline_lost[ttr];
  ++main.lps;
  if (config.mode == TtsConfig::Mode::kRebuild) {
    double obj = 0.0, t = 0.0;
    SolveFresh(main, false, {}, ttr, ttr, obj, t);
    b.lost = std::max(0.0, obj);
  } else {
    double slope = 0.0;
    Lost(main, {}, ttr, &NearestStart(ttr), b.lost, slope);
    const double* x = main.work.getColSolution();
    b.solution.assign(x, x + pi_lp.num_cols());
    KeepStart(ttr);
  }
  return b;
}

void TtsModel::Impl::PrepareTtr(double ttr) {
  if (baseline_tts < ttr - 1e-9) {
    BaselineLost(ttr);
  } else if (config.mode == TtsConfig::Mode::kReuse) {
    AddStart(ttr);  // where the PI LPs of exposed sites start
  }
}

double TtsModel::Impl::TtrOf(const std::vector<SiteId>& down, bool* assumed) const {
  double ttr_days = 0.0;
  *assumed = false;
  for (SiteId s : down) {
    bool a = false;
    double ttr = TtrDays(*net, s, config, &a);
    if (ttr >= ttr_days) {
      *assumed = ttr > ttr_days ? a : (*assumed && a);
      ttr_days = ttr;
    }
  }
  return ttr_days;
}

// Requires: baseline_lost holds min(TTR, T_max) when it exceeds the baseline TTS.
SiteExposure TtsModel::Impl::Evaluate(Solver& s, const std::vector<SiteId>& down,
                                      double ttr_days, std::string label) const {
  const CompiledNetwork& n = *net;
  const bool reuse = config.mode == TtsConfig::Mode::kReuse;
  SiteExposure e;
  e.sites = down;
  e.label = label.empty() && down.size() == 1 ? n.site_key[down[0].value] : std::move(label);
  if (ttr_days < 0) {
    e.ttr_days = TtrOf(down, &e.ttr_assumed);
  } else {
    e.ttr_days = ttr_days;
  }
  const double t_max = config.t_max_days;
  DownSet cols = DownColumns(down);
  double obj = 0.0, t = 0.0;
  // The undisrupted optimum at its TTS stays feasible when it uses none of `cols`, and taking
  // sites down only removes options: TTS is then the baseline's exactly.
  const bool unused = reuse && IsUnused(baseline_solution, cols, baseline_tts);
  const bool exact_shortcuts = reuse && config.skip_unused;
  const bool no_path = exact_shortcuts && shortcuts->FeedsNoDemand(down);
  const bool sink = exact_shortcuts && shortcuts->IsSink(down);
  if (cols.empty()) {
    e.tts_days = baseline_tts;  // taking it down changes nothing in the model
  } else if (no_path) {
    ++s.lps;
    ++s.skipped;
    ++s.skipped_no_path;
    e.tts_days = baseline_tts;
  } else if (unused) {
    ++s.lps;
    ++s.skipped;
    e.tts_days = baseline_tts;
  } else if (sink) {
    ++s.lps;
    ++s.skipped;
    ++s.skipped_sink;
    e.tts_days = std::min(baseline_tts, shortcuts->SinkTts(down));
  } else {
    ++s.lps;
    e.status = reuse ? TtsReuse(s, cols, t) : SolveFresh(s, true, cols, 0.0, t_max, obj, t);
    e.tts_days = std::min(t, t_max);
  }
  e.survives_horizon = e.tts_days >= t_max - 1e-6 * t_max;
  if (e.survives_horizon) e.tts_days = t_max;
  // PI is over the whole TTR, also beyond T_max (T_max only caps the search for TTS): a TTR
  // of 400 d loses 400 days of output, not 365.
  const double ttr = e.ttr_days;
  const bool may_lose = e.tts_days < ttr - 1e-9;
  const BaselineLoss* base = nullptr;
  if (baseline_tts < ttr - 1e-9) {
    auto it = baseline_lost.find(ttr);
    CT_CHECK(it != baseline_lost.end(), "baseline loss computed before Evaluate");
    base = &it->second;
  }
  double base_lost = base ? base->lost : 0.0;
  if (!may_lose || cols.empty()) {
    e.lost = base_lost;
  } else if (no_path) {
    ++s.lps;  // nothing changes at any t
    ++s.skipped;
    ++s.skipped_no_path;
    e.lost = base_lost;
  } else if (reuse && base && IsUnused(base->solution, cols, ttr)) {
    ++s.lps;  // the same argument over [0, TTR]: nothing more is lost
    ++s.skipped;
    e.lost = base_lost;
  } else if (sink && base == nullptr) {
    ++s.lps;  // TTR <= baseline TTS: the closed form holds
    ++s.skipped;
    ++s.skipped_sink;
    e.lost = shortcuts->SinkLost(down, ttr);
  } else {
    ++s.lps;
    double slope = 0.0;
    LpStatus st = reuse ? Lost(s, cols, ttr, &NearestStart(ttr), obj, slope)
                        : SolveFresh(s, false, cols, ttr, ttr, obj, t);
    if (st != LpStatus::kOptimal) e.status = st;
    e.lost = std::max(0.0, obj);
  }
  e.pi = std::max(0.0, e.lost - base_lost);
  if (e.pi < 1e-9 * std::max(1.0, e.lost)) e.pi = 0.0;
  // TTS < TTR alone also marks every site of a network that is short anyway (each site's TTS
  // is at most the baseline's); exposed means the site's loss adds to that.
  e.exposed = may_lose && e.pi > 0.0;
  return e;
}

TtsModel::TtsModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TtsModel::TtsModel(TtsModel&&) noexcept = default;
TtsModel& TtsModel::operator=(TtsModel&&) noexcept = default;
TtsModel::~TtsModel() = default;

namespace {

// Every CLP solve allocates and frees a few MB of work arrays; with glibc's default trim
// threshold the freed top of the heap goes back to the kernel each time and the next solve
// faults it in again, a fifth of the time per site on the 10,000-site network. Keep up to
// 64 MiB of freed memory instead (process-wide, once; glibc only).
void KeepFreedMemory() {
#if defined(__GLIBC__)
  static std::once_flag once;
  std::call_once(once, [] { mallopt(M_TRIM_THRESHOLD, 64 << 20); });
#endif
}

}  // namespace

TtsModel TtsModel::Create(const CompiledNetwork& network, const TtsConfig& config) {
  CT_CHECK(config.t_max_days > 0, "t_max_days > 0");
  CT_CHECK(config.capacity_factor >= 0.0 && config.capacity_factor < 1.0,
           "capacity_factor in [0, 1)");
  KeepFreedMemory();
  auto impl = std::make_unique<Impl>();
  impl->net = &network;
  impl->config = config;
  impl->Build();
  Quiet(impl->main.work);
  Quiet(impl->main.pristine);
  impl->SolveBaseline();
  ++impl->main.lps;
  return TtsModel(std::move(impl));
}

SiteExposure TtsModel::Evaluate(const std::vector<SiteId>& down, double ttr_days,
                                std::string label) {
  Impl& m = *impl_;
  bool assumed = false;
  m.PrepareTtr(ttr_days < 0 ? m.TtrOf(down, &assumed) : ttr_days);
  return m.Evaluate(m.main, down, ttr_days, std::move(label));
}

double TtsModel::baseline_tts_days() const { return impl_->baseline_tts; }
LpStatus TtsModel::baseline_status() const { return impl_->baseline_status; }
int64_t TtsModel::lps_solved() const { return impl_->main.lps; }
int64_t TtsModel::lps_skipped() const { return impl_->main.skipped; }
int64_t TtsModel::clp_solves() const { return impl_->main.clp_solves; }
int64_t TtsModel::iterations() const { return impl_->main.iterations; }
int TtsModel::rows() const { return impl_->tts_lp.num_rows(); }
int TtsModel::columns() const { return impl_->tts_lp.num_cols(); }

namespace {

void Finish(const CompiledNetwork& net, const TtsConfig& config, TtsResult& r) {
  // REI ranks suppliers against each other: an end user's PI (all its own demand) would
  // otherwise set the scale and squeeze every supplier's REI towards 0.
  r.rei_basis = 0;
  for (SiteExposure& e : r.sites) {
    e.in_rei_basis = std::any_of(e.sites.begin(), e.sites.end(),
                                 [&](SiteId s) { return IsSupplySite(net, s); });
    r.rei_basis += e.in_rei_basis ? 1 : 0;
  }
  if (r.rei_basis == 0) {
    for (SiteExposure& e : r.sites) e.in_rei_basis = true;
    r.rei_basis = static_cast<uint32_t>(r.sites.size());
  }
  double max_pi = 0.0;
  for (const SiteExposure& e : r.sites) {
    if (e.in_rei_basis) max_pi = std::max(max_pi, e.pi);
  }
  for (SiteExposure& e : r.sites) {
    e.rei = !e.in_rei_basis ? std::numeric_limits<double>::quiet_NaN()
                            : (max_pi > 0 ? e.pi / max_pi : 0.0);
  }
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
  if (!config.material_weights.empty() || !config.site_weights.empty()) r.unit = "weighted " + r.unit;
}

}  // namespace

// Evaluates `items` on config.threads threads, each with its own copy of the undisrupted
// optimum; results by item index, so the thread count changes nothing but the time.
struct TtsRunner {
  static TtsResult Run(const CompiledNetwork& net, const TtsConfig& config,
                       const std::vector<std::vector<SiteId>>& items,
                       const std::vector<std::string>& labels) {
    auto t0 = std::chrono::steady_clock::now();
    TtsModel model = TtsModel::Create(net, config);
    TtsModel::Impl& m = *model.impl_;
    TtsResult r;
    r.t_max_days = config.t_max_days;
    r.baseline_tts_days = m.baseline_tts;
    r.baseline_status = m.baseline_status;
    r.rows = model.rows();
    r.columns = model.columns();
    for (const std::vector<SiteId>& down : items) {
      bool assumed = false;
      m.PrepareTtr(m.TtrOf(down, &assumed));
    }
    unsigned threads = config.threads;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::max<size_t>(1, std::min<size_t>(threads, items.size())));
    std::vector<Solver> solvers(threads - 1);
    for (Solver& s : solvers) {
      s.pristine = m.main.pristine;
      Quiet(s.pristine);
      Quiet(s.work);
    }
    r.sites.resize(items.size());
    const uint64_t total = items.size();
    std::atomic<size_t> next{0};
    std::atomic<uint64_t> done{0};
    auto last_report = std::chrono::steady_clock::now();
    if (config.progress) config.progress(0, total);
    // The calling thread reports progress between its own sites, so config.progress is only
    // ever called on it.
    auto work = [&](Solver& s, bool reports) {
      for (size_t i = next.fetch_add(1); i < items.size(); i = next.fetch_add(1)) {
        r.sites[i] = m.Evaluate(s, items[i], -1.0, labels.empty() ? "" : labels[i]);
        uint64_t now_done = done.fetch_add(1) + 1;
        if (reports && config.progress) {
          auto now = std::chrono::steady_clock::now();
          if (now - last_report >= std::chrono::milliseconds(100)) {
            last_report = now;
            config.progress(now_done, total);
          }
        }
      }
    };
    std::vector<std::thread> pool;
    for (Solver& s : solvers) pool.emplace_back(work, std::ref(s), false);
    work(m.main, true);
    for (std::thread& t : pool) t.join();
    if (config.progress) config.progress(total, total);
    solvers.push_back(std::move(m.main));
    for (const Solver& s : solvers) {
      r.lps_solved += s.lps;
      r.lps_skipped += s.skipped;
      r.lps_skipped_sink += s.skipped_sink;
      r.lps_skipped_no_path += s.skipped_no_path;
      r.clp_solves += s.clp_solves;
      r.iterations += s.iterations;
    }
    r.threads = threads;
    Finish(net, config, r);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
  }
};

TtsResult AnalyzeTts(const CompiledNetwork& net, const TtsConfig& config,
                     const std::vector<SiteId>& sites) {
  std::vector<std::vector<SiteId>> items;
  if (sites.empty()) {
    for (uint32_t s = 0; s < net.num_sites(); ++s) items.push_back({SiteId{s}});
  } else {
    for (SiteId s : sites) items.push_back({s});
  }
  return TtsRunner::Run(net, config, items, {});
}

TtsResult AnalyzeSiteSets(const CompiledNetwork& net, const TtsConfig& config,
                          const std::vector<std::vector<SiteId>>& sets,
                          const std::vector<std::string>& labels) {
  CT_CHECK(labels.size() == sets.size(), "one label per set");
  return TtsRunner::Run(net, config, sets, labels);
}

}  // namespace chaintwin::opt
