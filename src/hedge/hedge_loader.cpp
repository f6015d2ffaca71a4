// Hedge documents (`kind: hedge`, docs/HEDGING.md): read with the project's YAML reader, every
// reference checked against the network, every problem reported with file, line and field.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "chaintwin/hedge/hedge.hpp"
#include "chaintwin/util/date.hpp"
#include "chaintwin/util/error.hpp"
#include "io/doc.hpp"
#include "io/reader.hpp"

namespace chaintwin::hedge {
namespace {

using io::DocEntry;
using io::DocNode;
using io::Member;
using io::Reader;

constexpr double kMaxUsd = 1e13;  // ten trillion dollars: anything above is a typo
constexpr double kDaysPerYear = 365.0;

const std::vector<std::string_view> kKinds = {"stockpile", "offtake", "localize", "recycling",
                                              "chemistry_shift"};

class HedgeReader {
 public:
  HedgeReader(Reader& r, const model::Network& n) : r_(r), n_(n) {}

  void Read(const DocNode& root, Hedge& h);

 private:
  const model::Site* Site(const DocNode& map, std::string_view key, const std::string& path,
                          bool required);
  const model::Site* SiteOf(const DocNode& at, std::string_view key, const std::string& path);
  const model::Material* Material(const DocNode& map, std::string_view key,
                                  const std::string& path, bool required);
  std::vector<std::string> Sites(const DocNode& map, std::string_view key,
                                 const std::string& path, bool required);
  int32_t Days(const DocNode& map, std::string_view key, const std::string& path);
  void ReadCost(const DocNode& node, Hedge& h);
  void ReadStockpile(const DocNode& node, Hedge& h);
  void ReadOfftake(const DocNode& node, Hedge& h);
  void ReadForceMajeure(const DocNode& sla, const std::string& path,
                        std::vector<model::EventKind>& out);
  void ReadLocalize(const DocNode& node, Hedge& h);
  void ReadRecycling(const DocNode& node, Hedge& h);
  void ReadChemistryShift(const DocNode& node, Hedge& h);

