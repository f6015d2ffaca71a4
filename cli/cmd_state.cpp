// `chaintwin state` (stock, cargo in transit with ETA, open demand per site and material as
// of an instant) and `chaintwin days-of-supply` (CX-0145, per site and material).
#include <iostream>
#include <variant>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "chaintwin/report/twin.hpp"
#include "chaintwin/twin/days_of_supply.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "twin_support.hpp"

namespace chaintwin::cli {
namespace {

struct StateFlags {
  TwinFlags twin;
  Format format = Format::kTable;
  std::string table;  // --format csv: slots (default), open_demand or in_transit
};

double Sum(const std::vector<twin::DayQuantity>& v) {
  double s = 0;
  for (const auto& p : v) s += p.quantity;
  return s;
}

int RunState(const StateFlags& f) {
  auto context = LoadTwinContext(f.twin.network);
  int64_t as_of = AsOfMs(f.twin.as_of);
  auto store = OpenTwinStore(f.twin.store);
  LoadedState s = LoadState(*store, *context, as_of);
  const model::CompiledNetwork& net = context->compiled();
  const twin::State& st = s.state;
  auto slot_name = [&](uint32_t slot) {
    return std::pair<const std::string&, const std::string&>(
        net.site_key[net.slot_site[slot].value], net.material_key[net.slot_material[slot].value]);
  };
  auto shown = [&](uint32_t slot) {
    return st.slots[slot].records > 0 || st.slots[slot].held_by_suppliers > 0 ||
           !st.demand[slot].empty() || !st.production[slot].empty();
  };
  if (f.format != Format::kTable) {
    WriteStdout(Render(report::StateDocument(net, st, as_of), f.format, "", f.table));
    return 0;
  }
  std::cout << fmt::format("State as of {}: {} record{} from {}\n\n", twin::FormatDateTime(as_of),
                           st.records, st.records == 1 ? "" : "s", f.twin.store);
  std::cout << fmt::format("{:<24} {:<20} {:>12} {:>10} {:>12} {:>8} {:>12}  {}\n", "site",
                           "material", "stock", "blocked", "at suppliers", "records",
                           "open demand", "last report");
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    if (!shown(slot)) continue;
    const auto& x = st.slots[slot];
    auto [site, material] = slot_name(slot);
    std::cout << fmt::format("{:<24} {:<20} {:>12.6g} {:>10.6g} {:>12.6g} {:>8} {:>12.6g}  {}\n",
                             site, material, x.stock, x.blocked, x.held_by_suppliers, x.records,
                             Sum(st.demand[slot]),
                             x.records ? twin::FormatDateTime(x.reported_ms) : "-");
  }
  std::cout << fmt::format("\nIn transit and planned ({}):\n", st.shipments.size());
  for (const auto& sh : st.shipments) {
    std::cout << fmt::format("  {:<18} {:<18} {} -> {}  {:.6g}  {}  ETA {}\n", sh.tracking,
                             sh.material, sh.origin, sh.destination, sh.quantity,
                             sh.departed ? "departed" : "planned",
                             twin::FormatDateTime(sh.arrival_ms));
  }
  if (!st.capacity_notices.empty() || !st.failures.empty() || !st.quality.empty()) {
    std::cout << fmt::format("\nNotes: {} capacity notice(s), {} quality measurement(s), {} "
                             "failure report(s)\n",
                             st.capacity_notices.size(), st.quality.size(), st.failures.size());
  }
  return 0;
}

struct DosFlags {
  TwinFlags twin;
  std::string site, material, partner, direction = "inbound";
  int horizon = 28;
  int tiers = 1;
  bool catena_x = false;
  Format format = Format::kTable;
  std::string table;  // --format csv: results (default) or days
};

int RunDaysOfSupply(const DosFlags& f) {
  auto context = LoadTwinContext(f.twin.network);
  const model::CompiledNetwork& net = context->compiled();
  if (f.direction != "inbound" && f.direction != "outbound") {
    throw InputError("--direction", fmt::format("expected inbound or outbound, found '{}'", f.direction));
  }
  std::string site, material;
  if (!f.site.empty()) {
    auto s = context->SiteKey(f.site);
    if (!s) throw InputError("--site", fmt::format("unknown site '{}'", f.site));
    site = *s;
  }
  if (!f.material.empty()) {
    auto m = context->MaterialKey(f.material);
    if (!m) throw InputError("--material", fmt::format("unknown material '{}'", f.material));
    material = *m;
  }
  int64_t as_of = AsOfMs(f.twin.as_of);
  auto store = OpenTwinStore(f.twin.store);
  LoadedState s = LoadState(*store, *context, as_of);
  twin::DosOptions opt;
  opt.horizon_days = f.horizon;
  opt.view = f.direction == "inbound" ? twin::View::kCustomer : twin::View::kSupplier;
  opt.partner = f.partner;
  opt.tiers = f.tiers;
  std::vector<twin::DosResult> results;
  for (uint32_t slot = 0; slot < net.num_slots(); ++slot) {
    const std::string& sk = net.site_key[net.slot_site[slot].value];
    const std::string& mk = net.material_key[net.slot_material[slot].value];
    if ((!site.empty() && sk != site) || (!material.empty() && mk != material)) continue;
    // Without a site and material: the slots with a stock report or open demand.
    if (site.empty() && material.empty() && s.state.slots[slot].records == 0 &&
        s.state.demand[slot].empty()) {
      continue;
    }
    results.push_back(twin::DaysOfSupply(*context, s.state, s.records, sk, mk, opt));
  }
  if (results.empty()) {
    throw InputError("--site", fmt::format("no site holds {} {}", site.empty() ? "the material" : site,
                                           material));
  }
  if (f.catena_x) {
    // DaysOfSupply 2.0.0, one aspect per material.
    nlohmann::json all = nlohmann::json::array();
    for (const auto& r : results) {
      nlohmann::json days = nlohmann::json::array();
      for (const auto& d : r.days) {
        days.push_back({{"date", twin::FormatDateTime(twin::DayStartMs(d.day, r.utc_offset_minutes),
                                                      r.utc_offset_minutes)},
                        {"daysOfSupply", d.days_of_supply}});
      }
      const std::string& asset = context->AssetIdOf(r.material);
      all.push_back(
          {{"materialGlobalAssetId", asset.empty() ? r.material : "urn:uuid:" + asset},
           {"direction", opt.view == twin::View::kCustomer ? "INBOUND" : "OUTBOUND"},
           {"allocatedDaysOfSupply",
            {{{"stockLocationBPNS", context->BpnsOf(r.site)},
              {"lastUpdatedOnDateTime", twin::FormatDateTime(as_of, r.utc_offset_minutes)},
              {"amountOfAllocatedDaysOfSupply", days}}}}});
    }
    std::cout << (all.size() == 1 ? all[0] : all).dump(2) << "\n";
    return 0;
  }
  if (f.format != Format::kTable) {
    WriteStdout(Render(report::DaysOfSupplyDocument(results, as_of, f.direction), f.format, "",
                       f.table));
    return 0;
  }
  for (const auto& r : results) {
    std::cout << fmt::format("{} at {} ({} view, dates at UTC{}): stock {:.6g}, blocked {:.6g}{}\n",
                             r.material, r.site,
                             opt.view == twin::View::kCustomer ? "customer" : "supplier",
                             model::FormatUtcOffset(r.utc_offset_minutes), r.stock, r.blocked,
                             opt.tiers > 1 ? fmt::format(", held by suppliers {:.6g}",
                                                         r.held_by_suppliers)
                                           : "");
    std::cout << fmt::format("  {:<10} {:>10} {:>10} {:>12} {:>8}\n", "date", "in", "out",
                             "projected", "DoS");
    size_t shown = 0;
    for (const auto& d : r.days) {
      if (++shown > 14) break;
      std::cout << fmt::format("  {:<10} {:>10.6g} {:>10.6g} {:>12.6g} {:>7.2f}{}\n",
                               util::FormatDate(d.day), d.in, d.out, d.projected, d.days_of_supply,
                               d.at_least ? "+" : "");
    }
    if (r.first_stockout_day >= 0) {
      std::cout << fmt::format("  runs out on {} (shortfall {:.6g})\n",
                               util::FormatDate(r.first_stockout_day), r.shortfall);
    }
    std::cout << "\n";
  }
  std::cout << "+ : the window ended first; the days of supply are at least this.\n";
  return 0;
}

struct AlertsFlags {
  TwinFlags twin;
  int horizon = 90;
  Format format = Format::kTable;
  std::string table;  // --format csv: projected_shortages (default) or silent_feeds
};

// The alerts `ingest` prints after storing, on their own (as of --as-of, default now).
int RunAlerts(const AlertsFlags& f) {
  auto context = LoadTwinContext(f.twin.network);
  int64_t as_of = AsOfMs(f.twin.as_of);
  auto store = OpenTwinStore(f.twin.store);
  LoadedState s = LoadState(*store, *context, as_of);
  report::Document doc = report::AlertsDocument(twin::ProjectShortages(*context, s.state, f.horizon),
                                                twin::SilentFeeds(store->Feeds(), as_of), as_of,
                                                f.horizon);
  if (f.format != Format::kTable) {
    WriteStdout(Render(doc, f.format, "", f.table));
    return 0;
  }
  const report::Records& shortages = *doc.Find("projected_shortages");
  const report::Records& silent = *doc.Find("silent_feeds");
  std::cout << fmt::format("Projected shortages (nominal run of {} days from the state as of {}): {}\n",
                           f.horizon, twin::FormatDateTime(as_of), shortages.size());
  for (const auto& row : shortages.rows()) {
    std::cout << fmt::format("  {} at {} from {}: {}\n", std::get<std::string>(row[1]),
                             std::get<std::string>(row[0]), std::get<std::string>(row[2]),
                             std::get<std::string>(row[5]));
  }
  std::cout << fmt::format("Silent feeds: {}\n", silent.size());
  for (const auto& row : silent.rows()) {
    std::cout << fmt::format("  {} {} of {}: last report {}, silent {:.1f} h (expected every {:.1f} h)\n",
                             std::get<std::string>(row[0]), std::get<std::string>(row[1]),
                             std::get<std::string>(row[2]), std::get<std::string>(row[3]),
                             std::get<double>(row[4]), std::get<double>(row[5]));
  }
  return 0;
}

struct FeedsFlags {
  TwinFlags twin;
  Format format = Format::kTable;
  std::string table;  // --format csv: feeds (the one section)
};

int RunFeeds(const FeedsFlags& f) {
  auto store = OpenTwinStore(f.twin.store);
  const int64_t now = AsOfMs("");
  report::Document doc = report::FeedsDocument(store->Feeds(), now);
  std::string table = fmt::format("{:<20} {:<16} {:<20} {:>8}  {}\n", "owner", "kind", "material",
                                  "events", "last report");
  for (const auto& row : doc.Find("feeds")->rows()) {
    table += fmt::format("{:<20} {:<16} {:<20} {:>8}  {}\n", std::get<std::string>(row[0]),
                         std::get<std::string>(row[1]), std::get<std::string>(row[2]),
                         std::get<int64_t>(row[3]), std::get<std::string>(row[5]));
  }
  WriteStdout(Render(doc, f.format, table, f.table));
  return 0;
}

}  // namespace

