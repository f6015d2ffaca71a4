// Properties of the engine over 200 seeded generated networks (15-150 sites, 60-120 days), each
// run under every allocation protocol (DESIGN.md §4 invariants, STYLE.md §6):
//   - mass balance per day and slot: opening + received + produced - consumed - shipped = closing
//     within 1e-9 of the largest term;
//   - per lane: opening pipeline + shipped = received + closing pipeline (RunOptions::lane_audit);
//   - nothing ships on a blocked lane (the engine's audit, and independently: a supplier whose
//     every lane is blocked by an event that day ships nothing);
//   - production never exceeds capacity (nameplate, or a capacity change's new level), and
//     consumption never exceeds what the slot had (opening + received + produced);
//   - no negative stock;
//   - with production lead times (one network in two: a third of its processes take 1 to 6
//     days), the balance holds with a work-in-process term: per slot and day, started =
//     closing wip - opening wip + produced (finished) is at least 0 and at most capacity, wip
//     is never negative, so opening + opening wip + received + started - consumed - shipped =
//     closing + closing wip;
//   - the same seed gives byte-identical timeline CSV and identical results.
// A failure names the seed, protocol and the first broken figure (day, site, material).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/model/compiled.hpp"
#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/report/timeline_csv.hpp"
#include "chaintwin/sim/engine.hpp"
#include "chaintwin/util/rng.hpp"
#include "model/capacity_rule.hpp"

namespace chaintwin {
namespace {

using model::CompiledNetwork;
using model::EventKind;
using model::Protocol;

constexpr int kSeeds = 200;
constexpr double kRel = 1e-9;

struct Case {
  uint64_t seed = 0;
  int64_t sites = 0;
  int32_t days = 0;
};

Case CaseOf(uint64_t seed) {
  util::Rng rng(util::StreamSeed(seed, 0, "sim_properties"));
  Case c;
  c.seed = seed;
  c.sites = 15 + static_cast<int64_t>(rng.Next() % 136);
  c.days = 60 + static_cast<int32_t>(rng.Next() % 61);
  return c;
}

io::GeneratedCase Generate(const Case& c) {
  io::GenerateOptions o;
  o.sites = c.sites;
  o.seed = c.seed;
  o.horizon_days = c.days;
  io::GeneratedCase g = io::Generate(o);
  if (c.seed % 2 == 1) {
    util::Rng rng(util::StreamSeed(c.seed, 0, "lead_time"));
    for (model::Site& site : g.network.sites) {
      for (model::Process& p : site.processes) {
        if (rng.Next() % 3 == 0) p.lead_days = 1 + static_cast<int32_t>(rng.Next() % 6);
      }
    }
  }
  return g;
}

std::string SlotName(const CompiledNetwork& net, uint32_t slot) {
  return fmt::format("{}/{}", net.site_key[net.slot_site[slot].value],
                     net.material_key[net.slot_material[slot].value]);
}

// Checks every day's figures; keeps the first failure (and counts them all).
class CheckingSink : public sim::TimelineSink {
 public:
  CheckingSink(const CompiledNetwork& net, const model::ResolvedScenario& sc,
               const model::EventSchedule& schedule, sim::TimelineSink* also)
      : net_(net), also_(also) {
    // Upper bound of each slot's production: nameplate, or a capacity change's new level.
    std::vector<double> process_bound(net.process_capacity);
    for (size_t e = 0; e < sc.events.size(); ++e) {
      const model::ResolvedEvent& ev = sc.events[e];
      if (ev.kind != EventKind::kCapacityChange) continue;
      for (ProcessId p : ev.processes) {
        double target = ev.capacity_per_day ? *ev.capacity_per_day
                                            : model::ScaleCapacity(net.process_capacity[p.value],
                                                                   schedule[e].severity);
        process_bound[p.value] = std::max(process_bound[p.value], target);
      }
    }
    capacity_.assign(net.num_slots(), 0.0);
    for (uint32_t p = 0; p < net.num_processes(); ++p) {
      capacity_[net.process_output[p].value] += process_bound[p];
    }
    // Lanes blocked by events (bans, closures without detour), as day windows.
    for (size_t e = 0; e < sc.events.size(); ++e) {
      const model::ResolvedEvent& ev = sc.events[e];
      bool blocks = ev.kind == EventKind::kExportBan ||
                    (ev.kind == EventKind::kLaneClosure && !ev.detour_days);
      if (!blocks) continue;
      std::vector<uint32_t> lanes;
      for (LaneId l : ev.lanes) lanes.push_back(l.value);
      for (ChokepointId c : ev.chokepoints) {
        for (uint32_t l = 0; l < net.num_lanes(); ++l) {
          for (uint32_t x = net.lane_crossing_begin[l]; x < net.lane_crossing_begin[l + 1]; ++x) {
            if (net.crossing_chokepoint[x] == c) lanes.push_back(l);
          }
        }
      }
      windows_.push_back({schedule[e].start_day, schedule[e].end_day, std::move(lanes)});
    }
    blocked_.assign(net.num_lanes(), 0);
    wip_.assign(net.num_slots(), 0.0);
    for (uint32_t p = 0; p < net.num_processes(); ++p) {
      wip_[net.process_output[p].value] += net.process_expected_output[p] * net.process_lead_days[p];
    }
  }

