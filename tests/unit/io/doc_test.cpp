// ParseYaml reads with chaintwin's block reader, outside its subset with libfyaml, and falls back
// to yaml-cpp on problems: all three must give the same tree (kinds, text, keys, lines and
// columns) for everything the loaders accept, and the same diagnostics for everything else.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/doc.hpp"

namespace chaintwin::io {
namespace {

std::string Dump(const DocNode& n) { return DumpTree(n); }

// The three readers on `text`: the same tree or the same diagnostics (message, line, column).
void ExpectSameWithEveryReader(const std::string& text) {
  util::Diagnostics d_fast, d_fy, d_cpp;
  auto fast = ParseYaml(text, "t.yaml", d_fast, YamlParser::kFast);
  auto fy = ParseYaml(text, "t.yaml", d_fy, YamlParser::kLibfyaml);
  auto cpp = ParseYaml(text, "t.yaml", d_cpp, YamlParser::kYamlCpp);
  ASSERT_EQ(fast.has_value(), cpp.has_value());
  ASSERT_EQ(fy.has_value(), cpp.has_value());
  if (cpp) {
    EXPECT_EQ(Dump(fast->root), Dump(cpp->root));
    EXPECT_EQ(Dump(fy->root), Dump(cpp->root));
  }
  ASSERT_EQ(d_fast.size(), d_cpp.size());
  ASSERT_EQ(d_fy.size(), d_cpp.size());
  for (size_t i = 0; i < d_cpp.size(); ++i) {
    EXPECT_EQ(d_fast[i].ToString(), d_cpp[i].ToString());
    EXPECT_EQ(d_fy[i].ToString(), d_cpp[i].ToString());
  }
}

// The block reader reads `text` itself (no fallback) into yaml-cpp's tree.
void ExpectBlockReaderReadsAsYamlCpp(const std::string& text) {
  SCOPED_TRACE(text);
  DocText kept("");
  auto block = ReadYamlBlockSubset(text, InternFileName("t.yaml"), kept);
  ASSERT_TRUE(block.has_value()) << "outside the block subset";
  util::Diagnostics d;
  auto cpp = ParseYaml(text, "t.yaml", d, YamlParser::kYamlCpp);
  ASSERT_TRUE(cpp.has_value());
  EXPECT_EQ(Dump(*block), Dump(cpp->root));
  ExpectSameWithEveryReader(text);
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
  EXPECT_EQ(Dump(fast->root), Dump(slow->root));
  EXPECT_EQ(fast->root.Find("alias")->Find("capacity")->text, "16 kt/yr");
  EXPECT_TRUE(fast->root.Find("empty")->is_null());
  EXPECT_TRUE(fast->root.Find("tilde")->is_null());
  EXPECT_TRUE(fast->root.Find("quoted_null")->is_scalar());
  ExpectSameWithEveryReader(text);
}

// What the block reader reads itself: each case's tree, positions included, is yaml-cpp's.
TEST(ParseYaml, BlockReaderGivesYamlCppsTree) {
  for (const std::string text : {
           "kind: network\nid: a\n",
           "a: 1\nb:\nc: 2\n",                                // an empty value: null at `c`
           "a:\n  - x\n  -\n  - y\nb: ~\n",                  // null list item at the next `-`
           "list:\n- a\n- b\nnext: 1\n",                      // a list at its key's indent
           "sites:\n  - id: a\n    x:\n  - id: b\n",          // null before the next item
           "- id: a\n  p:\n    - {output: ore, capacity: 1 t/d}\n- [x, 'y', \"z\"]\n",
           "a: {default: 30 d, ore: 12 d}\nb: [1, -2, 2.5e3, null, ~]\nc: {}\nd: []\n",
           "a: \"q: \\\"x\\\" \\\\ \\n \\/\"\nb: 'it''s'\nc: \"null\"\nd: ''\n",
           "# head\n\nkind: x   # trailing\nurl: https://e.org/a#b\nnote: a#b c # d\n",
           "d: >\n  folded\n  text\n\n  para\ne: |\n  one\n   two\n\n  three\nf: 1\n",
           "- >\n  in a list\n- x\n",
           "k: v\n# at the end, no newline",
           "   a: 1\n   b:\n     c: 2\n",                       // a root map indented
           "name: é 漢字 x\nflow: {n: é, m: 漢字, o: 1}\n",      // columns after UTF-8 text
           "a: see [1], {x}\nb: -7\nc: --- x\n",
           "events:\n []\nnote:\n  plain on its own line\nq:\n    'quoted'\n",
           "plain multi: x\nk:    value   \nc: #only a comment\nd: \"x # y\"\ne: x #\n",
           "list:\n  - a\n  # between items\n     # deeper comment\n  - b\n\n\n  - []\n  - {}\n",
           "- # a comment, the item below\n  a: 1\n- b",
           "t: |\n  kept\n\n\nnext: 1\nend: >\n  last\n  line\n",
           "n: 12\nb: true\nf: -1.5e-3\nd: 2026-01-01\ns: 'a \"b\"'\nq: \"it's\"\n",
       }) {
    ExpectBlockReaderReadsAsYamlCpp(text);
  }
}

// Outside the subset the block reader gives up and the others read (or report) the text; the
// result is still the same with every reader.
// Every node of a tree names its file through one interned string: the same name gives the
// same pointer, another name another one, and nodes of two parses of one file share it.
TEST(ParseYaml, NodesShareTheirFilesInternedName) {
  const std::string* a = InternFileName("a.yaml");
  EXPECT_EQ(a, InternFileName(std::string("a.yaml")));
  EXPECT_NE(a, InternFileName("b.yaml"));
  EXPECT_EQ(*a, "a.yaml");
  util::Diagnostics d;
  const std::string text = "sites:\n  - id: x\n    processes:\n      - output: y\n";
  for (YamlParser parser : {YamlParser::kFast, YamlParser::kLibfyaml, YamlParser::kYamlCpp}) {
    auto tree = ParseYaml(text, "a.yaml", d, parser);
    ASSERT_TRUE(tree.has_value());
    EXPECT_EQ(tree->root.file, a);
    const DocNode& process = tree->root.Find("sites")->items[0].Find("processes")->items[0];
    EXPECT_EQ(process.file, a);
    EXPECT_EQ(process.Find("output")->file, a);
  }
  EXPECT_TRUE(d.empty());
}

// The block reader moves each map's entries and each list's items into an array of exactly
// their number (docs/BENCHMARKS.md: spare room in fresh memory cost page faults); collections
// of different sizes one after the other (which a size carried over from the one before got
// wrong) hold what they should.
TEST(ParseYaml, BlockReadersCollectionsHoldNoSpareRoom) {
  const std::string text = R"(a:
  - {x: 1}
  - id: one
    k: [1, 2, 3]
  - id: two
    b: 2
    c: 3
    d: 4
    e:
      - p
      - q
  - id: three
z: end
)";
  DocText kept("");
  auto tree = ReadYamlBlockSubset(text, InternFileName("t.yaml"), kept);
  ASSERT_TRUE(tree.has_value());
  // Block and flow collections (the map {x: 1} on line 2, the list [1, 2, 3] on line 4) alike.
  std::vector<const DocNode*> stack = {&*tree};
  size_t collections = 0;
  while (!stack.empty()) {
    const DocNode* n = stack.back();
    stack.pop_back();
    if (n->is_list()) {
      ++collections;
      EXPECT_EQ(n->items.capacity(), n->items.size()) << "list at line " << n->line;
      for (const DocNode& item : n->items) stack.push_back(&item);
    }
    if (n->is_map()) {
      ++collections;
      EXPECT_EQ(n->entries.capacity(), n->entries.size()) << "map at line " << n->line;
      for (const DocEntry& e : n->entries) stack.push_back(&e.value);
    }
  }
  EXPECT_EQ(collections, 8u);  // the root, a, {x: 1}, the maps one, two, three, [1, 2, 3], e
  ExpectBlockReaderReadsAsYamlCpp(text);
}

TEST(ParseYaml, OutsideTheBlockSubsetEveryReaderStillAgrees) {
  for (const std::string text : {
           "a: &x {b: 1}\nc: *x\n", "a: !!str 1\n", "--- \na: 1\n", "%YAML 1.2\n---\na: 1\n",
           "a: plain\n  continued\n", "a: \"over\n  lines\"\n", "a: |-\n  x\n", "a: >2\n   x\n",
           "a: 1\na: 2\n", "a: [1, 2\n", "a:\n\t- b\n", "{x: 1}: 2\n", "a: b: c\n", "a: 1\n b: 2\n",
           "- a\nb: 1\n", "a:\n  b: 1\n c: 2\n", "\"q\": 1\n", "a: [x, ]\n", "a: {b}\n",
           "a: {b: }\n", "a: x\n...\n", "a:\r\n  b: 1\r\n", "a: \"\\u00e9\"\n", "a: - b\n",
           "a:\n", "- - a\n", "a: >\n\n  x\n", "a: >\n  x\n    more\n", "a: {b: c, b: d}\n",
           "null: 1\n", "a: [1, [2, [3]]]\nb: 'x' y\n", "a: 'x'#c\n", "a: {b: http://x}\n",
           "a: &x !!str 1\nb: !!map {c: 1}\n", "a: !t &y [1]\n", "a:\n  x\n  y\n",
       }) {
    SCOPED_TRACE(text);
    ExpectSameWithEveryReader(text);
  }
}

// Braces inside `>` text are text, but the depth check reads the text: every reader refuses 65
// of them with the same message (found by the fuzzer: the block reader had taken the file).
TEST(ParseYaml, DeepBracesInsideBlockTextAreRefusedByEveryReader) {
  const std::string text = "kind: network\ndescription: >\n  one\n  - {" + std::string(65, '{') +
                           "x}\nid: n\n";
  ExpectSameWithEveryReader(text);
  util::Diagnostics d;
  EXPECT_FALSE(ParseYaml(text, "t.yaml", d, YamlParser::kFast).has_value());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d[0].ToString().find("t.yaml:4:"), std::string::npos) << d[0].ToString();
  EXPECT_NE(d[0].ToString().find("nesting is deeper than 64 levels"), std::string::npos);
}

