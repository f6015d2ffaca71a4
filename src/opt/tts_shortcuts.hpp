// Exact answers for TtsModel without a solve: sites whose removal is known in advance to
// change nothing (no path to end-use demand) or to leave only their own stock (sinks). Each
// argument is in the .cpp, at the function; tests/unit/opt/tts_test.cpp compares both with
// solving (TtsConfig::skip_unused = false). Private to src/opt.
#pragma once

#include <cstdint>
#include <vector>

#include "chaintwin/model/compiled.hpp"
#include "chaintwin/util/ids.hpp"

namespace chaintwin::opt {

class TtsShortcuts {
 public:
  // `lane_upper`: each lane's upper bound in the LP (0 when closed); `slot_stock`: each slot's
  // stock (opening stock + cargo on its way to it); `slot_loss_weight`: the weight of a unit of
  // its demand lost. Requires: `network` outlives this.
  TtsShortcuts(const model::CompiledNetwork& network, const std::vector<double>& lane_upper,
               const std::vector<double>& slot_stock, const std::vector<double>& slot_loss_weight);

  // True when no slot of the sites of `down` may feed end-use demand: taking them down
  // changes neither TTS nor the loss over any time.
  bool FeedsNoDemand(const std::vector<SiteId>& down) const;
  // True when every site of `down` makes nothing and ships nothing (an end user).
  bool IsSink(const std::vector<SiteId>& down) const;
  // Requires IsSink(down). The least loss over [0, t] with `down` down, for t <= the
  // undisrupted network's TTS: what their own stock does not cover, weighted.
  double SinkLost(const std::vector<SiteId>& down, double t) const;
  // Requires IsSink(down). The largest t at which their own stock meets their demand (kInf
  // without demand); TTS with them down is the smaller of this and the baseline TTS.
  double SinkTts(const std::vector<SiteId>& down) const;

 private:
  const model::CompiledNetwork* net_;
  std::vector<double> lane_upper_;
  std::vector<double> slot_stock_;
  std::vector<double> slot_loss_weight_;
  std::vector<uint8_t> feeds_demand_;  // per slot: 1 when it may feed end-use demand
};

}  // namespace chaintwin::opt