  void Day(const CompiledNetwork& net, const sim::DayFigures& f) override {
    std::fill(blocked_.begin(), blocked_.end(), 0);
    for (const Window& w : windows_) {
      if (f.day < w.start || f.day >= w.end) continue;
      for (uint32_t l : w.lanes) blocked_[l] = 1;
    }
    for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
      double open = f.opening[slot], in = f.received[slot], made = f.produced[slot];
      double used = f.consumed[slot], out = f.shipped[slot], close = f.closing[slot];
      double largest = std::max({std::fabs(open), std::fabs(in), std::fabs(made), std::fabs(used),
                                 std::fabs(out), std::fabs(close)});
      double balance = open + in + made - used - out - close;
      // Every check is written so that NaN fails it (a comparison with NaN is false).
      for (double v : {open, in, made, used, out, close, f.unmet[slot]}) {
        if (!std::isfinite(v)) Fail(f.day, slot, fmt::format("a figure is not finite: {}", v));
      }
      if (!(std::fabs(balance) <= kRel * largest)) {
        Fail(f.day, slot, fmt::format("mass balance off by {} (opening {} + received {} + "
                                      "produced {} - consumed {} - shipped {} != closing {})",
                                      balance, open, in, made, used, out, close));
      }
      if (!(close >= 0.0 && open >= 0.0)) {
        Fail(f.day, slot, fmt::format("negative stock: opening {}, closing {}", open, close));
      }
      if (!(made <= capacity_[slot] * (1.0 + kRel))) {
        Fail(f.day, slot, fmt::format("produced {} beyond capacity {}", made, capacity_[slot]));
      }
      if (!(used <= (open + in + made) * (1.0 + kRel) + 1e-12)) {
        Fail(f.day, slot, fmt::format("consumed {} beyond what it had: opening {} + received {} "
                                      "+ produced {}",
                                      used, open, in, made));
      }
      if (!(made >= 0.0 && used >= 0.0 && out >= 0.0 && in >= 0.0 && f.unmet[slot] >= 0.0)) {
        Fail(f.day, slot, "a negative flow");
      }
      if (f.wip != nullptr) {
        double wip = f.wip[slot], started = wip - wip_[slot] + made;
        if (!(std::isfinite(wip) && wip >= -kRel * (largest + std::fabs(wip_[slot])))) {
          Fail(f.day, slot, fmt::format("work in process {} is negative or not finite", wip));
        }
        double scale = std::max({std::fabs(wip), std::fabs(wip_[slot]), std::fabs(made)});
        if (!(started >= -kRel * scale && started <= capacity_[slot] * (1.0 + kRel) + kRel * scale)) {
          Fail(f.day, slot, fmt::format("started {} (wip {} -> {}, finished {}) outside [0, "
                                        "capacity {}]",
                                        started, wip_[slot], wip, made, capacity_[slot]));
        }
        wip_[slot] = wip;
        ++wip_checks_;
      }
      if (out > 0.0) {
        uint32_t b = net.out_begin[slot], e = net.out_begin[slot + 1];
        bool all_blocked = e > b;
        for (uint32_t i = b; i < e; ++i) all_blocked = all_blocked && blocked_[net.out_lanes[i].value];
        if (all_blocked) Fail(f.day, slot, fmt::format("shipped {} with every lane blocked", out));
      }
    }
    if (also_ != nullptr) also_->Day(net, f);
  }

  int failures() const { return failures_; }
  int64_t wip_checks() const { return wip_checks_; }
  const std::string& first() const { return first_; }

 private:
  struct Window {
    int32_t start;
    int32_t end;
    std::vector<uint32_t> lanes;
  };
  void Fail(int32_t day, uint32_t slot, const std::string& what) {
    if (failures_++ == 0) first_ = fmt::format("day {}, {}: {}", day, SlotName(net_, slot), what);
  }