  Reader& r_;
  const model::Network& n_;
};

// `force_majeure: [export_ban, site_outage, ...]`: kinds of event that can stop a supplier.
void HedgeReader::ReadForceMajeure(const DocNode& sla, const std::string& path,
                                   std::vector<model::EventKind>& out) {
  const DocNode* list = r_.Field(sla, "force_majeure", path, false, "");
  const std::string fpath = Member(path, "force_majeure");
  if (list == nullptr || !r_.ExpectList(*list, fpath, "a list of event kinds")) return;
  static const std::vector<std::string_view> kNames = {"export_ban", "site_outage",
                                                       "lane_closure", "lane_throughput"};
  static const model::EventKind kKinds[] = {model::EventKind::kExportBan,
                                            model::EventKind::kSiteOutage,
                                            model::EventKind::kLaneClosure,
                                            model::EventKind::kLaneThroughput};
  for (size_t i = 0; i < list->items.size(); ++i) {
    const DocNode& item = list->items[i];
    auto it = std::find(kNames.begin(), kNames.end(), item.is_scalar() ? item.text : "");
    if (it == kNames.end()) {
      r_.NotOneOf(item, io::Index(fpath, i), "event kind", item.is_scalar() ? item.text : item.Describe(),
                  kNames);
      continue;
    }
    const model::EventKind kind = kKinds[it - kNames.begin()];
    if (std::find(out.begin(), out.end(), kind) == out.end()) out.push_back(kind);
  }
}

const model::Site* HedgeReader::SiteOf(const DocNode& at, std::string_view key,
                                       const std::string& path) {
  std::vector<std::string_view> all;
  for (const model::Site& s : n_.sites) {
    if (s.id == key) return &s;
    all.push_back(s.id);
  }
  std::string hint = io::ClosestMatch(key, all);
  r_.Error(at, path,
           fmt::format("unknown site `{}`: the network `{}` has no such site{}", key, n_.id,
                       hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
  return nullptr;
}

const model::Site* HedgeReader::Site(const DocNode& map, std::string_view key,
                                     const std::string& path, bool required) {
  const DocNode* node = r_.KeyNode(map, key, path, required);
  if (node == nullptr) return nullptr;
  return SiteOf(*node, node->text, Member(path, key));
}

std::vector<std::string> HedgeReader::Sites(const DocNode& map, std::string_view key,
                                            const std::string& path, bool required) {
  std::vector<std::string> out;
  if (required) r_.Field(map, key, path, true, "a site id or a list of site ids");
  for (const io::Ref& ref : r_.KeyList(map, key, path)) {
    if (SiteOf(*ref.node, ref.key, ref.Path()) != nullptr) out.push_back(ref.key);
  }
  return out;
}

const model::Material* HedgeReader::Material(const DocNode& map, std::string_view key,
                                             const std::string& path, bool required) {
  const DocNode* node = r_.KeyNode(map, key, path, required);
  if (node == nullptr) return nullptr;
  std::vector<std::string_view> all;
  for (const model::Material& m : n_.materials) {
    if (m.id == node->text) return &m;
    all.push_back(m.id);
  }
  std::string hint = io::ClosestMatch(node->text, all);
  r_.Error(*node, Member(path, key),
           fmt::format("unknown material `{}`{}", node->text,
                       hint.empty() ? "" : fmt::format(" (did you mean `{}`?)", hint)));
  return nullptr;
}

int32_t HedgeReader::Days(const DocNode& map, std::string_view key, const std::string& path) {
  auto d = r_.Quantity(map, key, path, io::Time(), false);
  return d ? static_cast<int32_t>(std::lround(std::min(*d, 36500.0))) : 0;
}

void HedgeReader::ReadCost(const DocNode& node, Hedge& h) {
  const std::string path = "cost";
  if (!r_.ExpectMap(node, path, "the hedge's costs")) return;
  std::vector<std::string_view> allowed = {"capex_usd", "opex_usd_per_year", "discount_rate",
                                           "life"};
  if (h.kind == Kind::kStockpile) {
    allowed.insert(allowed.end(), {"holding_usd_per_t_year", "acquisition_usd_per_t"});
  } else if (h.kind == Kind::kOfftake) {
    allowed.insert(allowed.end(), {"price_premium_usd_per_t", "sla_penalty_usd_per_t",
                                   "sla_penalty_usd_per_missed_period", "audit_usd_per_year"});
  } else if (h.kind == Kind::kChemistryShift) {
    allowed.push_back("price_difference_usd_per_kwh");
  }
  r_.CheckFields(node, path, allowed);
  h.capex_usd = r_.Number(node, "capex_usd", path, 0, kMaxUsd).value_or(0.0);
  h.opex_usd_per_year = r_.Number(node, "opex_usd_per_year", path, 0, kMaxUsd).value_or(0.0);
  h.finance.discount_rate =
      r_.Number(node, "discount_rate", path, 0, 1).value_or(h.finance.discount_rate);
  if (auto life = r_.Quantity(node, "life", path, io::Time(), false)) {
    if (*life < 1.0) {
      r_.Error(*node.Find("life"), Member(path, "life"), "expected a life of at least 1 d");
    } else {
      h.finance.life_years = *life / kDaysPerYear;
    }
  }
  Stockpile& s = h.stockpile;
  s.holding_usd_per_t_year = r_.Number(node, "holding_usd_per_t_year", path, 0, kMaxUsd).value_or(0.0);
  s.acquisition_usd_per_t = r_.Number(node, "acquisition_usd_per_t", path, 0, kMaxUsd).value_or(0.0);
  Offtake& o = h.offtake;
  o.price_premium_usd_per_t = r_.Number(node, "price_premium_usd_per_t", path, 0, kMaxUsd).value_or(0.0);
  o.sla_penalty_usd_per_t = r_.Number(node, "sla_penalty_usd_per_t", path, 0, kMaxUsd).value_or(0.0);
  o.sla_penalty_usd_per_missed_period =
      r_.Number(node, "sla_penalty_usd_per_missed_period", path, 0, kMaxUsd).value_or(0.0);
  o.audit_usd_per_year = r_.Number(node, "audit_usd_per_year", path, 0, kMaxUsd).value_or(0.0);
  // Signed: a chemistry whose cells are cheaper makes the shift a saving.
  h.chemistry.price_difference_usd_per_kwh =
      r_.Number(node, "price_difference_usd_per_kwh", path, -1e4, 1e4).value_or(0.0);
}

void HedgeReader::ReadStockpile(const DocNode& node, Hedge& h) {
  const std::string path = "stockpile";
  if (!r_.ExpectMap(node, path, "the stockpile {holdings, partners, release, allocation}")) return;
  r_.CheckFields(node, path, {"holdings", "partners", "release", "allocation"});
  Stockpile& s = h.stockpile;
  const DocNode* holdings = r_.Field(node, "holdings", path, true, "a map of material to quantity");
  const std::string hpath = Member(path, "holdings");
  if (holdings != nullptr && r_.ExpectMap(*holdings, hpath, "a map of material to quantity")) {
    for (const DocEntry& e : holdings->entries) {
      const model::Material* m = nullptr;
      for (const model::Material& x : n_.materials) {
        if (x.id == e.key) m = &x;
      }
      if (m == nullptr) {
        r_.Error(e.value, Member(hpath, e.key), fmt::format("unknown material `{}`", e.key));
        continue;
      }
      if (auto q = r_.Quantity(*holdings, e.key, hpath, io::Amount(m->dimension), true)) {
        s.holdings.push_back({std::string(e.key), *q});
      }
    }
    if (holdings->entries.empty()) r_.Error(*holdings, hpath, "expected at least one material");
  }
  const DocNode* partners = r_.Field(node, "partners", path, true, "a list of partner sites");
  const std::string ppath = Member(path, "partners");
  if (partners != nullptr && r_.ExpectList(*partners, ppath, "a list of partner sites")) {
    for (size_t i = 0; i < partners->items.size(); ++i) {
      const DocNode& p = partners->items[i];
      const std::string ip = io::Index(ppath, i);
      Stockpile::Partner partner;
      if (p.is_scalar()) {
        if (SiteOf(p, p.text, ip) != nullptr) s.partners.push_back({std::string(p.text), 1.0});
        continue;
      }
      if (!r_.ExpectMap(p, ip, "a site id or {site, contribution}")) continue;
      r_.CheckFields(p, ip, {"site", "contribution"});
      const model::Site* site = Site(p, "site", ip, true);
      partner.contribution = r_.Number(p, "contribution", ip, 1e-9, 1e12).value_or(1.0);
      if (site != nullptr) {
        partner.site = site->id;
        s.partners.push_back(partner);
      }
    }
    if (partners->items.empty()) r_.Error(*partners, ppath, "expected at least one partner");
  }
  if (const DocNode* a = r_.Field(node, "allocation", path, false, "")) {
    if (a->is_scalar() && a->text == "pro_rata_contribution") {
      s.allocation = Stockpile::Allocation::kProRataContribution;
    } else if (a->is_scalar() && a->text == "by_need") {
      s.allocation = Stockpile::Allocation::kByNeed;
    } else {
      r_.NotOneOf(*a, Member(path, "allocation"), "allocation", a->text,
                  {"pro_rata_contribution", "by_need"});
    }
  }
  for (const auto& hold : s.holdings) {
    bool used = false;
    for (const auto& p : s.partners) used = used || NormalUsePerDay(n_, p.site, hold.material) > 0.0;
    if (!used && !s.partners.empty()) {
      r_.Error(*holdings->Find(hold.material), Member(hpath, hold.material),
               fmt::format("no partner uses `{}` (no process input or end-use demand of it): "
                           "nobody would receive it",
                           hold.material));
    }
  }
  const std::string rpath = Member(path, "release");
  const DocNode* release = r_.Field(node, "release", path, true, "{trigger, per_day}");
  if (release == nullptr || !r_.ExpectMap(*release, rpath, "{trigger, per_day}")) return;
  r_.CheckFields(*release, rpath, {"trigger", "per_day", "via"});
  if (const DocNode* via = r_.Field(*release, "via", rpath, false, "")) {
    if (via->is_scalar() && (via->text == "events" || via->text == "site")) {
      s.via_site = via->text == "site";
    } else {
      r_.NotOneOf(*via, Member(rpath, "via"), "release model", via->text, {"events", "site"});
    }
  }
  std::optional<model::Dimension> dim;
  for (const auto& hld : s.holdings) {
    for (const model::Material& m : n_.materials) {
      if (m.id == hld.material) {
        if (dim && *dim != m.dimension) {
          r_.Error(*holdings, hpath, "expected materials of one dimension (one daily release cap)");
        }
        dim = m.dimension;
      }
    }
  }
  if (auto cap = r_.Quantity(*release, "per_day", rpath, io::Rate(dim.value_or(model::Dimension::kMass)), true)) {
    if (*cap <= 0.0) {
      r_.Error(*release->Find("per_day"), Member(rpath, "per_day"), "expected a release rate above 0");
    }
    s.release_per_day = *cap;
  }
  const DocNode* trigger = r_.Field(*release, "trigger", rpath, true,
                                    "a date or {after_disruption: DELAY}");
  const std::string tpath = Member(rpath, "trigger");
  if (trigger == nullptr) return;
  if (trigger->is_scalar()) {
    s.trigger_date = r_.Date(*release, "trigger", rpath, true);
    if (s.via_site) {
      r_.Error(*trigger, tpath,
               "a stockpile site's lanes open after a block (`trigger: {after_disruption: DELAY}`); "
               "a date needs `via: events`");
    }
  } else if (r_.ExpectMap(*trigger, tpath, "a date or {after_disruption: DELAY}")) {
    r_.CheckFields(*trigger, tpath, {"after_disruption"});
    r_.Field(*trigger, "after_disruption", tpath, true, "a delay such as '30 d'");
    s.trigger_delay_days = Days(*trigger, "after_disruption", tpath);
  }
}

void HedgeReader::ReadOfftake(const DocNode& node, Hedge& h) {
  const std::string path = "offtake";
  if (!r_.ExpectMap(node, path, "the offtake contract")) return;
  r_.CheckFields(node, path, {"supplier", "buyers", "material", "volume", "term", "start", "sla",
                              "audit_right", "qualification", "transit"});
  Offtake& o = h.offtake;
  if (const model::Site* s = Site(node, "supplier", path, true)) o.supplier = s->id;
  o.buyers = Sites(node, "buyers", path, true);
  const model::Material* m = Material(node, "material", path, true);
  if (m != nullptr) {
    o.material = m->id;
    if (auto v = r_.Quantity(node, "volume", path, io::Rate(m->dimension), true)) {
      o.volume_per_day = *v;
      if (*v <= 0.0) r_.Error(*node.Find("volume"), Member(path, "volume"), "expected a volume above 0");
    }
  }
  if (auto term = r_.Quantity(node, "term", path, io::Time(), true)) {
    o.term_years = *term / kDaysPerYear;
    if (*term < 1.0) r_.Error(*node.Find("term"), Member(path, "term"), "expected a term of at least 1 d");
  }
  o.start = r_.Date(node, "start", path);
  o.audit_right = r_.Bool(node, "audit_right", path).value_or(false);
  o.qualification_days = Days(node, "qualification", path);
  o.transit_days = Days(node, "transit", path);
  if (const DocNode* sla = r_.Field(node, "sla", path, false, "")) {
    const std::string spath = Member(path, "sla");
    if (r_.ExpectMap(*sla, spath, "{otif, period}")) {
      r_.CheckFields(*sla, spath, {"otif", "period", "force_majeure"});
      ReadForceMajeure(*sla, spath, o.force_majeure);
      o.sla_otif = r_.Number(*sla, "otif", spath, 0, 1, true);
      if (sla->Find("period") != nullptr) {
        o.sla_period_days = Days(*sla, "period", spath);
        if (o.sla_period_days < 1) {
          r_.Error(*sla->Find("period"), Member(spath, "period"),
                   "expected a period of at least 1 d");
          o.sla_period_days = 7;
        }
      }
    }
  }
  if (m != nullptr) {
    for (const std::string& b : o.buyers) {
      if (!(NormalUsePerDay(n_, b, m->id) > 0.0)) {
        r_.Error(*node.Find("buyers"), Member(path, "buyers"),
                 fmt::format("site `{}` neither uses nor sells `{}` to end users: not a buyer of it",
                             b, m->id));
      }
    }
  }
  if (m != nullptr && !o.supplier.empty()) {
    bool makes = false;
    for (const model::Site& s : n_.sites) {
      if (s.id != o.supplier) continue;
      for (const model::Process& p : s.processes) makes = makes || p.output == m->id;
    }
    if (!makes) {
      r_.Error(*node.Find("supplier"), Member(path, "supplier"),
               fmt::format("site `{}` makes no `{}`: an offtake needs a supplier that makes it",
                           o.supplier, m->id));
    }
  }
}

void HedgeReader::ReadLocalize(const DocNode& node, Hedge& h) {
  const std::string path = "localize";
  if (!r_.ExpectMap(node, path, "the localized plant")) return;
  r_.CheckFields(node, path, {"site", "like", "country", "name", "output", "capacity", "start",
                              "ramp_up", "buyers", "transit", "qualification"});
  Localize& l = h.localize;
  const DocNode* site = r_.KeyNode(node, "site", path, true);
  const model::Site* existing = nullptr;
  if (site != nullptr) {
    l.site = site->text;
    for (const model::Site& s : n_.sites) {
      if (s.id == l.site) existing = &s;
    }
  }
  l.name = r_.Text(node, "name", path).value_or("");
  const model::Material* out = Material(node, "output", path, true);
  if (out != nullptr) {
    l.output = out->id;
    if (auto c = r_.Quantity(node, "capacity", path, io::Rate(out->dimension), true)) {
      l.capacity_per_day = *c;
      if (*c <= 0.0) r_.Error(*node.Find("capacity"), Member(path, "capacity"), "expected a capacity above 0");
    }
  }
  const model::Site* like = existing;
  if (existing == nullptr && site != nullptr) {
    // A new site: it copies the recipe and inbound lanes of `like`.
    const DocNode* like_node = r_.KeyNode(node, "like", path, false);
    if (like_node == nullptr) {
      r_.Error(*site, Member(path, "site"),
               fmt::format("site `{}` is not in the network: a new plant needs `like` (the site "
                           "whose recipe and suppliers it copies) and `country`",
                           l.site));
    } else {
      like = SiteOf(*like_node, like_node->text, Member(path, "like"));
      if (like != nullptr) l.like = like->id;
    }
    if (auto c = r_.Key(node, "country", path, true)) {
      bool known = false;
      for (const model::Country& country : n_.countries) known = known || country.code == *c;
      if (!known) {
        r_.Error(*node.Find("country"), Member(path, "country"),
                 fmt::format("unknown country `{}`: not in the network's `countries`", *c));
      }
      l.country = *c;
    }
    l.buyers = Sites(node, "buyers", path, true);
    for (const std::string& b : l.buyers) {
      if (out != nullptr && !(NormalUsePerDay(n_, b, out->id) > 0.0)) {
        r_.Error(*node.Find("buyers"), Member(path, "buyers"),
                 fmt::format("site `{}` does not use `{}`: not a buyer of it", b, out->id));
      }
    }
    l.transit_days = Days(node, "transit", path);
    l.qualification_days = Days(node, "qualification", path);
  } else if (existing != nullptr) {
    for (std::string_view k : {"like", "country", "buyers", "transit", "qualification"}) {
      if (const DocNode* f = node.Find(k)) {
        r_.Error(*f, Member(path, k),
                 fmt::format("`{}` is for a new site; `{}` exists already", k, l.site));
      }
    }
  }
  if (like != nullptr && out != nullptr) {
    bool makes = false;
    for (const model::Process& p : like->processes) makes = makes || p.output == out->id;
    if (!makes) {
      r_.Error(*node.Find("output"), Member(path, "output"),
               fmt::format("site `{}` has no process making `{}` to copy the recipe of", like->id,
                           out->id));
    }
  }
  l.start = r_.Date(node, "start", path);
  const DocNode* ramp = r_.Field(node, "ramp_up", path, false, "");
  const std::string rpath = Member(path, "ramp_up");
  if (ramp != nullptr && r_.ExpectList(*ramp, rpath, "a list of {after, factor}")) {
    for (size_t i = 0; i < ramp->items.size(); ++i) {
      const DocNode& p = ramp->items[i];
      const std::string ip = io::Index(rpath, i);
      if (!r_.ExpectMap(p, ip, "{after, factor}")) continue;
      r_.CheckFields(p, ip, {"after", "factor"});
      r_.Field(p, "after", ip, true, "a time such as '90 d'");
      model::RampPoint point;
      point.day = Days(p, "after", ip);
      point.factor = r_.Number(p, "factor", ip, 0, 1, true).value_or(1.0);
      if (!l.ramp_up.empty() && point.day <= l.ramp_up.back().day) {
        r_.Error(p, ip, "expected ramp-up points in increasing order of `after`");
      }
      l.ramp_up.push_back(point);
    }
  }
}

void HedgeReader::ReadRecycling(const DocNode& node, Hedge& h) {
  const std::string path = "recycling";
  if (!r_.ExpectMap(node, path, "{sites, capacity_factor}")) return;
  r_.CheckFields(node, path, {"sites", "capacity_factor"});
  h.recycling.sites = Sites(node, "sites", path, true);
  h.recycling.capacity_factor = r_.Number(node, "capacity_factor", path, 1, 1000, true).value_or(1.0);
  for (const std::string& id : h.recycling.sites) {
    for (const model::Site& s : n_.sites) {
      if (s.id != id) continue;
      auto end_of_life = [&](const std::string& material) {
        for (const model::Material& m : n_.materials) {
          if (m.id == material) return m.stage == model::Stage::kEndOfLife;
        }
        return false;
      };
      bool recycles = std::any_of(s.processes.begin(), s.processes.end(), [&](const model::Process& p) {
        return end_of_life(p.output) ||
               std::any_of(p.inputs.begin(), p.inputs.end(),
                           [&](const model::RecipeInput& in) { return end_of_life(in.material); });
      });
      if (!recycles) {
        r_.Error(*node.Find("sites"), Member(path, "sites"),
                 fmt::format("site `{}` neither collects nor processes end-of-life material: not "
                             "part of recycling",
                             id));
      }
    }
  }
}

namespace {

bool Makes(const model::Site& s, const std::string& material) {
  return std::any_of(s.processes.begin(), s.processes.end(),
                     [&](const model::Process& p) { return p.output == material; });
}

double DemandOf(const model::Site& s, const std::string& material) {
  double d = 0.0;
  for (const model::Demand& x : s.demand) d += x.material == material ? x.per_day : 0.0;
  return d;
}

}  // namespace

void HedgeReader::ReadChemistryShift(const DocNode& node, Hedge& h) {
  const std::string path = "chemistry_shift";
  if (!r_.ExpectMap(node, path, "{from, to, share, demand, plants, like, start, ramp}")) return;
  r_.CheckFields(node, path, {"from", "to", "share", "demand", "plants", "like", "start", "ramp"});
  ChemistryShift& c = h.chemistry;
  const model::Material* from = Material(node, "from", path, true);
  const model::Material* to = Material(node, "to", path, true);
  for (const model::Material* m : {from, to}) {
    if (m != nullptr && m->dimension != model::Dimension::kEnergy) {
      r_.Error(
          *node.Find(m == from ? "from" : "to"), Member(path, m == from ? "from" : "to"),
          fmt::format("`{}` is not counted in energy (GWh): a chemistry shift moves cells", m->id));
    }
  }
  if (from != nullptr) c.from = from->id;
  if (to != nullptr) c.to = to->id;
  if (from != nullptr && from == to) {
    r_.Error(*node.Find("to"), Member(path, "to"), "expected another material than `from`");
  }
  // Below 1: the shifted network keeps some `from` demand for the ramp's demand shocks to scale.
  if (auto share = r_.Number(node, "share", path, 0, 0.99, true)) {
    c.share = *share;
    if (!(*share > 0.0)) {
      r_.Error(*node.Find("share"), Member(path, "share"), "expected a share above 0");
    }
  }
  c.demand = Sites(node, "demand", path, true);
  c.plants = Sites(node, "plants", path, false);
  c.start = r_.Date(node, "start", path);
  c.ramp_days = Days(node, "ramp", path);
  if (from == nullptr || to == nullptr || from == to) return;
  auto site = [&](const std::string& id) -> const model::Site* {
    for (const model::Site& s : n_.sites) {
      if (s.id == id) return &s;
    }
    return nullptr;
  };
  const model::Site* like = nullptr;
  if (const DocNode* like_node = r_.KeyNode(node, "like", path, false)) {
    like = SiteOf(*like_node, like_node->text, Member(path, "like"));
    if (like != nullptr && !Makes(*like, c.to)) {
      r_.Error(*like_node, Member(path, "like"),
               fmt::format("site `{}` makes no `{}` to copy the recipe of", like->id, c.to));
      like = nullptr;
    }
  } else {
    for (const model::Site& s : n_.sites) {
      if (like == nullptr && Makes(s, c.to)) like = &s;
    }
    if (like == nullptr && !c.plants.empty()) {
      r_.Error(node, path,
               fmt::format("no site makes `{}`: no recipe for the plants' new lines", c.to));
    }
  }
  if (like != nullptr) c.like = like->id;
  const std::string ppath = Member(path, "plants");
  for (const std::string& id : c.plants) {
    const model::Site* p = site(id);
    if (!Makes(*p, c.from)) {
      r_.Error(*node.Find("plants"), ppath,
               fmt::format("site `{}` makes no `{}`: there is no line to shift", id, c.from));
    } else if (Makes(*p, c.to)) {
      r_.Error(*node.Find("plants"), ppath, fmt::format("site `{}` makes `{}` already", id, c.to));
    }
    if (like == nullptr) continue;
    // Each input of the new line the plant has no supplier of comes from `like`'s suppliers, along
    // a route the plant already uses from the supplier or its country.
    for (const model::Process& proc : like->processes) {
      if (proc.output != c.to) continue;
      for (const model::RecipeInput& in : proc.inputs) {
        if (NewInputLanes(n_, *p, *like, in.material)) continue;
        r_.Error(*node.Find("plants"), ppath,
                 fmt::format("site `{}` has no lane from the countries of `{}`'s suppliers of `{}` "
                             "whose route the new line's supply could take",
                             id, like->id, in.material));
      }
    }
  }
  const std::string dpath = Member(path, "demand");
  for (const std::string& id : c.demand) {
    const model::Site* d = site(id);
    c.moved_gwh_per_year += c.share * DemandOf(*d, c.from) * kDaysPerYear;
    if (!(DemandOf(*d, c.from) > 0.0)) {
      r_.Error(*node.Find("demand"), dpath,
               fmt::format("site `{}` has no end-use demand of `{}`", id, c.from));
      continue;
    }
    // Someone must deliver the moved demand: an existing `to` supplier, or a `from` supplier
    // that makes `to` (or will).
    bool served = false;
    for (const model::Lane& l : n_.lanes) {
      if (l.buyer != id || l.alternate) continue;
      if (l.material == c.to) served = true;
      if (l.material == c.from) {
        const model::Site* s = site(l.supplier);
        served = served || (s != nullptr && Makes(*s, c.to)) ||
                 std::find(c.plants.begin(), c.plants.end(), l.supplier) != c.plants.end();
      }
    }
    if (!served) {
      r_.Error(*node.Find("demand"), dpath,
               fmt::format("nobody would deliver `{}` to `{}`: no lane of it, and none of its `{}` "
                           "suppliers makes it or is among `plants`",
                           c.to, id, c.from));
    }
  }
}

void HedgeReader::Read(const DocNode& root, Hedge& h) {
  if (!r_.ExpectMap(root, "", "a hedge document")) return;
  r_.CheckFields(root, "",
                 {"kind", "id", "name", "description", "type", "cost", "sources", "stockpile",
                  "offtake", "localize", "recycling", "chemistry_shift"});
  if (auto kind = r_.Text(root, "kind", "", true); kind && *kind != "hedge") {
    r_.Error(*root.Find("kind"), "kind", fmt::format("expected `kind: hedge`, found '{}'", *kind));
  }
  h.id = r_.Key(root, "id", "").value_or(std::filesystem::path(h.file).stem().string());
  h.name = r_.Text(root, "name", "").value_or(h.id);
  h.description = r_.Text(root, "description", "").value_or("");
  const DocNode* type = r_.Field(root, "type", "", true,
                                 "one of stockpile, offtake, localize, recycling, chemistry_shift");
  if (type == nullptr) return;
  const auto it = std::find(kKinds.begin(), kKinds.end(), type->text);
  if (!type->is_scalar() || it == kKinds.end()) {
    r_.NotOneOf(*type, "type", "hedge type", type->text, kKinds);
    return;
  }
  h.kind = static_cast<Kind>(it - kKinds.begin());
  for (std::string_view k : kKinds) {
    if (k != type->text && root.Find(k) != nullptr) {
      r_.Error(*root.Find(k), std::string(k),
               fmt::format("a `{}` block in a hedge of type `{}`", k, type->text));
    }
  }
  const DocNode* body = r_.Field(root, type->text, "", true, fmt::format("the `{}` block", type->text));
  if (body != nullptr) {
    switch (h.kind) {
      case Kind::kStockpile: ReadStockpile(*body, h); break;
      case Kind::kOfftake: ReadOfftake(*body, h); break;
      case Kind::kLocalize: ReadLocalize(*body, h); break;
      case Kind::kRecycling: ReadRecycling(*body, h); break;
      case Kind::kChemistryShift:
        ReadChemistryShift(*body, h);
        break;
    }
  }
  if (const DocNode* cost = r_.Field(root, "cost", "", true, "the hedge's costs")) ReadCost(*cost, h);
  if (const DocNode* sources = r_.Field(root, "sources", "", false, "")) {
    if (r_.ExpectList(*sources, "sources", "a list of texts")) {
      for (size_t i = 0; i < sources->items.size(); ++i) {
        const DocNode& s = sources->items[i];
        if (s.is_scalar()) {
          h.sources.emplace_back(s.text);
        } else {
          r_.Error(s, io::Index("sources", i), fmt::format("expected a text, found {}", s.Describe()));
        }
      }
    }
  }
}

}  // namespace

std::string_view KindName(Kind kind) { return kKinds[static_cast<size_t>(kind)]; }

Hedge LoadHedgeFromString(const std::string& text, const std::string& name,
                          const model::Network& network) {
  util::Diagnostics diagnostics;
  Hedge h;
  h.file = name;
  if (auto doc = io::ParseYaml(text, name, diagnostics)) {
    Reader r(diagnostics, nullptr, nullptr);
    h.line = doc->root.line;
    HedgeReader(r, network).Read(doc->root, h);
  }
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return h;
}

Hedge LoadHedge(const std::string& path, const model::Network& network) {
  util::Diagnostics diagnostics;
  auto text = io::ReadTextFile(path, diagnostics);
  if (!text) throw InputError(std::move(diagnostics));
  return LoadHedgeFromString(*text, path, network);
}

std::vector<Hedge> LoadHedges(const std::vector<std::string>& paths,
                              const model::Network& network) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        auto ext = e.path().extension();
        if (e.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) found.push_back(e.path().string());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      throw NotFound(fmt::format("hedge file or folder '{}' does not exist", p));
    }
  }
  util::Diagnostics all;
  std::vector<Hedge> out;
  for (const std::string& f : files) {
    try {
      out.push_back(LoadHedge(f, network));
    } catch (const InputError& e) {
      all.insert(all.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  for (size_t i = 0; i < out.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (out[i].id == out[j].id) {
        all.push_back({out[i].file, out[i].line, 0, "id",
                       fmt::format("hedge id `{}` is used by {} as well", out[i].id, out[j].file)});
      }
    }
  }
  if (!all.empty()) throw InputError(std::move(all));
  if (out.empty()) {
    std::string where;
    for (const std::string& p : paths) where += (where.empty() ? "" : ", ") + p;
    throw InputError(util::Diagnostics{
        {"", 0, 0, "hedges", fmt::format("no hedge files (*.yaml, *.yml) in {}", where)}});
  }
  return out;
}

}  // namespace chaintwin::hedge
