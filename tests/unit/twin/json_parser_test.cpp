// The two JSON parsers of `chaintwin ingest --json-parser` are differential twins: for every
// JSON Lines text, the fast path (simdjson) must give exactly the events and exactly the
// problems (file, line, column, field path, message) of the plain path (nlohmann::json, the
// reference). Checked on every JSON Lines input under tests/ (the malformed files of issue 21),
// the JSON examples of docs/EVENTS.md, hand-picked edge cases, and random streams of lines
// mutated from valid events (odd unicode, escapes, huge numbers, numbers as strings, keys
// given twice, truncation, stray bytes).
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chaintwin/twin/reader.hpp"
#include "malformed/twin_event_cases.hpp"
#include "testutil/twin_fixture.hpp"

namespace chaintwin::twin {
namespace {

struct Outcome {
  std::vector<std::string> events;    // canonical JSON and UTC offset of each event
  std::vector<std::string> problems;  // every diagnostic, with line, column and path
};

Outcome Read(const std::string& text, JsonParser parser) {
  util::Diagnostics diags;
  Outcome out;
  for (const Event& e : ReadEvents(text, "x.jsonl", FileFormat::kJsonLines,
                                   testutil::TwoTierContext(), {}, diags, parser)) {
    out.events.push_back(fmt::format("{} @{}", ToJson(e), e.utc_offset_minutes));
  }
  for (const util::Diagnostic& d : diags) {
    out.problems.push_back(fmt::format("{}:{}:{} [{}] {}", d.file, d.line, d.column, d.path,
                                       d.message));
  }
  return out;
}

// Both parsers on `text`: the same outcome. Returns the plain one.
Outcome ExpectSame(const std::string& text) {
  Outcome plain = Read(text, JsonParser::kPlain);
  Outcome fast = Read(text, JsonParser::kFast);
  EXPECT_EQ(plain.events, fast.events) << "text: " << text;
  EXPECT_EQ(plain.problems, fast.problems) << "text: " << text;
  return plain;
}

// The JSON objects of docs/EVENTS.md's ```json blocks, one per line.
std::vector<std::string> DocumentedEvents() {
  std::ifstream in(std::string(CT_DATA_DIR) + "/../docs/EVENTS.md");
  std::vector<std::string> objects;
  std::string line, block;
  bool in_json = false;
  while (std::getline(in, line)) {
    if (line == "```json") {
      in_json = true;
      block.clear();
    } else if (in_json && line == "```") {
      in_json = false;
      // Objects wrapped over lines; a new one starts at `{"key"`.
      size_t at = 0;
      while ((at = block.find("{\"key\"", at)) != std::string::npos) {
        size_t next = block.find("{\"key\"", at + 1);
        objects.push_back(block.substr(at, next == std::string::npos ? std::string::npos : next - at));
        at = next == std::string::npos ? block.size() : next;
      }
    } else if (in_json) {
      block += line;
    }
  }
  return objects;
}

TEST(JsonParsers, GiveTheSameEventsForTheDocumentedExamples) {
  std::vector<std::string> objects = DocumentedEvents();
  ASSERT_GE(objects.size(), 7u);  // one of each kind at least
  std::string all;
  size_t read = 0;
  for (const std::string& o : objects) {
    read += ExpectSame(o + "\n").events.size();
    all += o + "\n";
  }
  EXPECT_GE(read, 7u);  // the examples are events of the example network, not refusals
  ExpectSame(all);
}

TEST(JsonParsers, GiveTheSameProblemsForEveryMalformedJsonLinesFile) {
  int compared = 0;
  for (const malformed::Case& c : malformed::Cases()) {
    if (std::string(c.file).find(".jsonl") == std::string::npos) continue;
    SCOPED_TRACE(c.name);
    Outcome plain = ExpectSame(c.text);
    if (!c.text.empty()) {
      EXPECT_FALSE(plain.problems.empty());
      EXPECT_NE(plain.problems[0].find(c.message), std::string::npos) << plain.problems[0];
    }
    ++compared;
  }
  EXPECT_GE(compared, 30);
}

TEST(JsonParsers, AgreeOnTextsOnlyOneOfTheParsersReadsAsIs) {
  const std::string ok = malformed::StockLine();
  const std::string body = ok.substr(0, ok.size() - 2);  // without "}\n"
  const std::vector<std::string> texts = {
      // A BOM at the start of a later line: simdjson refuses it, nlohmann skips it.
      ok + "\xEF\xBB\xBF" + malformed::Replace(ok, "\"s1\"", "\"s2\""),
      // A key twice: nlohmann keeps the last, simdjson would find the first.
      body + R"(,"quantity":"1300 t"})" "\n",
      body + R"(,"site":"jp_cells"})" "\n",
      // Integers past 64 bits and doubles out of range (nlohmann: out_of_range 406).
      malformed::Replace(ok, R"("1200 t")", R"({"value":123456789012345678901234567890,"unit":"unit:kilogram"})"),
      malformed::Replace(ok, R"("1200 t")", R"({"value":18446744073709551615,"unit":"unit:gram"})"),
      malformed::Replace(ok, R"("1200 t")", R"({"value":-0,"unit":"unit:gram"})"),
      malformed::Replace(ok, R"("1200 t")", R"({"value":-0.0,"unit":"unit:gram"})"),
      malformed::Replace(ok, R"("1200 t")", R"({"value":1e400,"unit":"unit:gram"})"),
      malformed::Replace(ok, R"("1200 t")", R"({"value":1.5e-400,"unit":"unit:gram"})"),
      malformed::Replace(ok, R"("1200 t")", R"({"value":1E5,"unit":"unit:kilogram"})"),
      malformed::Replace(ok, R"("1200 t")", "-9223372036854775809"),
      // Escapes and unicode in keys and values.
      malformed::Replace(ok, R"("jp_cell")", R"("jp\u005fcell")"),
      malformed::Replace(ok, R"("jp_cell")", R"("jp_c\u00e9ll")"),
      malformed::Replace(ok, R"("jp_cell")", "\"jp_c\xC3\xA9ll\""),
      malformed::Replace(ok, R"("jp_cell")", R"("\ud83d\ude00")"),
      malformed::Replace(ok, R"("jp_cell")", R"("\ud83d")"),
      malformed::Replace(ok, R"("jp_cell")", R"("\u0000")"),
      malformed::Replace(ok, R"("jp_cell")", "\"a\x01\""),
      malformed::Replace(ok, R"("jp_cell")", "\"\xff\xfe\""),
      malformed::Replace(ok, R"("jp_cell")", "\"\xED\xA0\x80\""),  // a surrogate in UTF-8
      malformed::Replace(ok, R"("key")", R"("k\u0065y")"),
      // Trailing content and whitespace.
      ok.substr(0, ok.size() - 1) + " {}\n",
      ok.substr(0, ok.size() - 1) + " \t \r\n",
      ok.substr(0, ok.size() - 1) + "\f\n",
      // Deep nesting (simdjson stops at 1024 levels).
      malformed::Replace(ok, R"("1200 t")", std::string(2000, '[') + std::string(2000, ']')),
  };
  for (const std::string& t : texts) ExpectSame(t);
}

// --- random streams ---------------------------------------------------------------------

// One random value for a field: valid ones of the example network, and the odd.
std::string RandomValue(std::mt19937_64& rng) {
  static const std::vector<std::string> kValues = {
      R"("jp_cell")", R"("cn_anode")", R"("BPNS00000000JPCL")", R"("anode_material")",
      R"("ANODE-SCG")", R"("BPNL00000000CELL")", R"("BPNL0000000CNANO")", R"("inbound")",
      R"("outbound")", R"("1200 t")", R"("12.5 kt")", R"("1e30 t")", R"("-5 t")", R"("12,5 t")",
      R"("2026-03-02T06:00:00+09:00")", R"("2026-03-02T06:00:00Z")", R"("2026-03-02T06:00:00")",
      R"("2026-03-03")", R"("12")", R"("true")", R"("")", R"("\u00e9\u4e2d\ud83d\ude00")",
      "\"\xE4\xB8\xAD\xE6\x96\x87\"", R"("\"\\\/\b\f\n\r\t")", R"("\u0000")",
      "0", "-0", "-0.0", "1", "1.5", "1e3", "1E-3", "1e308", "1e400", "-1e400", "1.7976931348623157e308",
      "5e-324", "123456789012345678901234567890", "18446744073709551615", "9223372036854775807",
      "-9223372036854775808", "0.1e1", "true", "false", "null", "[]", "{}",
      R"([{"day":"2026-03-03","quantity":"40 t"}])",
      R"([{"day":"2026-03-03","quantity":"40 t"},{"day":"2026-03-04","quantity":{"value":2.5,"unit":"unit:tonneMetricTon"}}])",
      R"([{"day":"2026-03-03","quantity":"40 t"},{"day":"2026-03-03","quantity":"1 t"}])",
      R"({"value":1200,"unit":"unit:kilogram"})", R"({"value":"1200","unit":"unit:kilogram"})",
      R"({"value":1e2,"unit":"unit:bushel"})", R"({"value":12,"unit":"t"})",
      R"({"value":1,"value":2,"unit":"t"})", R"("EXW")", R"("CIF")", R"("DAP")",
  };
  return kValues[rng() % kValues.size()];
}

// A valid event line of a random kind, then 0-3 mutations.
std::string RandomLine(std::mt19937_64& rng) {
  static const std::vector<std::string> kBases = {
      malformed::StockLine(),
      malformed::Demand(R"([{"day":"2026-03-03","quantity":"40 t"}])"),
      malformed::Delivery("BPNL0000000CNANO", "CIF"),
      R"({"key":"p1","kind":"production","owner":"BPNL0000000CNANO","customer":"BPNL00000000CELL","supplier":"BPNL0000000CNANO","site":"cn_anode","material":"anode_material","actual":false,"outputs":[{"day":"2026-03-04","quantity":"80 t"}],"time":"2026-03-02T06:00:00+08:00"})" "\n",
      R"({"key":"c1","kind":"capacity_notice","owner":"BPNL0000000CNANO","site":"cn_anode","material":"anode_material","capacity":"20 t/d","from":"2026-03-10","until":"2026-04-10","text":"line 2","time":"2026-03-02T06:00:00+08:00"})" "\n",
      R"({"key":"q1","kind":"quality","owner":"BPNL00000000CELL","site":"jp_cell","material":"anode_material","characteristic":"d50_um","value":17.9,"time":"2026-03-02T06:00:00+09:00"})" "\n",
      R"({"key":"f1","kind":"failure","owner":"BPNL00000000CELL","site":"jp_cell","material":"anode_material","quantity":"12 t","text":"lot 4711","time":"2026-03-02T06:00:00+09:00"})" "\n",
  };
  std::string line = kBases[rng() % kBases.size()];
  line.pop_back();  // "\n"
  const int mutations = static_cast<int>(rng() % 4);
  for (int m = 0; m < mutations; ++m) {
    // The value after a random `"field":`.
    std::vector<size_t> colons;
    for (size_t i = 0; i + 1 < line.size(); ++i) {
      if (line[i] == '"' && line[i + 1] == ':') colons.push_back(i + 2);
    }
    switch (rng() % 9) {
      case 0:
      case 1:
      case 2: {  // replace a string value
        if (colons.empty()) break;
        size_t at = colons[rng() % colons.size()];
        if (line[at] != '"') break;
        size_t end = line.find('"', at + 1);
        if (end == std::string::npos) break;
        line.replace(at, end - at + 1, RandomValue(rng));
        break;
      }
      case 3:  // a field given again (a key twice) or a new one
        line.insert(line.size() - 1,
                    fmt::format(R"(,"{}":{})",
                                std::vector<std::string>{"quantity", "site", "key", "time",
                                                         "warehouse", "\\u006bey", "kind"}[rng() % 7],
                                RandomValue(rng)));
        break;
      case 4:  // truncate
        line.resize(rng() % (line.size() + 1));
        break;
      case 5: {  // a stray byte
        if (line.empty()) break;
        static const char kBytes[] = {'\0', '\x01', '\x7f', '\xff', '\xc3', '"', '\\', '{', ']', ',', ' '};
        line[rng() % line.size()] = kBytes[rng() % sizeof(kBytes)];
        break;
      }
      case 6:  // whitespace around tokens
        for (size_t i = 0; i < line.size(); ++i) {
          if (line[i] == ',' && rng() % 3 == 0) line.insert(i + 1, rng() % 2 ? " " : "\t");
        }
        break;
      case 7:  // remove a field
        if (!colons.empty()) {
          size_t at = colons[rng() % colons.size()];
          size_t start = line.rfind(",\"", at);
          size_t next = line.find(",\"", at);
          if (start != std::string::npos && next != std::string::npos) line.erase(start, next - start);
        }
        break;
      default:  // CRLF or a BOM
        line = rng() % 2 ? line + "\r" : "\xEF\xBB\xBF" + line;
        break;
    }
  }
  return line + "\n";
}

TEST(JsonParsers, GiveTheSameOutcomeOnRandomEventStreams) {
  std::mt19937_64 rng(20261207);
  size_t valid_lines = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string line = RandomLine(rng);
    Outcome plain = ExpectSame(line);
    valid_lines += plain.events.size();
    if (::testing::Test::HasFailure()) break;
  }
  // Streams of several lines, keys reused across lines (the same key with other content).
  for (int round = 0; round < 300 && !::testing::Test::HasFailure(); ++round) {
    std::string text;
    const int lines = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < lines; ++i) text += RandomLine(rng);
    ExpectSame(text);
  }
  // Enough valid lines that events, not only problems, were compared.
  EXPECT_GE(valid_lines, 300u);
}

