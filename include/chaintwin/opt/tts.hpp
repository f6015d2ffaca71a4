// Time to survive (TTS) and performance impact (PI) per site, after Simchi-Levi et al. (the
// risk exposure index used at Ford; docs/OPTIMIZATION.md §2, reference/resilience-lp.md §4).
//
// Both are single-bucket LPs over [0, t] with continuous variables: production per process,
// flow per lane, lost end-use demand per demand slot, and t. Lead times are ignored (the
// paper's assumption): what is in stock or on the water anywhere counts from day 0.
//   TTS_j = max t such that all end-use demand over [0, t] is met with site j down, t <= T_max.
//   PI_j  = least weighted end-use output lost over [0, TTR_j] with j down, minus what the
//           network loses over the same time with nothing down (0 when it meets all demand).
//           The paper's PI is the loss itself (SiteExposure::lost); both are reported.
//   REI_j = PI_j / the largest PI of the supply sites analysed (sites that ship on a lane).
// "Site j down": its processes make nothing and it receives nothing; what it holds (stock and
// cargo already on its way to it) can still be used and shipped.
//
// One LP per network, built and solved undisrupted once (at the baseline TTS, on a ladder of
// smaller t and at each TTR); per site only column bounds change (j's processes and inbound
// lanes, and t) and CLP's primal simplex restarts from the undisrupted optimal basis nearest
// the t solved. TTS_j is the root of "least loss over [0, t]" found by Newton steps on t. Sites
// the undisrupted optimum does not use, sites with no path to end-use demand and end users
// (closed form) are answered exactly without a solve (docs/OPTIMIZATION.md §2).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/opt/status.hpp"
#include "chaintwin/util/ids.hpp"

