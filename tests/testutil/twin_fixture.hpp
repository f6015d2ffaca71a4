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

}  // namespace chaintwin::testutil