void AddAlerts(CLI::App& app, Runner& run) {
  auto f = std::make_shared<AlertsFlags>();
  CLI::App* cmd = app.add_subcommand(
      "alerts", "Shortages a nominal run from the stored state projects, and partners' feeds "
                "gone quiet (what ingest prints after storing)");
  AddTwinFlags(*cmd, f->twin, true);
  cmd->add_option("--horizon", f->horizon, "Days of the nominal run (default 90)")
      ->check(CLI::Range(1, 3650));
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([f, &run] { run = [f] { return RunAlerts(*f); }; });
}

void AddFeeds(CLI::App& app, Runner& run) {
  auto f = std::make_shared<FeedsFlags>();
  CLI::App* cmd = app.add_subcommand(
      "feeds", "When each partner last reported each event kind and material, and how often it "
               "is expected to");
  AddTwinFlags(*cmd, f->twin, false);
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([f, &run] { run = [f] { return RunFeeds(*f); }; });
}

void AddState(CLI::App& app, Runner& run) {
  auto f = std::make_shared<StateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "state", "The twin's state as of an instant: stock (every record summed), cargo in transit "
               "with its ETA, open demand per site and material");
  AddTwinFlags(*cmd, f->twin, true);
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([f, &run] { run = [f] { return RunState(*f); }; });
}