// The depth check counts brackets outside quotes and comments and places a refusal at the
// bracket that passes the limit.
TEST(ParseYaml, DepthCheckCountsBracketsOutsideQuotesAndComments) {
  const std::string deep = std::string(65, '[') + std::string(65, ']');
  util::Diagnostics d;
  EXPECT_FALSE(ParseYaml("a: 1\n# [[[[ {{\nb: " + deep + "\n", "t.yaml", d).has_value());
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].line, 3);
  EXPECT_EQ(d[0].column, 4 + 64);  // the 65th `[`
  util::Diagnostics fine;
  const std::string quoted = "a: '" + deep + "'\nb: \"" + deep + "\" # " + deep + "\nc: [[1]]\n";
  auto doc = ParseYaml(quoted, "t.yaml", fine);
  ASSERT_TRUE(doc.has_value()) << (fine.empty() ? "" : fine[0].ToString());
  EXPECT_EQ(doc->root.Find("a")->text, deep);
  ExpectSameWithEveryReader(quoted);
}

// The depth check on random text of quotes, comments and brackets (with runs of plain text
// between, so that its eight-at-a-time scan meets stops at every offset) refuses exactly what
// a plain character-by-character count refuses, at the same position.
TEST(ParseYaml, DepthCheckAgreesWithACharacterByCharacterCount) {
  auto count = [](const std::string& text, int& line, int& column) {
    int depth = 0;
    char quote = 0;
    bool comment = false;
    line = 1;
    column = 0;
    for (char c : text) {
      ++column;
      if (c == '\n') {
        ++line;
        column = 0;
        comment = false;
        continue;
      }
      if (comment) continue;
      if (quote != 0) {
        if (c == quote) quote = 0;
        continue;
      }
      if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        comment = true;
      } else if (c == '[' || c == '{') {
        if (++depth > kMaxDepth) return false;
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
    return true;
  };
  std::mt19937 rng(11);
  const std::string stops = "\"'#[]{}\n";
  int refused = 0;
  for (int n = 0; n < 1500; ++n) {
    std::string text = "a: ";
    const int length = 50 + static_cast<int>(rng() % 400);
    while (static_cast<int>(text.size()) < length) {
      const unsigned r = rng() % 20;
      if (r < 10) {
        text += '[';
      } else if (r < 19) {
        text.append(1 + rng() % 9, 'x');
      } else {
        text += stops[rng() % stops.size()];
      }
    }
    int line = 0, column = 0;
    const bool fine = count(text, line, column);
    util::Diagnostics d;
    ParseYaml(text, "t.yaml", d);
    const bool deep = d.size() == 1 && d[0].message.find("nesting is deeper") != std::string::npos;
    ASSERT_EQ(deep, !fine) << text;
    if (deep) {
      ++refused;
      EXPECT_EQ(d[0].line, line) << text;
      EXPECT_EQ(d[0].column, column) << text;
    }
  }
  EXPECT_GT(refused, 30);
}

// A file that ends inside `>` or `|` text without a line break: yaml-cpp's value has no final
// line break, libfyaml's has one (a difference of the old path, kept). The block reader leaves
// such a file to libfyaml, so the default path reads it as before.
TEST(ParseYaml, TextEndingTheFileWithoutALineBreakIsLeftToLibfyaml) {
  const std::string text = "t: >\n  at the end\n  without a break";
  DocText kept("");
  EXPECT_FALSE(ReadYamlBlockSubset(text, InternFileName("t.yaml"), kept));
  util::Diagnostics d1, d2;
  auto fast = ParseYaml(text, "t.yaml", d1, YamlParser::kFast);
  auto fy = ParseYaml(text, "t.yaml", d2, YamlParser::kLibfyaml);
  ASSERT_TRUE(fast && fy);
  EXPECT_EQ(Dump(fast->root), Dump(fy->root));
}

// Bundled files with one to three random edits (YAML's indicators, spaces, line breaks): every
// edited text the block reader accepts, yaml-cpp and libfyaml read into the same tree; what it
// refuses goes to them anyway. A deterministic small fuzz run inside the suite.
TEST(ParseYaml, EditedFilesTheBlockReaderAcceptsReadTheSameWithEveryParser) {
  std::mt19937 rng(7);
  const std::string alphabet = " \n:-#'\"[]{},>|a1&*!";
  int accepted = 0;
  for (const char* name : {"/examples/two_tier/network.yaml", "/battery/scenarios/graphite_ban.yaml"}) {
    util::Diagnostics read;
    auto original = ReadTextFile(std::string(CT_DATA_DIR) + name, read);
    ASSERT_TRUE(original.has_value());
    for (int n = 0; n < 600; ++n) {
      std::string text = *original;
      for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
        size_t pos = rng() % text.size();
        char c = alphabet[rng() % alphabet.size()];
        switch (rng() % 3) {
          case 0: text[pos] = c; break;
          case 1: text.insert(pos, 1, c); break;
          default: text.erase(pos, 1); break;
        }
      }
      DocText kept("");
      auto block = ReadYamlBlockSubset(text, InternFileName("t.yaml"), kept);
      if (!block) continue;
      ++accepted;
      SCOPED_TRACE(text);
      for (YamlParser parser : {YamlParser::kYamlCpp, YamlParser::kLibfyaml}) {
        util::Diagnostics d;
        auto other = ParseYaml(text, "t.yaml", d, parser);
        ASSERT_TRUE(other.has_value()) << (d.empty() ? "" : d[0].ToString());
        ASSERT_EQ(Dump(*block), Dump(other->root));
      }
    }
  }
  EXPECT_GT(accepted, 300);  // most single edits leave valid YAML of the subset
}