// The body of POST /v1/events: ReadEventsBodyFast gives what the plain way gives (nlohmann's
// parse, then ReadEventObjects on the "events" array), or nullopt and nothing said.
TEST(JsonParsers, ReadTheBodyOfPostEventsAsThePlainWayDoes) {
  const TwinContext& ctx = testutil::TwoTierContext();
  std::mt19937_64 rng(7);
  int compared = 0, events_read = 0;
  for (int round = 0; round < 600 && !::testing::Test::HasFailure(); ++round) {
    std::string body = R"({"events":[)";
    const int n = 1 + static_cast<int>(rng() % 5);
    for (int i = 0; i < n; ++i) {
      std::string line = RandomLine(rng);
      line.pop_back();  // "\n"
      body += (i > 0 ? "," : "") + line;
    }
    body += rng() % 2 ? R"(],"source":"feed 1"})" : "]}";
    util::Diagnostics fast_diags;
    std::optional<std::string> source;
    auto fast = ReadEventsBodyFast(body, 1000, "events", ctx, fast_diags, &source);
    nlohmann::json parsed;
    bool plain_parses = true;
    try {
      parsed = nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception&) {
      plain_parses = false;
    }
    if (!fast) {
      EXPECT_TRUE(fast_diags.empty()) << body;
      continue;
    }
    ASSERT_TRUE(plain_parses) << "only simdjson read " << body;
    util::Diagnostics plain_diags;
    auto plain = ReadEventObjects(parsed["events"], "events", ctx, plain_diags);
    ASSERT_EQ(plain.size(), fast->size()) << body;
    for (size_t i = 0; i < plain.size(); ++i) EXPECT_EQ(ToJson(plain[i]), ToJson((*fast)[i]));
    ASSERT_EQ(plain_diags.size(), fast_diags.size()) << body;
    for (size_t i = 0; i < plain_diags.size(); ++i) {
      EXPECT_EQ(plain_diags[i].ToString(), fast_diags[i].ToString());
      EXPECT_EQ(plain_diags[i].line, fast_diags[i].line);
    }
    EXPECT_EQ(source, parsed.contains("source") ? std::optional<std::string>("feed 1") : std::nullopt);
    ++compared;
    events_read += static_cast<int>(plain.size());
  }
  EXPECT_GE(compared, 100);  // 171 with this seed: the rest hold a line that is not JSON
  EXPECT_GE(events_read, 20);
  // Envelopes the plain way reports on: no fast reading, nothing said.
  const std::string line = malformed::StockLine().substr(0, malformed::StockLine().size() - 1);
  for (const std::string& body : std::vector<std::string>{
           "[" + line + "]", R"({"events":[]})", R"({"events":{}})", R"({"source":"x"})",
           R"({"events":[)" + line + R"(],"source":5})",
           R"({"events":[)" + line + R"(],"extra":1})",
           R"({"events":[)" + line + R"(],"events":[)" + line + "]}",
           R"({"events":[)" + line + "," + line + "," + line + "]}", ""}) {
    util::Diagnostics diags;
    std::optional<std::string> source;
    EXPECT_FALSE(ReadEventsBodyFast(body, 2, "events", ctx, diags, &source).has_value()) << body;
    EXPECT_TRUE(diags.empty());
  }
}

TEST(JsonParsers, NamesAreReadAndOthersRefused) {
  EXPECT_EQ(ParseJsonParser("plain"), JsonParser::kPlain);
  EXPECT_EQ(ParseJsonParser("fast"), JsonParser::kFast);
  EXPECT_FALSE(ParseJsonParser("simdjson").has_value());
}

TEST(JsonParsers, ANumberTooLargeForADoubleIsABadLineNotACrash) {
  // nlohmann throws out_of_range (not parse_error) for 1e400: reported like bad JSON.
  Outcome plain = ExpectSame(malformed::Replace(malformed::StockLine(), R"("1200 t")",
                                                R"({"value":1e400,"unit":"unit:gram"})"));
  ASSERT_EQ(plain.problems.size(), 1u);
  EXPECT_EQ(plain.problems[0],
            "x.jsonl:1:1 [] not a JSON object (number overflow parsing '1e400'); each line holds "
            "one event");
}

}  // namespace
}  // namespace chaintwin::twin