namespace chaintwin::opt {

struct TtsConfig {
  double t_max_days = 365.0;  // TTS is capped here: TTS == T_max reads "survives the horizon"
  // Time to recover of a site without `ttr` in the data, by the stage of its most downstream
  // output (assumptions, docs/OPTIMIZATION.md): mining 90 d, refining 60 d, component 45 d,
  // cell 30 d, pack 30 d, end use 30 d, end of life 60 d; a site that makes nothing 30 d.
  double default_ttr_mining = 90.0;
  double default_ttr_refining = 60.0;
  double default_ttr_component = 45.0;
  double default_ttr_cell = 30.0;
  double default_ttr_pack = 30.0;
  double default_ttr_end_use = 30.0;
  double default_ttr_end_of_life = 60.0;
  double default_ttr_no_process = 30.0;
  bool use_alternates = true;       // alternate lanes usable (qualification is not modelled)
  // Share of nameplate capacity a site keeps while it is "down", in [0, 1). 0 (the default):
  // its processes make nothing and it receives nothing. > 0: a partial outage, as a
  // site_outage of that severity: its processes run at this share of their capacity (an
  // unlimited process stays unlimited) and it still receives.
  double capacity_factor = 0.0;
  // Loss weight per unit of end-use demand lost (margin or revenue per unit, as `plan
  // --weight`): material key -> weight and site key -> weight, both default 1; a lost unit
  // weighs material weight x site weight x GWh per unit (1 without an energy equivalent).
  // Keys that name no material or site are ignored (the CLI refuses them).
  std::map<std::string, double> material_weights;
  std::map<std::string, double> site_weights;
  std::vector<LaneId> blocked_lanes;  // carry nothing throughout (e.g. a scenario's bans)
  // kReuse: one model per LP kind, bounds changed per site, warm-started (the normal way).
  // kRebuild: a new model per site, solved from scratch (for the benchmark's comparison only).
  enum class Mode { kReuse, kRebuild };
  Mode mode = Mode::kReuse;
  // kReuse only: answer without a solve, exactly, a site that the undisrupted optimum does not
  // use (it makes nothing and receives nothing there), one with no path to end-use demand, and
  // an end user (no process, ships nothing: closed form). false solves every site (for tests).
  bool skip_unused = true;
  // Sites solved at once by AnalyzeTts / AnalyzeSiteSets, one CLP model per thread; 0: the
  // hardware's concurrency. Results are the same for any number.
  unsigned threads = 0;
  // AnalyzeTts / AnalyzeSiteSets: called on the calling thread with (sites or sets done, in
  // all): once with 0 when the undisrupted network is solved, then at most about ten times a
  // second between sites, and once at the end. May be empty.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

// One site (or set of sites) taken down.
struct SiteExposure {
  std::vector<SiteId> sites;  // one for a site; several for a group or country
  std::string label;          // the site key, or the group's name
  LpStatus status = LpStatus::kOptimal;  // worst of the LPs solved for it
  double tts_days = 0.0;
  bool survives_horizon = false;  // tts_days == T_max: no exposure within the horizon
  double ttr_days = 0.0;
  bool ttr_assumed = false;   // from the per-stage defaults, not the data
  // Least end-use output lost over [0, TTR] with the site down (GWh, or units, see unit): the
  // paper's PI, absolute. Over the whole TTR, also when TTR > T_max.
  double lost = 0.0;
  double pi = 0.0;            // lost minus the undisrupted network's loss over TTR (>= 0)
  // pi / the largest pi of the REI basis: the supply sites analysed (a set: one of its sites
  // ships on a lane), or every site analysed when none supplies. NaN outside the basis (an
  // end user's PI is not ranked against its suppliers').
  double rei = 0.0;
  bool in_rei_basis = false;
  // pi > 0: TTS < TTR and more output is lost before the site recovers than the undisrupted
  // network loses anyway.
  bool exposed = false;
};

struct TtsResult {
  // The undisrupted network: how long it meets all demand (T_max when it always does).
  double baseline_tts_days = 0.0;
  LpStatus baseline_status = LpStatus::kOptimal;
  double t_max_days = 0.0;
  std::vector<SiteExposure> sites;  // by SiteId (or in the order the sets were given)
  std::vector<uint32_t> ranking;    // indices into `sites`: PI desc, then TTS asc, then key
  // Unit of `lost` and `pi`: "GWh" when every end-use material has an energy equivalent,
  // else "GWh or units" (materials without one count in their canonical units); "weighted"
  // in front when loss weights were given.
  std::string unit = "GWh";
  uint32_t rei_basis = 0;  // entries of `sites` in the REI basis
  // LPs answered: the baseline, one TTS LP per site whose removal changes the model, one PI LP
  // per exposed site and one per TTR beyond the baseline's TTS; including those answered
  // without a solve (lps_skipped). clp_solves counts the simplex runs behind them (a TTS LP
  // may take several Newton steps) and iterations their simplex iterations.
  int64_t lps_solved = 0;
  int64_t lps_skipped = 0;
  int64_t lps_skipped_sink = 0;     // of lps_skipped: sinks (end users), in closed form
  int64_t lps_skipped_no_path = 0;  // of lps_skipped: sites with no path to end-use demand
  int64_t clp_solves = 0;
  int64_t iterations = 0;
  unsigned threads = 1;
  double seconds = 0.0;
  int rows = 0;     // size of one LP
  int columns = 0;
};

// The stage of `site`: that of its most downstream output; a site that makes nothing is
// end_use when it has end-use demand, else (a trader, a port) at the stage of the most
// downstream material it holds or receives.
model::Stage SiteStage(const model::CompiledNetwork& network, SiteId site);
// True when `site` ships on at least one lane (a supplier: in the REI basis).
bool IsSupplySite(const model::CompiledNetwork& network, SiteId site);

// Time to recover of `site`: its `ttr` from the data, else the per-stage default.
double TtrDays(const model::CompiledNetwork& network, SiteId site, const TtsConfig& config,
               bool* assumed = nullptr);

// The reusable model: build once, evaluate many sites or sets. Not thread-safe: one per
// thread (AnalyzeTts runs several threads itself).
class TtsModel {
 public:
  // Builds both LP templates and solves the undisrupted network (kReuse: also on a ladder of
  // smaller t, about 56 LPs warm-started). Requires: `network` outlives the model. Raises
  // glibc's malloc trim threshold to 64 MiB for the process (CLP allocates per solve).
  static TtsModel Create(const model::CompiledNetwork& network, const TtsConfig& config);
  TtsModel(TtsModel&&) noexcept;
  TtsModel& operator=(TtsModel&&) noexcept;
  ~TtsModel();

  // TTS, TTR, lost and PI with every site of `down` down for `ttr_days` (< 0: the largest TTR
  // of the sites). rei is left 0 (it needs every site). Solves up to three LPs.
  SiteExposure Evaluate(const std::vector<SiteId>& down, double ttr_days = -1.0,
                        std::string label = "");

  double baseline_tts_days() const;
  LpStatus baseline_status() const;
  int64_t lps_solved() const;
  int64_t lps_skipped() const;
  int64_t clp_solves() const;
  int64_t iterations() const;
  int rows() const;
  int columns() const;

  struct Impl;

 private:
  friend struct TtsRunner;
  explicit TtsModel(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Every site of `network`, one at a time (`sites` empty), or only those listed; REI and the
// ranking filled. Runs config.threads threads; the result does not depend on their number.
TtsResult AnalyzeTts(const model::CompiledNetwork& network, const TtsConfig& config,
                     const std::vector<SiteId>& sites = {});

// Sets of sites taken down together (a country, a group): one SiteExposure per set, with its
// label; REI relative to the sets given.
TtsResult AnalyzeSiteSets(const model::CompiledNetwork& network, const TtsConfig& config,
                          const std::vector<std::vector<SiteId>>& sets,
                          const std::vector<std::string>& labels);

}  // namespace chaintwin::opt