TEST(ParseYaml, ProblemsAreReportedAsYamlCppReportsThem) {
  for (const std::string text : {"a: 1\na: 2\n", "a: [1, 2\n", "a:\n\t- b\n", "{x: 1}: 2\n"}) {
    SCOPED_TRACE(text);
    ExpectSameWithEveryReader(text);
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
TEST(ParseYaml, EveryBundledAndMalformedFileReadsTheSameWithEveryParser) {
  int files = 0;
  int block_files = 0;
  std::vector<std::string> outside;
  for (const char* root : {CT_DATA_DIR, CT_TEST_DIR "/malformed", CT_TEST_DIR "/fuzz"}) {
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".json")) continue;
      SCOPED_TRACE(entry.path().string());
      util::Diagnostics read;
      auto text = ReadTextFile(entry.path().string(), read);
      if (!text) continue;
      ExpectSameWithEveryReader(*text);
      ++files;
      util::Diagnostics checked;
      DocText kept("");
      if (CheckText(*text, "f", checked) &&
          ReadYamlBlockSubset(*text, InternFileName("f"), kept)) {
        ++block_files;
      } else if (std::string(root) == CT_DATA_DIR && ext == ".yaml" &&
                 entry.path().filename() != "joint_stockpile_60d.yaml") {  // a flow list over lines
        outside.push_back(entry.path().string());
      }
    }
  }
  EXPECT_GT(files, 50);
  // Every bundled YAML file is in the block reader's subset (so the data is read by it, and the
  // comparison above covers it), except those listed here on purpose.
  EXPECT_GT(block_files, 50);
  for (const std::string& path : outside) ADD_FAILURE() << "outside the block subset: " << path;
}

