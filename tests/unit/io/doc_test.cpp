// ParseYaml reads with libfyaml and falls back to yaml-cpp on problems: both must give the same
// tree (kinds, text, keys, lines and columns) for everything the loaders accept.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "io/doc.hpp"

namespace chaintwin::io {
namespace {

std::string Dump(const DocNode& n, int indent = 0) {
  std::string pad(static_cast<size_t>(indent), ' ');
  std::string out = pad + std::to_string(n.line) + ":" + std::to_string(n.column) + " ";
  switch (n.kind) {
    case DocNode::Kind::kNull:
      return out + "null\n";
    case DocNode::Kind::kScalar:
      return out + "'" + n.text + "'\n";
    case DocNode::Kind::kList:
      out += "list\n";
      for (const DocNode& item : n.items) out += Dump(item, indent + 2);
      return out;
    case DocNode::Kind::kMap:
      out += "map\n";
      for (const DocEntry& e : n.entries) {
        out += pad + "  key " + e.key + " @" + std::to_string(e.line) + ":" + std::to_string(e.column) + "\n";
        out += Dump(e.value, indent + 4);
      }
      return out;
  }
  return out;
}

TEST(ParseYaml, LibfyamlAndYamlCppGiveTheSameTree) {
  const std::string text = R"(kind: network   # a comment
id: "quoted: id"
name: 'single ''quoted'''
empty:
tilde: ~
null_word: null
quoted_null: "null"
numbers: [1, 2.5e3, -7, 0x1F]
flow: {a: 1, b: [x, y], c: {d: e}}
anchored: &base {capacity: 16 kt/yr, start: 2026-01-01}
alias: *base
block: |
  line one
  line two
folded: >
  folded
  text
plain multi: this plain
  scalar folds
sites:
  - id: a
    processes:
      - {output: ore, capacity: 100 kt/yr}
    stock_policy: {default: 30 d, ore: 12 d}
  -   id: b
      demand:
        cell: 8 GWh/yr
  - [nested, list]
  -
  - "unicode: é 漢字"
)";
  util::Diagnostics d1, d2;
  auto fast = ParseYaml(text, "t.yaml", d1, YamlParser::kFast);
  auto slow = ParseYaml(text, "t.yaml", d2, YamlParser::kYamlCpp);
  ASSERT_TRUE(fast.has_value());
  ASSERT_TRUE(slow.has_value());
  EXPECT_TRUE(d1.empty());
  EXPECT_TRUE(d2.empty());
  EXPECT_EQ(Dump(*fast), Dump(*slow));
  EXPECT_EQ(fast->Find("alias")->Find("capacity")->text, "16 kt/yr");
  EXPECT_TRUE(fast->Find("empty")->is_null());
  EXPECT_TRUE(fast->Find("tilde")->is_null());
  EXPECT_TRUE(fast->Find("quoted_null")->is_scalar());
}

TEST(ParseYaml, ProblemsAreReportedAsYamlCppReportsThem) {
  for (const std::string text : {"a: 1\na: 2\n", "a: [1, 2\n", "a:\n\t- b\n", "{x: 1}: 2\n"}) {
    SCOPED_TRACE(text);
    util::Diagnostics d1, d2;
    auto fast = ParseYaml(text, "t.yaml", d1, YamlParser::kFast);
    auto slow = ParseYaml(text, "t.yaml", d2, YamlParser::kYamlCpp);
    EXPECT_FALSE(fast.has_value());
    EXPECT_FALSE(slow.has_value());
    ASSERT_EQ(d1.size(), d2.size());
    ASSERT_FALSE(d1.empty());
    for (size_t i = 0; i < d1.size(); ++i) EXPECT_EQ(d1[i].ToString(), d2[i].ToString());
  }
}

// Every YAML and JSON file of the repository's data and of tests/malformed: the same tree, or the
// same diagnostics.
TEST(ParseYaml, EveryBundledAndMalformedFileReadsTheSameWithEitherParser) {
  int files = 0;
  for (const char* root : {CT_DATA_DIR, CT_TEST_DIR "/malformed", CT_TEST_DIR "/fuzz"}) {
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".json")) continue;
      SCOPED_TRACE(entry.path().string());
      util::Diagnostics read;
      auto text = ReadTextFile(entry.path().string(), read);
      if (!text) continue;
      util::Diagnostics d1, d2;
      auto fast = ParseYaml(*text, "f", d1, YamlParser::kFast);
      auto slow = ParseYaml(*text, "f", d2, YamlParser::kYamlCpp);
      ASSERT_EQ(fast.has_value(), slow.has_value());
      if (fast) {
        EXPECT_EQ(Dump(*fast), Dump(*slow));
      }
      ASSERT_EQ(d1.size(), d2.size());
      for (size_t i = 0; i < d1.size(); ++i) EXPECT_EQ(d1[i].ToString(), d2[i].ToString());
      ++files;
    }
  }
  EXPECT_GT(files, 50);
}

}  // namespace
}  // namespace chaintwin::io
