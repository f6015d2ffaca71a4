// The bundled scenarios (data/battery/scenarios/*.yaml), for tests that run every one.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "chaintwin/io/load.hpp"

namespace chaintwin::testutil {

// Calls fn(loaded scenario) for each bundled scenario, with its file name traced; returns how
// many there were.
template <typename Fn>
int ForEachBundledScenario(Fn&& fn) {
  int scenarios = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CT_DATA_DIR) + "/battery/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++scenarios;
    fn(io::LoadScenario(entry.path().string()));
  }
  return scenarios;
}

}  // namespace chaintwin::testutil
