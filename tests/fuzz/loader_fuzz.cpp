// libFuzzer target: any bytes given to the network and scenario loaders end in a model or in
// chaintwin::Error (InputError with diagnostics); never in a crash, a hang, a sanitizer
// report or another exception. Build with scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <string>

#include "chaintwin/io/load.hpp"
#include "chaintwin/util/error.hpp"
#include "io/scenario_builder.hpp"

namespace {

const std::string kExampleDir = CT_FUZZ_DATA_DIR "/examples/two_tier";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    chaintwin::io::LoadNetworkFromString(text, "fuzz.yaml", kExampleDir);
  } catch (const chaintwin::Error&) {
  }
  // The scenario path, checked against the example network, which is loaded once (the cache
  // that `validate` uses); LoadScenarioFromString would load it again for every input.
  static chaintwin::io::NetworkCache cache;
  chaintwin::util::Diagnostics diagnostics;
  chaintwin::io::BuildScenario(text, "fuzz.yaml", kExampleDir, kExampleDir + "/network.yaml",
                               cache, diagnostics);
  return 0;
}
