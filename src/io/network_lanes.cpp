// Lanes (with their chokepoint crossings) and contracts.
#include <algorithm>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "io/network_builder.hpp"

namespace chaintwin::io {
namespace {

const std::vector<std::string_view> kModes = {"sea", "rail", "road", "air", "pipeline", "internal"};
const std::vector<std::string_view> kContractKinds = {"offtake", "spot", "mutual_accommodation",
                                                      "joint_stockpile"};

int32_t WholeDays(double days) { return static_cast<int32_t>(std::lround(days)); }

}  // namespace

void NetworkBuilder::ReadLane(const DocNode& node, const std::string& path, const Where& where) {
  const bool from_csv = where.table != nullptr;
  if (!reader_.ExpectMap(node, path, "a lane")) return;
  if (!from_csv) {
    reader_.CheckFields(node, path, {"id", "from", "to", "material", "mode", "transit",
                                     "distance", "chokepoints", "share", "alternate",
                                     "qualification", "capacity", "source", "estimate", "note"});
  }
  model::Lane lane;
  Ref from = RefOf(node, "from", path, true);
  Ref to = RefOf(node, "to", path, true);
  Ref material_ref = RefOf(node, "material", path, true);
  const model::Site* supplier = SiteRef(from);
  const model::Site* buyer = SiteRef(to, &lane_buyer_near_);  // lanes are often by buyer
  bool ok = supplier != nullptr && buyer != nullptr;
  const model::Material* material = MaterialRef(material_ref);
  ok = ok && material != nullptr;
  if (from.node != nullptr && to.node != nullptr && from.key == to.key) {
    reader_.Error(*to.node, to.Path(),
                  fmt::format("lane goes from `{}` to itself: `from` and `to` must be different "
                              "sites",
                              from.key));
    ok = false;
  }
  lane.supplier = std::move(from.key);
  lane.buyer = std::move(to.key);
  lane.material = std::move(material_ref.key);
  if (auto mode = reader_.Text(node, "mode", path)) {
    auto it = std::find(kModes.begin(), kModes.end(), *mode);
    if (it == kModes.end()) {
      reader_.NotOneOf(*node.Find("mode"), Member(path, "mode"), "transport mode", *mode, kModes);
    } else {
      lane.mode = static_cast<model::TransportMode>(it - kModes.begin());
    }
  }
  if (auto id = reader_.Key(node, "id", path)) {
    lane.id = std::move(*id);
  } else {
    lane.id = fmt::format("{}->{}:{}", lane.supplier, lane.buyer, lane.material);
  }
  Provenance provenance = reader_.ReadProvenance(node, path, {});
  // A figure is recorded only when it has or inherits a source, estimate or note.
  std::optional<FigureContext> fig;
  if (MayRecordFigure(node, provenance, {"transit", "distance", "share", "qualification", "capacity"})) {
    fig.emplace(FigureContext{"", lane.buyer, lane.material, CountryOf(lane.buyer), provenance});
  }
  auto figure = [&](std::string_view field) -> const FigureContext* {
    if (!fig) return nullptr;
    fig->path = fmt::format("lanes[{}].{}", lane.id, field);
    return &*fig;
  };
  auto transit = reader_.Quantity(node, "transit", path, Time(), true, figure("transit"));
  lane.transit_days = WholeDays(transit.value_or(0.0));
  lane.distance_km = reader_.Quantity(node, "distance", path,
                                      Amount(model::Dimension::kDistance), false,
                                      figure("distance"));
  lane.share = reader_.Quantity(node, "share", path, Fraction(), false, figure("share"))
                   .value_or(1.0);
  if (lane.share > 1.0) {
    reader_.Error(*node.Find("share"), Member(path, "share"),
                  fmt::format("expected a share from 0 to 1 (100 %), found '{}'",
                              node.Find("share")->is_scalar() ? node.Find("share")->text : "?"));
  }
  lane.alternate = reader_.Bool(node, "alternate", path).value_or(false);
  lane.qualification_days = WholeDays(
      reader_.Quantity(node, "qualification", path, Time(), false, figure("qualification"))
          .value_or(0.0));

  if (material != nullptr) {
    lane.capacity_per_day = reader_.Quantity(node, "capacity", path, Rate(material->dimension),
                                             false, figure("capacity"));
  }

  const DocNode* crossings = reader_.Field(node, "chokepoints", path, false, "");
  if (crossings != nullptr && crossings->is_list()) {
    std::string crossings_path = Member(path, "chokepoints");
    for (size_t i = 0; i < crossings->items.size(); ++i) {
      const DocNode& item = crossings->items[i];
      std::string item_path = Index(crossings_path, i);
      model::ChokepointCrossing crossing{"", lane.transit_days / 2};
      if (item.is_scalar()) {
        if (!ChokepointRef(Ref{std::string(item.text), &item, item_path})) continue;
        crossing.chokepoint = item.text;
      } else if (reader_.ExpectMap(item, item_path, "a chokepoint id or {id, at}")) {
        reader_.CheckFields(item, item_path, {"id", "at"});
        Ref ref = RefOf(item, "id", item_path, true);
        auto at = reader_.Quantity(item, "at", item_path, Time(), false);
        if (!ChokepointRef(ref)) continue;
        crossing.chokepoint = ref.key;
        if (at) {
          crossing.day = WholeDays(*at);
          if (transit && crossing.day > lane.transit_days) {
            reader_.Error(*item.Find("at"), Member(item_path, "at"),
                          fmt::format("crossing day {} d is after the lane's transit of {} d",
                                      crossing.day, lane.transit_days));
          }
        }
      } else {
        continue;
      }
      lane.chokepoints.push_back(std::move(crossing));
    }
  } else if (crossings != nullptr) {
    for (const Ref& ref : reader_.KeyList(node, "chokepoints", path)) {
      if (ChokepointRef(ref)) {
        lane.chokepoints.push_back(model::ChokepointCrossing{ref.key, lane.transit_days / 2});
      }
    }
  }
  if (!Unique(lane_at_, lane.id, where, "lane") || !ok) return;
  lane_where_.push_back(where);
  lane_ends_.push_back(LaneEnds{static_cast<uint32_t>(supplier - net_.sites.data()),
                                static_cast<uint32_t>(buyer - net_.sites.data()),
                                static_cast<uint32_t>(material - net_.materials.data())});
  net_.lanes.push_back(std::move(lane));
}

void NetworkBuilder::ReadContract(const DocNode& node, const std::string& path,
                                  const Where& where) {
  // A CSV row's columns were checked at the header; an SLA is nested, so YAML only.
  const bool from_csv = where.table != nullptr;
  if (!reader_.ExpectMap(node, path, "a contract")) return;
  if (!from_csv) {
    reader_.CheckFields(node, path, {"id", "buyer", "seller", "material", "volume", "max_volume",
                                     "start", "end", "priority", "sla", "audit_right", "kind", "source",
                                     "estimate", "note"});
  }
  model::Contract contract;
  auto id = reader_.Key(node, "id", path, true);
  Ref buyer = RefOf(node, "buyer", path, true);
  Ref seller = RefOf(node, "seller", path, true);
  Ref material_ref = RefOf(node, "material", path, true);
  bool ok = SiteRef(buyer) != nullptr;
  ok = SiteRef(seller) != nullptr && ok;
  const model::Material* material = MaterialRef(material_ref);
  contract.buyer = buyer.key;
  contract.seller = seller.key;
  contract.material = material_ref.key;
  Provenance provenance = reader_.ReadProvenance(node, path, {});
  if (material != nullptr) {
    std::optional<FigureContext> fig;
    if (MayRecordFigure(node, provenance, {"volume", "max_volume"})) {
      fig.emplace(FigureContext{fmt::format("contracts[{}].volume", id.value_or("")),
                                contract.buyer, contract.material, CountryOf(contract.buyer),
                                provenance});
    }
    contract.volume_per_day = reader_.Quantity(node, "volume", path, Rate(material->dimension),
                                               true, fig ? &*fig : nullptr)
                                  .value_or(0);
    if (fig) fig->path = fmt::format("contracts[{}].max_volume", id.value_or(""));
    contract.max_volume_per_day = reader_.Quantity(node, "max_volume", path,
                                                   Rate(material->dimension), false,
                                                   fig ? &*fig : nullptr);
  } else {
    ok = false;
  }
  contract.start = reader_.Date(node, "start", path);
  contract.end = reader_.Date(node, "end", path);
  if (contract.start && contract.end && *contract.end < *contract.start) {
    reader_.Error(*node.Find("end"), Member(path, "end"),
                  "the contract ends before it starts: expected `end` on or after `start`");
  }
  contract.priority = static_cast<int>(reader_.Integer(node, "priority", path, 1, 1000).value_or(1));
  if (const DocNode* sla = from_csv ? nullptr : reader_.Field(node, "sla", path, false, "");
      sla != nullptr && reader_.ExpectMap(*sla, Member(path, "sla"), "an SLA {otif, quality}")) {
    reader_.CheckFields(*sla, Member(path, "sla"), {"otif", "quality"});
    contract.sla_otif = reader_.Quantity(*sla, "otif", Member(path, "sla"), Fraction(), false);
    if (contract.sla_otif && *contract.sla_otif > 1.0) {
      reader_.Error(*sla->Find("otif"), Member(path, "sla.otif"),
                    "expected an on-time-in-full target from 0 to 100 %");
    }
    contract.sla_quality = reader_.Text(*sla, "quality", Member(path, "sla")).value_or("");
  }
  contract.audit_right = reader_.Bool(node, "audit_right", path).value_or(false);
  if (auto kind = reader_.Text(node, "kind", path)) {
    auto it = std::find(kContractKinds.begin(), kContractKinds.end(), *kind);
    if (it == kContractKinds.end()) {
      reader_.NotOneOf(*node.Find("kind"), Member(path, "kind"), "contract kind", *kind,
                       kContractKinds);
    } else {
      contract.kind = static_cast<model::ContractKind>(it - kContractKinds.begin());
    }
  }
  if (!id || !Unique(contract_at_, *id, where, "contract") || !ok) return;
  contract.id = *id;
  net_.contracts.push_back(std::move(contract));
}

}  // namespace chaintwin::io