// The block reader's keys and scalars view the file's text when they are written as they read
// (plain, and quoted without escapes); escaped and block text is written out into the
// Document's kept text. Moving the Document keeps every view valid.
TEST(ParseYaml, BlockReadersValuesViewTheTextUnlessRewritten) {
  const std::string text =
      "plain: a b\nquoted: \"c d\"\nsingle: 'e'\nescaped: \"x\\ny\"\ndoubled: 'it''s'\n"
      "block: >\n  f\n  g\nflow: {k: v, q: 'w'}\nlist: [1, \"2\"]\n";
  util::Diagnostics d;
  auto parsed = ParseYaml(text, "t.yaml", d, YamlParser::kFast);
  ASSERT_TRUE(parsed.has_value());
  const std::string before = Dump(parsed->root);
  Document doc = std::move(*parsed);
  parsed.reset();
  EXPECT_EQ(Dump(doc.root), before);
  const std::string& file = doc.text->text();
  EXPECT_EQ(file, text);
  auto in_file = [&file](std::string_view s) {
    return s.data() >= file.data() && s.data() + s.size() <= file.data() + file.size();
  };
  for (const DocEntry& e : doc.root.entries) EXPECT_TRUE(in_file(e.key)) << e.key;
  const DocNode& root = doc.root;
  for (const char* key : {"plain", "quoted", "single"}) {
    EXPECT_TRUE(in_file(root.Find(key)->text)) << key;
  }
  EXPECT_TRUE(in_file(root.Find("flow")->Find("k")->text));
  EXPECT_TRUE(in_file(root.Find("flow")->Find("q")->text));
  EXPECT_TRUE(in_file(root.Find("list")->items[1].text));
  EXPECT_TRUE(in_file(root.Find("flow")->entries[1].key));
  for (const char* key : {"escaped", "doubled", "block"}) {
    EXPECT_FALSE(in_file(root.Find(key)->text)) << key;
  }
  EXPECT_EQ(root.Find("quoted")->text, "c d");
  EXPECT_EQ(root.Find("escaped")->text, "x\ny");
  EXPECT_EQ(root.Find("doubled")->text, "it's");
  EXPECT_EQ(root.Find("block")->text, "f g\n");
  EXPECT_EQ(root.Find("list")->items[1].text, "2");
  ExpectSameWithEveryReader(text);
}

