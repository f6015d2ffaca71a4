// For the live-twin tests: the two-tier example network with its catena_x table as a
// TwinContext, a fresh temporary store file, and event builders in that network's terms.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <string>

#include "chaintwin/io/load.hpp"
#include "chaintwin/twin/context.hpp"
#include "chaintwin/twin/event.hpp"

namespace chaintwin::testutil {

inline const twin::TwinContext& TwoTierContext() {
  static const twin::TwinContext context(
      io::LoadNetwork(std::string(CT_DATA_DIR) + "/examples/two_tier/network.yaml"));
  return context;
}

// A directory removed (with its files) when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "chaintwin-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) != nullptr ? pattern : "";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Organizations and sites of the example (data/examples/two_tier/network.yaml).
inline constexpr const char* kCell = "BPNL00000000CELL";      // runs jp_cell (+09:00)
inline constexpr const char* kCnAnode = "BPNL0000000CNANO";   // runs cn_anode (+08:00)
inline constexpr const char* kJpAnode = "BPNL0000000JPANO";   // runs jp_anode (+09:00)

inline twin::Event Stock(std::string key, double qty, int64_t time_ms,
                         const std::string& site = "jp_cell",
                         const std::string& supplier = kCnAnode) {
  twin::Event e;
  e.key = std::move(key);
  e.kind = twin::EventKind::kItemStock;
  e.owner = kCell;
  e.customer = kCell;
  e.supplier = supplier;
  e.site = site;
  e.material = "anode_material";
  e.direction = twin::Direction::kInbound;
  e.quantity = qty;
  e.time_ms = time_ms;
  return e;
}

// A shipment of anode material from cn_anode to jp_cell reported by the anode maker (CIF),
// known by its key, departed a day before `time_ms`.
inline twin::Event Delivery(std::string key, double qty, int64_t time_ms, int64_t eta_ms) {
  twin::Event e;
  e.key = key;
  e.tracking = std::move(key);
  e.kind = twin::EventKind::kDelivery;
  e.owner = e.supplier = kCnAnode;
  e.customer = kCell;
  e.origin = "cn_anode";
  e.site = "jp_cell";
  e.material = "anode_material";
  e.quantity = qty;
  e.incoterm = twin::Incoterm::kCIF;
  e.departure_ms = time_ms - 86'400'000;
  e.eta_ms = eta_ms;
  e.time_ms = time_ms;
  return e;
}

// The cell plant's demand for anode material from the CN anode maker (category 0001).
inline twin::Event Demand(std::string key, int64_t time_ms, std::vector<twin::DayQuantity> series) {
  twin::Event e;
  e.key = std::move(key);
  e.kind = twin::EventKind::kDemand;
  e.owner = e.customer = kCell;
  e.supplier = kCnAnode;
  e.site = "jp_cell";
  e.material = "anode_material";
  e.category = "0001";
  e.time_ms = time_ms;
  e.series = std::move(series);
  return e;
}

}  // namespace chaintwin::testutil