  const CompiledNetwork& net_;
  sim::TimelineSink* also_;
  std::vector<double> capacity_;
  std::vector<Window> windows_;
  std::vector<uint8_t> blocked_;
  std::vector<double> wip_;  // yesterday's closing work in process (opening: the baseline)
  int64_t wip_checks_ = 0;
  int failures_ = 0;
  std::string first_;
};

// Every figure of a result, with all digits: equal text means equal results.
std::string Fingerprint(const sim::Results& r) {
  fmt::memory_buffer b;
  auto out = std::back_inserter(b);
  fmt::format_to(out, "{} {} {} {}\n", r.scenario_id, r.start_date, r.days, r.last_event_end_day);
  for (const sim::Shortage& s : r.shortages) {
    fmt::format_to(out, "S {} {} {} {} {} {} {} {} {} {}\n", s.site.value, s.material.value,
                   static_cast<int>(s.kind), s.first_day, s.last_day, s.depth,
                   s.lost_material.value, s.lost_quantity, s.lost_gwh, s.open_at_end);
  }
  for (const sim::SiteOutcome& o : r.sites) {
    fmt::format_to(out, "O {} {} {} {} {} {}\n", o.first_shortage_day, o.last_shortage_day,
                   o.days_to_recover, o.unserved_demand_gwh, o.lost_production_gwh, o.demand_gwh);
  }
  for (const sim::AllocationRecord& a : r.allocations) {
    fmt::format_to(out, "A {} {} {} {} {} {} {}\n", a.day, a.supplier.value, a.material.value,
                   a.buyer.value, a.lane.value, a.requested, a.allocated);
  }
  const sim::Totals& t = r.totals;
  fmt::format_to(out, "T {} {} {} {} {} {} {}\n", r.allocation_decisions, t.demand_gwh,
                 t.served_gwh, t.unserved_gwh, t.lost_production_gwh, t.shortages, t.site_days);
  return fmt::to_string(b);
}

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One run under `protocol` with every check; `csv` (optional) receives the timeline.
sim::Results RunChecked(const Case& c, Protocol protocol, const std::string& csv_path,
                        int& failures) {
  io::GeneratedCase g = Generate(c);
  CompiledNetwork net = model::Compile(g.network);
  model::ResolvedScenario resolved = model::Resolve(net, g.scenario);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  sim::Engine engine = sim::Engine::Create(net);
  sim::RunOptions::LaneAudit audit;
  sim::RunOptions options;
  options.protocol = protocol;
  options.lane_audit = &audit;
  std::unique_ptr<report::TimelineCsvWriter> writer;
  if (!csv_path.empty()) writer = std::make_unique<report::TimelineCsvWriter>(csv_path);
  CheckingSink sink(net, resolved, schedule, writer.get());
  sim::Results results = engine.Run(resolved, schedule, options, &sink);
  if (writer) writer->Close();

  bool has_lead = false;
  for (int32_t lead : net.process_lead_days) has_lead = has_lead || lead > 0;
  EXPECT_EQ(sink.wip_checks() > 0, has_lead) << "work in process checked iff a lead time exists";
  if (sink.failures() > 0) {
    ++failures;
    ADD_FAILURE() << sink.failures() << " broken figures; first: " << sink.first();
  }
  EXPECT_EQ(results.days, c.days);
  for (double v : {results.totals.demand_gwh, results.totals.served_gwh, results.totals.unserved_gwh,
                   results.totals.lost_production_gwh}) {
    EXPECT_TRUE(std::isfinite(v) && v >= 0.0) << v;
  }
  EXPECT_EQ(results.totals.site_days, static_cast<int64_t>(c.days) * c.sites);
  for (uint32_t l = 0; l < net.num_lanes(); ++l) {
    double lhs = audit.opening_transit[l] + audit.shipped[l];
    double rhs = audit.received[l] + audit.closing_transit[l];
    double largest = std::max({audit.opening_transit[l], audit.shipped[l], audit.received[l],
                               audit.closing_transit[l]});
    if (!(std::fabs(lhs - rhs) <= kRel * largest) || !(audit.closing_transit[l] >= -kRel * largest)) {
      ++failures;
      ADD_FAILURE() << "lane " << net.lane_key[l] << ": opening pipeline "
                    << audit.opening_transit[l] << " + shipped " << audit.shipped[l]
                    << " != received " << audit.received[l] << " + closing pipeline "
                    << audit.closing_transit[l];
      break;
    }
    // Nothing counted twice: every order placed on the lane was shipped, cancelled (a block, a
    // closed or late supplier, re-planning) or is still owed at the end.
    double owed_side = audit.shipped[l] + audit.cancelled[l] + audit.closing_owed[l];
    double scale = std::max({audit.ordered[l], audit.shipped[l], audit.cancelled[l], 1e-300});
    if (!(std::fabs(audit.ordered[l] - owed_side) <= kRel * scale) ||
        !(audit.closing_owed[l] >= -kRel * scale) || !(audit.cancelled[l] >= -kRel * scale)) {
      ++failures;
      ADD_FAILURE() << "lane " << net.lane_key[l] << ": ordered " << audit.ordered[l]
                    << " != shipped " << audit.shipped[l] << " + cancelled " << audit.cancelled[l]
                    << " + owed at the end " << audit.closing_owed[l];
      break;
    }
    if (audit.shipped_while_blocked[l] != 0.0) {
      ++failures;
      ADD_FAILURE() << "lane " << net.lane_key[l] << " shipped " << audit.shipped_while_blocked[l]
                    << " while blocked";
      break;
    }
  }
  return results;
}

class SimProperties : public testing::TestWithParam<Protocol> {};

TEST_P(SimProperties, HoldOnTwoHundredGeneratedNetworks) {
  const Protocol protocol = GetParam();
  int failed_seeds = 0, with_shortages = 0, with_allocations = 0;
  for (uint64_t seed = 1; seed <= kSeeds; ++seed) {
    Case c = CaseOf(seed);
    SCOPED_TRACE(testing::Message() << "seed " << seed << " (" << c.sites << " sites, " << c.days
                                    << " days), protocol " << model::ProtocolName(protocol));
    int failures = 0;
    sim::Results r = RunChecked(c, protocol, "", failures);
    with_shortages += !r.shortages.empty();
    with_allocations += r.allocation_decisions > 0;
    failed_seeds += failures > 0;
    if (failed_seeds >= 5) {
      ADD_FAILURE() << "stopping after 5 failing seeds";
      return;
    }
  }
  // The properties are not vacuous: most runs run short and make the protocol decide.
  EXPECT_GT(with_shortages, kSeeds / 2);
  EXPECT_GT(with_allocations, kSeeds / 2);
}

INSTANTIATE_TEST_SUITE_P(EveryProtocol, SimProperties,
                         testing::Values(Protocol::kProRata, Protocol::kPriority,
                                         Protocol::kContractFirst, Protocol::kAllianceFirst),
                         [](const testing::TestParamInfo<Protocol>& info) {
                           return std::string(model::ProtocolName(info.param));
                         });

// Same seed, generated and run twice from scratch: identical results for every seed, and a
// byte-identical timeline CSV for one seed in four (writing it dominates the cost). Each seed
// runs under one protocol, so all four are covered.
TEST(SimProperties, SameSeedGivesByteIdenticalTimelineAndResults) {
  const Protocol protocols[] = {Protocol::kProRata, Protocol::kPriority, Protocol::kContractFirst,
                                Protocol::kAllianceFirst};
  // One folder per process: test runs of other worktrees on this machine share TempDir().
  std::filesystem::path dir = std::filesystem::path(testing::TempDir()) /
                              ("ct_sim_properties_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string a = (dir / "a.csv").string(), b = (dir / "b.csv").string();
  int differing = 0;
  for (uint64_t seed = 1; seed <= kSeeds && differing < 5; ++seed) {
    Case c = CaseOf(seed);
    const bool with_csv = seed % 4 == 0;
    Protocol protocol = protocols[(seed + seed / 4) % 4];
    SCOPED_TRACE(testing::Message() << "seed " << seed << " (" << c.sites << " sites, " << c.days
                                    << " days), protocol " << model::ProtocolName(protocol));
    int failures = 0;
    std::string first = Fingerprint(RunChecked(c, protocol, with_csv ? a : "", failures));
    std::string second = Fingerprint(RunChecked(c, protocol, with_csv ? b : "", failures));
    std::string csv_a = with_csv ? ReadAll(a) : "", csv_b = with_csv ? ReadAll(b) : "";
    if (with_csv) {
      EXPECT_GT(csv_a.size(), 0u);
    }
    if (first != second || csv_a != csv_b) {
      ++differing;
      ADD_FAILURE() << (first != second ? "results differ" : "timeline CSV differs");
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace chaintwin
