#include "chaintwin/twin/live.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "chaintwin/model/resolved_scenario.hpp"
#include "chaintwin/util/error.hpp"
#include "twin/live_ingest.hpp"

namespace chaintwin::twin {
namespace {
constexpr int64_t kDayMs = 86'400'000;
}

bool ReadWholeFile(const std::string& path, std::string* text, util::Diagnostics& diags) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    util::Diagnostic d;
    d.file = path;
    d.message = "cannot open the file";
    diags.push_back(std::move(d));
    return false;
  }
  std::error_code error;
  const uintmax_t size = std::filesystem::is_regular_file(path, error)
                             ? std::filesystem::file_size(path, error)
                             : 0;
  if (size > 0 && !error) {  // a regular file: one read of its size
    text->resize(static_cast<size_t>(size));
    in.read(text->data(), static_cast<std::streamsize>(size));
    text->resize(static_cast<size_t>(in.gcount()));  // cut while read: what was read
    if (!in) return true;
  }
  // Pipes, and what a file grew by since its size was taken.
  if (in.peek() != std::ifstream::traits_type::eof()) {
    std::ostringstream rest;
    rest << in.rdbuf();
    *text += std::move(rest).str();
  }
  return true;
}

void MakeReplace(store::Batch& batch) {
  batch.replace.clear();
  batch.replace_time_ms = 0;
  AddToReplace(batch.events, batch);
}

void AddToReplace(std::span<const Event> events, store::Batch& batch) {
  for (const Event& e : events) {
    batch.replace_time_ms = std::max(batch.replace_time_ms, e.time_ms);
    bool listed = false;
    for (const auto& s : batch.replace) listed = listed || (s.owner == e.owner && s.kind == e.kind);
    if (!listed) batch.replace.push_back({e.owner, e.kind});
  }
}

std::vector<IngestedFile> Ingest(store::TwinStore& store, const TwinContext& ctx,
                                 const std::vector<IngestFile>& files, const PayloadSender& sender,
                                 const std::function<void(size_t, size_t)>& progress,
                                 const IngestOptions& options) {
  if (options.overlap) return IngestOverlapped(store, ctx, files, sender, progress, options);
  util::Diagnostics diags;
  std::vector<store::Batch> batches;
  std::vector<IngestedFile> out;
  for (size_t i = 0; i < files.size(); ++i) {
    const IngestFile& f = files[i];
    std::string text;
    if (!ReadWholeFile(f.path, &text, diags)) continue;
    FileFormat format;
    try {
      format = FormatOf(f.path);
    } catch (const InputError& e) {
      diags.insert(diags.end(), e.diagnostics().begin(), e.diagnostics().end());
      continue;
    }
    store::Batch batch;
    batch.source = f.path;
    batch.events = ReadEvents(text, f.path, format, ctx, sender, diags, options.parser);
    if (f.mode == IngestMode::kReplace) MakeReplace(batch);
    out.push_back({f.path, batch.events.size(), {}});
    batches.push_back(std::move(batch));
    if (progress) progress(i + 1, files.size());
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  std::vector<store::AppendResult> stored = store.Append(batches);
  for (size_t i = 0; i < out.size(); ++i) out[i].stored = stored[i];
  return out;
}

std::string StartingPoint::Describe() const {
  return fmt::format(
      "Starting state: the stored twin replaces the assumed steady state: stock of {} slot{} as "
      "reported ({} keep the network's assumed inventory: no report), {} cargo in transit at "
      "their reported ETAs instead of the steady-state pipeline, {} open order{}.",
      slots_reported, slots_reported == 1 ? "" : "s", slots_assumed, cargo_in_transit,
      open_orders, open_orders == 1 ? "" : "s");
}

StartingPoint StartFrom(const TwinContext& ctx, const State& st) {
  const model::CompiledNetwork& net = ctx.compiled();
  StartingPoint sp;
  sp.start_date = LocalDay(st.as_of_ms, 0);
  sp.initial.replace_pipeline = true;
  sp.initial.stock = net.slot_initial_stock;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    if (st.slots[slot].records > 0) {
      sp.initial.stock[slot] = st.slots[slot].stock;
      ++sp.slots_reported;
    } else {
      ++sp.slots_assumed;
    }
  }
  for (const Shipment& s : st.shipments) {
    if (!s.lane.valid()) continue;
    if (s.departed) {
      int32_t day = LocalDay(s.arrival_ms, ctx.UtcOffsetOf(s.destination)) - sp.start_date;
      sp.initial.in_transit.push_back({s.lane, std::max(day, 0), s.quantity});
      ++sp.cargo_in_transit;
    } else {
      sp.initial.open_orders.push_back({s.lane, s.quantity});
      ++sp.open_orders;
    }
  }
  return sp;
}