void AddDaysOfSupply(CLI::App& app, Runner& run) {
  auto f = std::make_shared<DosFlags>();
  CLI::App* cmd = app.add_subcommand(
      "days-of-supply",
      "Days of supply per Catena-X CX-0145 from the stored state, dated in each site's time zone");
  AddTwinFlags(*cmd, f->twin, true);
  cmd->add_option("--site", f->site, "Site key or BPNS (default: every site with a report)");
  cmd->add_option("--material", f->material, "Material key, global asset id or number");
  cmd->add_option("--direction", f->direction,
                  "inbound (customer view: demand against deliveries; default) or outbound "
                  "(supplier view: shipments against production)");
  cmd->add_option("--partner", f->partner, "Allocate to one partner (BPNL): its records only");
  cmd->add_option("--horizon", f->horizon, "Days in the window (default 28)")
      ->check(CLI::Range(1, 366));
  cmd->add_option("--tiers", f->tiers,
                  "2: count the stock suppliers hold for the site (OUTBOUND reports) as well")
      ->check(CLI::Range(1, 2));
  cmd->add_flag("--catena-x", f->catena_x, "Print DaysOfSupply 2.0.0 aspect JSON");
  AddFormatOption(*cmd, f->format, &f->table);
  cmd->callback([f, &run] { run = [f] { return RunDaysOfSupply(*f); }; });
}

}  // namespace chaintwin::cli
