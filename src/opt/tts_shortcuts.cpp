// TtsShortcuts: the arguments that let TtsModel answer some sites exactly without a solve.
// The LP (tts.cpp): per slot s, inflow + production - outflow - use + l[s] - demand[s] t >=
// -stock[s]; l exists only on demand slots; a site down has its production and its inbound
// lanes at 0.
#include "opt/tts_shortcuts.hpp"

#include <algorithm>

#include "opt/lp.hpp"

namespace chaintwin::opt {

using model::CompiledNetwork;

// Slots that feed end-use demand, D: demand slots, the supplier slot of an open lane into D, the
// inputs of a process that makes a slot in D. A site none of whose slots is in D cannot change
// anything when it goes down: take any solution of the undisrupted LP and set to 0 every lane
// into a slot outside D and every process making a slot outside D. A slot outside D has no
// demand, and every lane out of it and every process using it also lead outside D (else it
// would be in D), so its row keeps inflow + production >= 0 >= -stock; a slot in D only ships
// and supplies less, and keeps its inflows and production. Loss is unchanged, and the site's
// columns (production into, lanes into its slots outside D) are now 0: so for every t the
// least loss with it down equals the undisrupted one, TTS_j = baseline TTS and PI_j = 0.
TtsShortcuts::TtsShortcuts(const CompiledNetwork& network, const std::vector<double>& lane_upper,
                           const std::vector<double>& slot_stock,
                           const std::vector<double>& slot_loss_weight)
    : net_(&network),
      lane_upper_(lane_upper),
      slot_stock_(slot_stock),
      slot_loss_weight_(slot_loss_weight) {
  const CompiledNetwork& n = network;
  // Processes by output slot (CSR), to walk from a slot to the inputs of what makes it.
  const uint32_t slots = n.num_slots();
  std::vector<uint32_t> made_begin(slots + 1, 0), made_by(n.num_processes());
  for (uint32_t p = 0; p < n.num_processes(); ++p) ++made_begin[n.process_output[p].value + 1];
  for (uint32_t s = 0; s < slots; ++s) made_begin[s + 1] += made_begin[s];
  std::vector<uint32_t> fill(made_begin.begin(), made_begin.end() - 1);
  for (uint32_t p = 0; p < n.num_processes(); ++p) made_by[fill[n.process_output[p].value]++] = p;
  feeds_demand_.assign(slots, 0);
  std::vector<uint32_t> queue;
  auto mark = [&](uint32_t s) {
    if (!feeds_demand_[s]) {
      feeds_demand_[s] = 1;
      queue.push_back(s);
    }
  };
  for (uint32_t s = 0; s < slots; ++s) {
    if (n.slot_demand_per_day[s] > 0 || slot_stock_[s] < 0) mark(s);
  }
  while (!queue.empty()) {
    uint32_t s = queue.back();
    queue.pop_back();
    for (uint32_t i = n.in_begin[s]; i < n.in_begin[s + 1]; ++i) {
      uint32_t l = n.in_lanes[i].value;
      if (lane_upper_[l] > 0) mark(n.lane_from[l].value);
    }
    for (uint32_t k = made_begin[s]; k < made_begin[s + 1]; ++k) {
      uint32_t p = made_by[k];
      for (uint32_t i = n.process_input_begin[p]; i < n.process_input_begin[p + 1]; ++i) {
        mark(n.input_slot[i].value);
      }
    }
  }
}

bool TtsShortcuts::FeedsNoDemand(const std::vector<SiteId>& down) const {
  const CompiledNetwork& n = *net_;
  for (SiteId site : down) {
    for (uint32_t s = n.site_slot_begin[site.value]; s < n.site_slot_begin[site.value + 1]; ++s) {
      if (feeds_demand_[s]) return false;
    }
  }
  return true;
}

// A sink (an end user: no process, no open lane out of any of its slots) going down only stops
// receiving. For t <= baseline TTS the undisrupted network loses nothing over [0, t]
// (feasibility is monotone in t); that solution with the sink's inbound flows set to 0 still
// meets every other row, as a supplier's row only gains when it ships less. The sink's own rows
// are left alone with its stock: stock[s] + l[s] >= demand[s] x t. So, exactly, for t <=
// baseline TTS, lost(t) = sum over its slots of weight x max(0, demand x t - stock), and TTS =
// min(baseline TTS, stock / demand over its demand slots): lost(t) = 0 up to there and > 0 after.
// Several sinks down together do not interact (no lane between them is open).
bool TtsShortcuts::IsSink(const std::vector<SiteId>& down) const {
  const CompiledNetwork& n = *net_;
  for (SiteId site : down) {
    if (n.site_process_begin[site.value] != n.site_process_begin[site.value + 1]) return false;
    for (uint32_t s = n.site_slot_begin[site.value]; s < n.site_slot_begin[site.value + 1]; ++s) {
      for (uint32_t i = n.out_begin[s]; i < n.out_begin[s + 1]; ++i) {
        if (lane_upper_[n.out_lanes[i].value] > 0) return false;
      }
    }
  }
  return true;
}

double TtsShortcuts::SinkLost(const std::vector<SiteId>& down, double t) const {
  const CompiledNetwork& n = *net_;
  double lost = 0.0;
  for (SiteId site : down) {
    for (uint32_t s = n.site_slot_begin[site.value]; s < n.site_slot_begin[site.value + 1]; ++s) {
      double demand = n.slot_demand_per_day[s];
      if (demand <= 0) continue;
      lost += slot_loss_weight_[s] * std::max(0.0, demand * t - slot_stock_[s]);
    }
  }
  return lost;
}

double TtsShortcuts::SinkTts(const std::vector<SiteId>& down) const {
  const CompiledNetwork& n = *net_;
  double tts = kInf;
  for (SiteId site : down) {
    for (uint32_t s = n.site_slot_begin[site.value]; s < n.site_slot_begin[site.value + 1]; ++s) {
      double demand = n.slot_demand_per_day[s];
      if (demand > 0) tts = std::min(tts, std::max(0.0, slot_stock_[s]) / demand);
    }
  }
  return tts;
}

}  // namespace chaintwin::opt
