// Names of the model's enumerations, as written in files and shown to users.
#include <cmath>

#include "chaintwin/model/network.hpp"
#include "chaintwin/model/scenario.hpp"

namespace chaintwin::model {

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kMining: return "mining";
    case Stage::kRefining: return "refining";
    case Stage::kComponent: return "component";
    case Stage::kCell: return "cell";
    case Stage::kPack: return "pack";
    case Stage::kEndUse: return "end_use";
    case Stage::kEndOfLife: return "end_of_life";
  }
  return "?";
}

std::string_view PolicyKindName(PolicyKind kind) {
  switch (kind) {
    case PolicyKind::kCover: return "cover";
    case PolicyKind::kBaseStock: return "base_stock";
    case PolicyKind::kMinMax: return "s_S";
    case PolicyKind::kReorderQuantity: return "R_Q";
  }
  return "?";
}

std::string_view TransportModeName(TransportMode mode) {
  switch (mode) {
    case TransportMode::kSea: return "sea";
    case TransportMode::kRail: return "rail";
    case TransportMode::kRoad: return "road";
    case TransportMode::kAir: return "air";
    case TransportMode::kPipeline: return "pipeline";
    case TransportMode::kInternal: return "internal";
  }
  return "?";
}

std::string_view ContractKindName(ContractKind kind) {
  switch (kind) {
    case ContractKind::kOfftake: return "offtake";
    case ContractKind::kSpot: return "spot";
    case ContractKind::kMutualAccommodation: return "mutual_accommodation";
    case ContractKind::kJointStockpile: return "joint_stockpile";
  }
  return "?";
}

std::string_view DistributionKindName(Distribution::Kind kind) {
  switch (kind) {
    case Distribution::Kind::kFixed: return "fixed";
    case Distribution::Kind::kUniform: return "uniform";
    case Distribution::Kind::kTriangular: return "triangular";
    case Distribution::Kind::kLognormal: return "lognormal";
  }
  return "?";
}

double Distribution::Nominal() const {
  switch (kind) {
    case Kind::kFixed: return a;
    case Kind::kUniform: return 0.5 * (a + b);
    case Kind::kTriangular: return c;
    case Kind::kLognormal: return a;
  }
  return a;
}

std::string_view EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kExportBan: return "export_ban";
    case EventKind::kSiteOutage: return "site_outage";
    case EventKind::kLaneClosure: return "lane_closure";
    case EventKind::kDemandShock: return "demand_shock";
    case EventKind::kCapacityChange: return "capacity_change";
    case EventKind::kStockpileRelease: return "stockpile_release";
    case EventKind::kLaneThroughput: return "lane_throughput";
  }
  return "?";
}

std::string_view DisplayNameKindName(DisplayName::Kind kind) {
  switch (kind) {
    case DisplayName::Kind::kCountry: return "country";
    case DisplayName::Kind::kGroup: return "group";
    case DisplayName::Kind::kMaterial: return "material";
    case DisplayName::Kind::kSite: return "site";
  }
  return "?";
}

std::string_view ProtocolName(Protocol protocol) {
  switch (protocol) {
    case Protocol::kProRata: return "pro_rata";
    case Protocol::kPriority: return "priority";
    case Protocol::kContractFirst: return "contract_first";
    case Protocol::kAllianceFirst: return "alliance_first";
    case Protocol::kPlan: return "plan";
  }
  return "?";
}

std::optional<Protocol> ParseProtocol(std::string_view name) {
  for (Protocol p : {Protocol::kProRata, Protocol::kPriority, Protocol::kContractFirst,
                     Protocol::kAllianceFirst, Protocol::kPlan}) {
    if (ProtocolName(p) == name) return p;
  }
  return std::nullopt;
}

}  // namespace chaintwin::model