// DocText keeps copies that stay where they are: small ones share blocks, large ones get
// their own, and earlier copies are not moved by later ones.
TEST(DocText, KeptCopiesStayValid) {
  DocText kept("the file");
  EXPECT_EQ(kept.text(), "the file");
  std::vector<std::pair<std::string_view, std::string>> copies;
  for (int i = 0; i < 5000; ++i) {
    std::string s(static_cast<size_t>(i % 7 == 0 ? 20000 + i : 1 + i % 40), static_cast<char>('a' + i % 26));
    copies.emplace_back(kept.Keep(s), s);
  }
  for (const auto& [view, original] : copies) ASSERT_EQ(view, original);
  EXPECT_TRUE(kept.Keep("").empty());
}

// A DocArray made by MoveInto lives in its DocText; copying it, growing it or moving it keeps
// every element, and a copy or a grown array is its own (it outlives the DocText's arrays).
TEST(DocArray, KeptArraysCopyGrowAndMove) {
  auto kept = std::make_unique<DocText>("");
  std::vector<DocNode> scratch(3);
  for (size_t i = 0; i < scratch.size(); ++i) {
    scratch[i].kind = DocNode::Kind::kScalar;
    scratch[i].line = static_cast<int>(i) + 1;
    scratch[i].items.emplace_back().line = 100 + static_cast<int>(i);  // an own array inside
  }
  DocArray<DocNode> in_text;
  // The elements' own arrays must be the DocText's too: move theirs in first.
  for (DocNode& n : scratch) {
    DocNode child = n.items[0];
    n.items = DocArray<DocNode>();
    n.items.MoveInto(*kept, &child, &child + 1);
  }
  in_text.MoveInto(*kept, scratch.data(), scratch.data() + scratch.size());
  ASSERT_EQ(in_text.size(), 3u);
  EXPECT_EQ(in_text.capacity(), 3u);
  DocArray<DocNode> copy = in_text;
  DocArray<DocNode> grown = in_text;
  grown.emplace_back(grown[0]);  // an element of itself, while it grows
  grown.push_back(DocNode{});
  DocArray<DocNode> moved = std::move(copy);
  EXPECT_TRUE(copy.empty());
  kept.reset();  // the DocText's arrays are gone; the copies are their own
  ASSERT_EQ(moved.size(), 3u);
  ASSERT_EQ(grown.size(), 5u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(moved[i].line, static_cast<int>(i) + 1);
    EXPECT_EQ(moved[i].items[0].line, 100 + static_cast<int>(i));
    EXPECT_EQ(grown[i].items[0].line, 100 + static_cast<int>(i));
  }
  EXPECT_EQ(grown[3].line, 1);
  EXPECT_EQ(grown[3].items[0].line, 100);
  grown.resize(1);
  EXPECT_EQ(grown.size(), 1u);
  grown.resize(2);
  EXPECT_TRUE(grown[1].is_null());
}

}  // namespace
}  // namespace chaintwin::io
