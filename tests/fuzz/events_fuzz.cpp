// libFuzzer target, differential: any bytes read as a JSON Lines event file by both JSON
// parsers of `chaintwin ingest --json-parser` (plain: nlohmann::json, the reference; fast:
// simdjson) give the same events and the same problems, word for word; a difference aborts.
// The events are checked against data/examples/two_tier. Seeds: tests/fuzz/corpus_events.
// Build and run: scripts/fuzz.sh events_fuzz.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/twin/reader.hpp"
#include "chaintwin/util/error.hpp"

namespace {

using namespace chaintwin;

const twin::TwinContext& Context() {
  static const twin::TwinContext context(
      io::LoadNetwork(CT_FUZZ_DATA_DIR "/examples/two_tier/network.yaml"));
  return context;
}

std::vector<std::string> Outcome(const std::string& text, twin::JsonParser parser) {
  util::Diagnostics diags;
  std::vector<std::string> out;
  for (const twin::Event& e : twin::ReadEvents(text, "f.jsonl", twin::FileFormat::kJsonLines,
                                               Context(), {}, diags, parser)) {
    out.push_back(fmt::format("{} @{}", twin::ToJson(e), e.utc_offset_minutes));
  }
  for (const util::Diagnostic& d : diags) {
    out.push_back(fmt::format("{}:{}:{} [{}] {}", d.file, d.line, d.column, d.path, d.message));
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto plain = Outcome(text, twin::JsonParser::kPlain);
  const auto fast = Outcome(text, twin::JsonParser::kFast);
  if (plain != fast) {
    std::fprintf(stderr, "the JSON parsers differ\nplain:\n");
    for (const auto& s : plain) std::fprintf(stderr, "  %s\n", s.c_str());
    std::fprintf(stderr, "fast:\n");
    for (const auto& s : fast) std::fprintf(stderr, "  %s\n", s.c_str());
    std::abort();
  }
  return 0;
}
