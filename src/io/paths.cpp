// Where the bundled data lives: $CHAINTWIN_DATA, else a data/ folder beside or above the
// executable (an installed or built command finds the data it shipped with), else the source
// tree the build was configured from.
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "chaintwin/io/load.hpp"

#ifndef CHAINTWIN_SOURCE_DATA_DIR
#define CHAINTWIN_SOURCE_DATA_DIR "data"
#endif

namespace chaintwin::io {
namespace {

bool LooksLikeDataDir(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_directory(dir / "battery", ec) ||
         std::filesystem::is_directory(dir / "examples", ec);
}

}  // namespace

std::string DataDir() {
  if (const char* env = std::getenv("CHAINTWIN_DATA"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    for (std::filesystem::path dir = exe.parent_path(); !dir.empty(); dir = dir.parent_path()) {
      if (LooksLikeDataDir(dir / "data")) return (dir / "data").string();
      if (LooksLikeDataDir(dir / "share" / "chaintwin" / "data")) {
        return (dir / "share" / "chaintwin" / "data").string();
      }
      if (dir == dir.root_path()) break;
    }
  }
  return CHAINTWIN_SOURCE_DATA_DIR;
}

std::string DefaultNetworkPath() {
  return (std::filesystem::path(DataDir()) / "battery" / "network.yaml").string();
}

}  // namespace chaintwin::io