std::vector<ProjectedShortage> ProjectShortages(const TwinContext& ctx, const State& st,
                                                int32_t horizon_days) {
  const model::CompiledNetwork& net = ctx.compiled();
  StartingPoint sp = StartFrom(ctx, st);
  model::Scenario scenario;
  scenario.id = "nominal_from_state";
  scenario.name = "Nominal run from the stored state";
  scenario.start = sp.start_date;
  scenario.horizon_days = horizon_days;
  model::ResolvedScenario resolved = model::Resolve(net, scenario);
  model::EventSchedule schedule = model::NominalSchedule(resolved);
  sim::RunOptions options;
  options.initial = &sp.initial;
  sim::Engine engine = sim::Engine::Create(net);
  sim::Results results = engine.Run(resolved, schedule, options);
  std::vector<ProjectedShortage> out;
  for (const sim::Shortage& s : results.shortages) {
    ProjectedShortage p;
    p.site = net.site_key[s.site.value];
    p.material = net.material_key[s.material.value];
    p.first_date = sp.start_date + s.first_day;
    p.days_from_now = s.first_day;
    p.production = s.kind == sim::ShortageKind::kProduction;
    SlotId slot = net.FindSlot(s.site, s.material);
    double stock = slot.valid() ? sp.initial.stock[slot.value] : 0.0;
    double use = slot.valid() ? net.slot_expected_use[slot.value] : 0.0;
    double coming = 0.0;
    for (const auto& c : sp.initial.in_transit) {
      if (slot.valid() && net.lane_to[c.lane.value] == slot) coming += c.quantity;
    }
    bool reported = slot.valid() && st.slots[slot.value].records > 0;
    p.cause = fmt::format(
        "{} stock {:.6g} {} ({}) covers {} at the expected use of {:.6g} {}/d; {:.6g} {} in "
        "transit; {}",
        reported ? "reported" : "assumed", stock, net.material_unit[s.material.value],
        reported ? "from the store" : "network inventory, no report",
        use > 0 ? fmt::format("{:.1f} days", stock / use) : "indefinitely", use,
        net.material_unit[s.material.value], coming, net.material_unit[s.material.value],
        p.production ? fmt::format("production of {} stops for want of it",
                                   net.material_key[s.lost_material.value])
                     : "end-use demand goes unserved");
    out.push_back(std::move(p));
  }
  return out;
}

int64_t ExpectedIntervalMs(const store::Feed& feed) {
  int64_t base = 0;
  switch (feed.kind) {
    case EventKind::kItemStock:
    case EventKind::kDemand:
    case EventKind::kProduction:
      base = kDayMs;
      break;
    case EventKind::kDelivery:
    case EventKind::kQuality:
      base = 7 * kDayMs;
      break;
    case EventKind::kCapacityNotice:
      base = 30 * kDayMs;
      break;
    case EventKind::kFailure:
      return 0;
  }
  if (feed.count >= 3) base = std::max(base, (feed.last_time_ms - feed.first_time_ms) / (feed.count - 1));
  return base;
}

std::vector<SilentFeed> SilentFeeds(const std::vector<store::Feed>& feeds, int64_t now_ms) {
  std::vector<SilentFeed> out;
  for (const store::Feed& f : feeds) {
    int64_t interval = ExpectedIntervalMs(f);
    if (interval <= 0) continue;
    int64_t silent = now_ms - f.last_time_ms;
    if (silent * 2 > interval * 3) out.push_back({f, interval, silent});
  }
  std::stable_sort(out.begin(), out.end(), [](const SilentFeed& a, const SilentFeed& b) {
    return a.silent_for_ms > b.silent_for_ms;
  });
  return out;
}

}  // namespace chaintwin::twin
