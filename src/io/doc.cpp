#include "io/doc.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <libfyaml.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "io/heap.hpp"

namespace chaintwin::io {
namespace {

constexpr size_t kMaxNodes = 5'000'000;  // bounds a document's values, aliases expanded
// Values that aliases may add in all (each alias adds a copy of its anchored node): a
// "billion laughs" document is refused at the alias that would pass it, before the copy is
// made, in well under a second and a few MB. Networks alias a provenance map or a recipe,
// a few values each, far below it.
constexpr size_t kMaxAliasNodes = 100'000;

void Report(util::Diagnostics& diagnostics, const std::string& file, int line, int column,
            std::string message) {
  diagnostics.push_back(util::Diagnostic{file, line, column, "", std::move(message)});
}

// Whether the eight characters at `p` hold a quote, `#` or a bracket (`"` 0x22 and `#` 0x23
// differ in their low bit, `[` `]` and `{` `}` in bit 5): a word compared byte-wise at once.
bool HasFlowStop(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  uint64_t w;
  std::memcpy(&w, p, 8);
  auto has_byte = [](uint64_t x, uint8_t byte) {
    const uint64_t v = x ^ (kOnes * byte);
    return ((v - kOnes) & ~v & kHighs) != 0;
  };
  const uint64_t low = w | kOnes;             // `"` -> `#`
  const uint64_t bit5 = w | (kOnes * 0x20);   // `[` -> `{`, `]` -> `}`
  return has_byte(low, 0x23) || has_byte(w, 0x27) || has_byte(bit5, 0x7B) || has_byte(bit5, 0x7D);
}

// yaml-cpp recurses per nesting level of flow collections; refuse deep input before it
// does, with a message that says what is wrong. Brackets count outside quotes and comments;
// a quote runs to its closing quote, over lines too. Only the characters that change the
// state are looked at; the position is counted when a problem is found.
bool CheckFlowDepth(const std::string& text, const std::string& file,
                    util::Diagnostics& diagnostics) {
  static constexpr auto kStops = [] {
    std::array<bool, 256> table{};
    for (const char* c = "\"'#[{]}"; *c != 0; ++c) table[static_cast<unsigned char>(*c)] = true;
    return table;
  }();
  const char* p = text.data();
  const char* const end = p + text.size();
  int depth = 0;
  while (p != end) {
    // Eight characters at a time while none of them is a stop (most text holds none).
    while (end - p >= 8 && !HasFlowStop(p)) p += 8;
    if (p == end) break;
    const char c = *p;
    if (!kStops[static_cast<unsigned char>(c)]) {
      ++p;
      continue;
    }
    if (c == '"' || c == '\'') {  // to the closing quote (a line break does not end it)
      const void* close = std::memchr(p + 1, c, static_cast<size_t>(end - p - 1));
      p = close != nullptr ? static_cast<const char*>(close) + 1 : end;
    } else if (c == '#') {  // to the end of the line
      const void* nl = std::memchr(p, '\n', static_cast<size_t>(end - p));
      p = nl != nullptr ? static_cast<const char*>(nl) : end;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth) {
        const size_t at = static_cast<size_t>(p - text.data());
        const size_t line_start = at == 0 ? 0 : text.rfind('\n', at - 1) + 1;  // npos + 1 = 0
        const int line = 1 + static_cast<int>(std::count(text.begin(),
                                                         text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
        Report(diagnostics, file, line, static_cast<int>(at - line_start) + 1,
               fmt::format("nesting is deeper than {} levels: expected a network or scenario "
                           "document, found a deeply nested structure",
                           kMaxDepth));
        return false;
      }
      ++p;
    } else {
      if ((c == ']' || c == '}') && depth > 0) --depth;
      ++p;
    }
  }
  return true;
}

std::string LineOf(const std::string& text, int line0) {
  std::istringstream in(text);
  std::string s;
  for (int i = 0; i <= line0 && std::getline(in, s); ++i) {
  }
  return s;
}

// Builds the DocNode tree from a parser's events (a streaming read): no node graph in
// between. Aliases copy the anchored node, counted against kMaxNodes ("billion laughs"); keys
// must be scalars; a duplicate key is reported and its value skipped; values nested deeper
// than kMaxDepth are refused. Lines and columns are 0-based here, as parsers give them.
class TreeAssembler {
 public:
  TreeAssembler(const std::string* file, DocText& kept, util::Diagnostics& diagnostics)
      : file_(file), kept_(kept), diagnostics_(diagnostics) {}

  bool ok() const { return ok_; }
  bool has_root() const { return has_root_; }
  DocNode& root() { return root_; }

  void Null(int line, int column, const std::string& anchor) {
    Done(Leaf(line, column, DocNode::Kind::kNull), anchor, 1);
  }
  void Scalar(int line, int column, const std::string& anchor, std::string text) {
    DocNode node = Leaf(line, column, DocNode::Kind::kScalar);
    node.text = kept_.Keep(text);
    Done(std::move(node), anchor, 1);
  }
  void Alias(int line, int column, const std::string& anchor) {
    if (!ok_) return;
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      Done(Leaf(line, column, DocNode::Kind::kNull), {}, 1);
      return;
    }
    alias_count_ += it->second.count;
    if (alias_count_ > kMaxAliasNodes || count_ + it->second.count > kMaxNodes) {
      // Refused before copying: the copy is what would take the memory.
      Fail(Leaf(line, column, DocNode::Kind::kNull),
           fmt::format("aliases expand to more than {} values (this alias adds {}): refused "
                       "(a \"billion laughs\" document?)",
                       kMaxAliasNodes, it->second.count));
      return;
    }
    count_ += it->second.count - 1;  // the copies beyond the one Done counts
    Done(DocNode(it->second.node), {}, it->second.count);
  }
  void Open(int line, int column, DocNode::Kind kind, const std::string& anchor) {
    Frame frame;
    frame.node = Leaf(line, column, kind);
    frame.anchor = anchor;
    stack_.push_back(std::move(frame));
  }
  void Close() {
    if (stack_.empty()) return;
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    Done(std::move(frame.node), frame.anchor, frame.count);
  }

 private:
  struct Frame {
    DocNode node;
    std::string anchor;
    size_t count = 1;          // nodes in this subtree so far (for aliases of it)
    bool want_key = true;      // maps: the next node is a key
    bool skip_value = false;   // maps: the key was a duplicate or not a scalar
    DocEntry entry;            // maps: the key read, waiting for its value
  };
  struct Anchored {
    DocNode node;
    size_t count = 1;
  };

  DocNode Leaf(int line, int column, DocNode::Kind kind) const {
    DocNode node;
    node.kind = kind;
    node.file = file_;
    node.line = line + 1;
    node.column = column + 1;
    return node;
  }

  // A complete node of `count` nodes: attach it to the collection being read (or make it the
  // root) and remember it when anchored.
  void Done(DocNode node, const std::string& anchor, size_t count) {
    if (!ok_) return;
    ++count_;  // every node once, when complete (an alias adds its copies in Alias)
    if (count_ > kMaxNodes) {
      Fail(node, fmt::format("document is too large (more than {} values; aliases expanded)",
                             kMaxNodes));
      return;
    }
    if (stack_.size() > static_cast<size_t>(kMaxDepth)) {
      Fail(node, fmt::format("nesting is deeper than {} levels", kMaxDepth));
      return;
    }
    if (!anchor.empty()) anchors_[anchor] = Anchored{node, count};
    if (stack_.empty()) {
      root_ = std::move(node);
      has_root_ = true;
      return;
    }
    Frame& top = stack_.back();
    top.count += count;
    if (top.node.kind == DocNode::Kind::kList) {
      top.node.items.push_back(std::move(node));
      return;
    }
    if (top.want_key) {
      top.want_key = false;
      top.skip_value = false;
      top.entry.line = node.line;
      top.entry.column = node.column;
      if (!node.is_scalar()) {
        diagnostics_.push_back(util::Diagnostic{*file_, node.line, node.column, "",
                                                "expected a plain key such as `id`, found a "
                                                "list or map used as a key"});
        top.skip_value = true;
        return;
      }
      for (const DocEntry& e : top.node.entries) {
        if (e.key == node.text) {
          diagnostics_.push_back(util::Diagnostic{
              *file_, node.line, node.column, "",
              fmt::format("duplicate key `{}` (first given at line {})", node.text, e.line)});
          top.skip_value = true;
          return;
        }
      }
      top.entry.key = node.text;
      return;
    }
    top.want_key = true;
    if (top.skip_value) return;
    top.entry.value = std::move(node);
    top.node.entries.push_back(std::move(top.entry));
    top.entry = DocEntry{};
  }

  void Fail(const DocNode& at, std::string message) {
    ok_ = false;
    diagnostics_.push_back(util::Diagnostic{*file_, at.line, at.column, "", std::move(message)});
  }

  const std::string* file_;
  DocText& kept_;  // the scalars' text
  util::Diagnostics& diagnostics_;
  std::vector<Frame> stack_;
  std::unordered_map<std::string, Anchored> anchors_;
  DocNode root_;
  bool has_root_ = false;
  size_t count_ = 0;
  size_t alias_count_ = 0;  // values added by aliases
  bool ok_ = true;
};

// yaml-cpp's parser events into a TreeAssembler. yaml-cpp reports plain null scalars ("~",
// "null", empty) as OnNull.
class YamlCppEvents : public YAML::EventHandler {
 public:
  explicit YamlCppEvents(TreeAssembler& tree) : tree_(tree) {}
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    tree_.Null(mark.line, mark.column, Anchor(anchor));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    tree_.Alias(mark.line, mark.column, Anchor(anchor));
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    tree_.Scalar(mark.line, mark.column, Anchor(anchor), value);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    tree_.Open(mark.line, mark.column, DocNode::Kind::kList, Anchor(anchor));
  }
  void OnSequenceEnd() override { tree_.Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    tree_.Open(mark.line, mark.column, DocNode::Kind::kMap, Anchor(anchor));
  }
  void OnMapEnd() override { tree_.Close(); }

 private:
  static std::string Anchor(YAML::anchor_t anchor) {
    return anchor == YAML::NullAnchor ? std::string() : std::to_string(anchor);
  }
  TreeAssembler& tree_;
};

// Parses the first document of `text` with libfyaml into `tree`. Returns false on any parse
// error (libfyaml's messages are not reported: the caller parses again with yaml-cpp, whose
// messages and positions the diagnostics and tests are written for). Plain scalars that YAML
// reads as null ("", "~", "null", "Null", "NULL") become null nodes, as yaml-cpp gives them.
bool ParseWithLibfyaml(const std::string& text, TreeAssembler& tree) {
  // libfyaml prints its errors to stderr unless its diagnostics go elsewhere: here, nowhere.
  fy_diag_cfg diag_cfg{};
  fy_diag_cfg_default(&diag_cfg);
  diag_cfg.fp = nullptr;
  diag_cfg.output_fn = [](fy_diag*, void*, const char*, size_t) {};
  fy_diag* diag = fy_diag_create(&diag_cfg);
  if (diag == nullptr) return false;
  fy_parse_cfg cfg{};
  cfg.flags = static_cast<fy_parse_cfg_flags>(FYPCF_QUIET);
  cfg.diag = diag;
  fy_parser* parser = fy_parser_create(&cfg);
  if (parser == nullptr) {
    fy_diag_destroy(diag);
    return false;
  }
  bool ok = fy_parser_set_string(parser, text.data(), text.size()) == 0;
  auto text_of = [](fy_token* token) {
    size_t len = 0;
    const char* s = token != nullptr ? fy_token_get_text(token, &len) : nullptr;
    return s != nullptr ? std::string(s, len) : std::string();
  };
  // Positions as yaml-cpp gives them: a node with an anchor at its anchor; a quoted scalar at
  // its opening quote; a block scalar at its `|` or `>`; an empty (null) value at the next
  // token, whatever it is.
  // Columns in bytes, as yaml-cpp counts them (libfyaml counts characters).
  auto byte_column = [&text](const fy_mark* mark) {
    size_t pos = std::min(mark->input_pos, text.size());
    size_t start = pos;
    while (start > 0 && text[start - 1] != '\n') --start;
    return static_cast<int>(pos - start);
  };
  auto position = [&byte_column](const fy_mark* mark, int& line, int& column) {
    line = mark != nullptr ? mark->line : 0;
    column = mark != nullptr ? byte_column(mark) : 0;
  };
  auto block_indicator = [&text](const fy_mark* mark, int& line, int& column) {
    if (mark == nullptr) return;
    size_t pos = std::min(mark->input_pos, text.size());
    while (pos > 0 && std::strchr(" \t\r\n0123456789+-", text[pos - 1]) != nullptr) --pos;
    if (pos == 0 || (text[pos - 1] != '|' && text[pos - 1] != '>')) return;
    size_t at = pos - 1;
    size_t line_start = text.rfind('\n', at);
    line_start = line_start == std::string::npos ? 0 : line_start + 1;
    int lines_back = 0;
    for (size_t i = at; i < mark->input_pos && i < text.size(); ++i) lines_back += text[i] == '\n';
    line = mark->line - lines_back;
    column = static_cast<int>(at - line_start);
  };
  int documents = 0;
  bool done = false;
  bool pending_null = false;  // an empty value waiting for the next token's position
  std::string pending_anchor;
  while (ok && !done) {
    fy_event* event = fy_parser_parse(parser);
    if (event == nullptr) break;
    const fy_mark* mark = fy_event_start_mark(event);
    int line = 0, column = 0;
    position(mark, line, column);
    fy_token* anchor_token = nullptr;
    fy_token* tag_token = nullptr;
    fy_scalar_style style = FYSS_PLAIN;
    switch (event->type) {
      case FYET_SCALAR:
        anchor_token = event->scalar.anchor;
        tag_token = event->scalar.tag;
        if (event->scalar.value != nullptr) style = fy_token_scalar_style(event->scalar.value);
        break;
      case FYET_SEQUENCE_START:
        anchor_token = event->sequence_start.anchor;
        tag_token = event->sequence_start.tag;
        break;
      case FYET_MAPPING_START:
        anchor_token = event->mapping_start.anchor;
        tag_token = event->mapping_start.tag;
        break;
      default: break;
    }
    const fy_mark* tag_mark = tag_token != nullptr ? fy_token_start_mark(tag_token) : nullptr;
    const fy_mark* anchor_mark = anchor_token != nullptr ? fy_token_start_mark(anchor_token) : nullptr;
    if (tag_mark != nullptr &&
        (anchor_mark == nullptr || tag_mark->input_pos < anchor_mark->input_pos)) {
      position(tag_mark, line, column);  // a node with a tag written first: at its `!`
    } else if (anchor_token != nullptr) {
      position(fy_token_start_mark(anchor_token), line, column);
      column = std::max(0, column - 1);  // at the `&`
    } else if (style == FYSS_SINGLE_QUOTED || style == FYSS_DOUBLE_QUOTED) {
      column = std::max(0, column - 1);  // at the opening quote
    } else if (style == FYSS_LITERAL || style == FYSS_FOLDED) {
      block_indicator(mark, line, column);
    }
    if (pending_null) {
      if (mark == nullptr) {  // no position for it: let yaml-cpp read the text
        fy_parser_event_free(parser, event);
        ok = false;
        break;
      }
      // yaml-cpp's next token: a block entry `- ` that starts the line comes before the event.
      int null_line = line, null_column = column;
      size_t line_start = mark->input_pos - std::min<size_t>(mark->input_pos, static_cast<size_t>(byte_column(mark)));
      size_t first = text.find_first_not_of(' ', line_start);
      if (first != std::string::npos && first < line_start + static_cast<size_t>(column) &&
          text[first] == '-' &&
          text.find_first_not_of(" -", first) == line_start + static_cast<size_t>(column)) {
        null_column = static_cast<int>(first - line_start);
      }
      tree.Null(null_line, null_column, pending_anchor);
      pending_null = false;
    }
    switch (event->type) {
      case FYET_DOCUMENT_START:
        ++documents;
        break;
      case FYET_DOCUMENT_END:
        done = true;  // the first document only, as yaml-cpp's Load reads
        break;
      case FYET_SCALAR: {
        std::string value = text_of(event->scalar.value);
        bool is_null = style == FYSS_PLAIN && event->scalar.tag == nullptr &&
                       (value.empty() || value == "~" || value == "null" || value == "Null" ||
                        value == "NULL");
        std::string anchor = text_of(event->scalar.anchor);
        if (is_null && value.empty() && anchor_token == nullptr) {
          pending_null = true;  // placed at the next event's position
          pending_anchor = anchor;
        } else if (is_null) {
          tree.Null(line, column, anchor);
        } else {
          tree.Scalar(line, column, anchor, std::move(value));
        }
        break;
      }
      case FYET_ALIAS:
        tree.Alias(line, column, text_of(event->alias.anchor));
        break;
      case FYET_SEQUENCE_START:
        tree.Open(line, column, DocNode::Kind::kList, text_of(event->sequence_start.anchor));
        break;
      case FYET_MAPPING_START:
        tree.Open(line, column, DocNode::Kind::kMap, text_of(event->mapping_start.anchor));
        break;
      case FYET_SEQUENCE_END:
      case FYET_MAPPING_END:
        tree.Close();
        break;
      default:
        break;
    }
    fy_parser_event_free(parser, event);
  }
  if (pending_null) ok = false;  // no position for it: let yaml-cpp read the text
  ok = ok && documents <= 1 && fy_parser_get_stream_error(parser) == 0;
  fy_parser_destroy(parser);
  fy_diag_destroy(diag);
  return ok;
}

// kFast, or the parser CHAINTWIN_YAML_READER names (`libfyaml`, `yaml-cpp`), read once.
YamlParser DefaultYamlParser() {
  static const YamlParser parser = [] {
    const char* env = std::getenv("CHAINTWIN_YAML_READER");
    std::string_view name = env != nullptr ? env : "";
    if (name == "libfyaml") return YamlParser::kLibfyaml;
    if (name == "yaml-cpp") return YamlParser::kYamlCpp;
    return YamlParser::kFast;
  }();
  return parser;
}

}  // namespace

const DocEntry* DocNode::FindEntry(std::string_view key) const {
  // Called a few times per field of every CSV row: keys are short, so they are compared here
  // rather than by a call to memcmp.
  for (const DocEntry& e : entries) {
    if (e.key.size() != key.size()) continue;
    size_t k = 0;
    while (k < key.size() && e.key[k] == key[k]) ++k;
    if (k == key.size()) return &e;
  }
  return nullptr;
}

const DocNode* DocNode::Find(std::string_view key) const {
  const DocEntry* entry = FindEntry(key);
  return entry != nullptr ? &entry->value : nullptr;
}

std::string DocNode::Describe() const {
  switch (kind) {
    case Kind::kNull: return "nothing";
    case Kind::kScalar:
      return text.size() > 60 ? fmt::format("'{}...'", text.substr(0, 57)) : fmt::format("'{}'", text);
    case Kind::kList: return "a list";
    case Kind::kMap: return "a map";
  }
  return "?";
}

void* DocText::Blocks::Take(size_t bytes, size_t block_size) {
  if (bytes > block_size / 4) {  // a large request gets a block of its own
    blocks.push_back(std::make_unique_for_overwrite<char[]>(bytes));
    return blocks.back().get();
  }
  if (bytes > left) {
    blocks.push_back(std::make_unique_for_overwrite<char[]>(block_size));
    next = blocks.back().get();
    left = block_size;
  }
  void* at = next;
  next += bytes;
  left -= bytes;
  return at;
}

std::string_view DocText::Keep(std::string_view s) {
  if (s.empty()) return {};
  char* at = static_cast<char*>(text_blocks_.Take(s.size(), kTextBlock));
  std::memcpy(at, s.data(), s.size());
  return std::string_view(at, s.size());
}

void* DocText::AllocateArray(size_t bytes) {
  static_assert(alignof(DocNode) <= 8 && alignof(DocEntry) <= 8);
  // Blocks come from operator new[] (aligned for any scalar); sizes rounded to 8 keep every
  // array after the first aligned too.
  return array_blocks_.Take((bytes + 7) & ~size_t{7}, kArrayBlock);
}

void DocText::FreeArrays() { array_blocks_ = Blocks{}; }

const std::string* InternFileName(std::string_view name) {
  // Node-based: a name's string never moves once inserted.
  static std::mutex mutex;
  static std::unordered_set<std::string> names;
  std::lock_guard<std::mutex> lock(mutex);
  return &*names.emplace(name).first;
}

const std::string& DocNode::file_name() const {
  static const std::string kEmpty;
  return file ? *file : kEmpty;
}

namespace {
void DumpTo(const DocNode& n, int indent, std::string& out) {
  out.append(static_cast<size_t>(indent), ' ');
  out += fmt::format("{}:{} ", n.line, n.column);
  switch (n.kind) {
    case DocNode::Kind::kNull: out += "null\n"; return;
    case DocNode::Kind::kScalar: out += fmt::format("'{}'\n", n.text); return;
    case DocNode::Kind::kList:
      out += "list\n";
      for (const DocNode& item : n.items) DumpTo(item, indent + 2, out);
      return;
    case DocNode::Kind::kMap:
      out += "map\n";
      for (const DocEntry& e : n.entries) {
        out.append(static_cast<size_t>(indent + 2), ' ');
        out += fmt::format("key {} @{}:{}\n", e.key, e.line, e.column);
        DumpTo(e.value, indent + 4, out);
      }
      return;
  }
}
}  // namespace

std::string DumpTree(const DocNode& node) {
  std::string out;
  DumpTo(node, 0, out);
  return out;
}

std::optional<std::string> ReadTextFile(const std::string& path, util::Diagnostics& diagnostics) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    Report(diagnostics, path, 0, 0, "file does not exist");
    return std::nullopt;
  }
  if (std::filesystem::is_directory(path, ec)) {
    Report(diagnostics, path, 0, 0, "expected a file, found a folder");
    return std::nullopt;
  }
  if (!std::filesystem::is_regular_file(path, ec)) {
    // Devices and pipes (/dev/zero, a FIFO) could block or never end.
    Report(diagnostics, path, 0, 0, "expected a regular file, found a device or pipe");
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Report(diagnostics, path, 0, 0, "file cannot be read (permission denied or not a file)");
    return std::nullopt;
  }
  // One read into a string of the file's size (a stream copy would hold it twice).
  std::string text;
  auto size = std::filesystem::file_size(path, ec);
  if (!ec) {
    PrepareHeapForInput(static_cast<size_t>(size));  // io/heap.hpp: large inputs only
    text.reserve(static_cast<size_t>(size));
    AdviseHugePages(text.data(), text.capacity());  // a text too large for the heap
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) {
    Report(diagnostics, path, 0, 0, "file cannot be read");
    return std::nullopt;
  }
  if (in && in.peek() != std::char_traits<char>::eof()) {
    // The file grew since its size was taken, or the size was not known: read what is left.
    std::ostringstream rest;
    rest << in.rdbuf();
    if (in.bad()) {
      Report(diagnostics, path, 0, 0, "file cannot be read");
      return std::nullopt;
    }
    text += rest.str();
  }
  return text;
}

bool CheckText(const std::string& text, const std::string& file, util::Diagnostics& diagnostics) {
  // Fast pass over ASCII, eight bytes at a time; positions are counted only once a problem is
  // found.
  size_t i = 0;
  const size_t size = text.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  bool bad = false;
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  while (i < size && !bad) {
    if (i + 8 <= size) {
      uint64_t word;
      std::memcpy(&word, bytes + i, 8);
      // No byte with its high bit set and no NUL byte: eight ASCII characters.
      if (((word | ((word - kOnes) & ~word)) & kHighs) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char byte = bytes[i];
    if (byte >= 0x01 && byte < 0x80) {
      ++i;
      continue;
    }
    size_t length = byte == 0 ? 0 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                                  : (byte >> 3) == 0x1E ? 4 : 0;
    bool valid = length != 0 && i + length <= size && !(length == 2 && byte < 0xC2);
    for (size_t k = 1; valid && k < length; ++k) valid = (bytes[i + k] & 0xC0) == 0x80;
    if (!valid) {
      bad = true;
    } else {
      i += length;
    }
  }
  if (!bad) return true;
  // The line and column (in characters) of byte i.
  int line = 1;
  int column = 1;
  for (size_t k = 0; k < i;) {
    unsigned char byte = bytes[k];
    size_t length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3 : 4;
    if (byte == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
    k += length;
  }
  unsigned char byte = bytes[i];
  if (byte == 0) {
    Report(diagnostics, file, line, column,
           "file is binary, not text (NUL byte): expected a YAML, JSON or CSV document");
  } else {
    Report(diagnostics, file, line, column,
           fmt::format("file is not valid UTF-8 text (byte 0x{:02x}): expected a YAML, JSON "
                       "or CSV document in UTF-8",
                       byte));
  }
  return false;
}

std::optional<Document> ParseYaml(std::string file_text, const std::string& file,
                                  util::Diagnostics& diagnostics, YamlParser which) {
  // The scalars and keys view the text (moved here, so it does not move again) or what the
  // readers keep.
  auto kept = std::make_unique<DocText>(std::move(file_text));
  const std::string& text = kept->text();
  if (!CheckText(text, file, diagnostics)) return std::nullopt;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    Report(diagnostics, file, 1, 1,
           "file is empty: expected a document with `kind: network` or `kind: scenario`");
    return std::nullopt;
  }
  const std::string* shared_file = InternFileName(file);
  // The depth check reads the text, not the tree (braces in a block scalar count too), so it
  // comes before either reader: both refuse the same files with the same message (the fuzzer
  // found a folded scalar holding 100 `{` that the block reader took and the check refused).
  if (!CheckFlowDepth(text, file, diagnostics)) return std::nullopt;
  if (which == YamlParser::kFast) which = DefaultYamlParser();
  if (which == YamlParser::kFast) {
    // The block reader refuses `---` lines and nesting deeper than the check above allows, so
    // what it reads would pass the checks below.
    if (auto tree = ReadYamlBlockSubset(text, shared_file, *kept)) {
      return Document{std::move(kept), std::move(*tree)};
    }
  }
  // One document per file: a second one after `---` would be silently ignored (both parsers
  // read the first only).
  {
    bool content = false;
    int number = 0;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::string_view line(text.data() + start, end - start);
      ++number;
      const bool marker = line.rfind("---", 0) == 0 &&
                          (line.size() == 3 || line[3] == ' ' || line[3] == '\r');
      if (marker && content) {
        Report(diagnostics, file, number, 1,
               "a second YAML document after `---`: chaintwin reads one document per file; "
               "put it in a file of its own");
        return std::nullopt;
      }
      size_t first = line.find_first_not_of(" \t\r");
      if (!marker && first != std::string_view::npos && line[first] != '#') content = true;
      start = end + 1;
    }
  }
  // libfyaml first (about ten times faster than yaml-cpp on large files); on any problem the
  // text is parsed again with yaml-cpp, so bad input is reported exactly as before.
  if (which != YamlParser::kYamlCpp) {
    util::Diagnostics scratch;
    TreeAssembler fast(shared_file, *kept, scratch);
    if (ParseWithLibfyaml(text, fast) && fast.ok() && scratch.empty() && fast.has_root() &&
        !fast.root().is_null()) {
      return Document{std::move(kept), std::move(fast.root())};
    }
  }
  size_t before = diagnostics.size();
  TreeAssembler builder(shared_file, *kept, diagnostics);
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    YamlCppEvents events(builder);
    parser.HandleNextDocument(events);  // the first document, as YAML::Load reads
  } catch (const YAML::DeepRecursion& e) {
    Report(diagnostics, file, e.mark.line + 1, e.mark.column + 1,
           fmt::format("nesting is deeper than {} levels: expected a network or scenario "
                       "document, found a deeply nested structure",
                       kMaxDepth));
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    int line = e.mark.line >= 0 ? e.mark.line + 1 : 0;
    int column = e.mark.column >= 0 ? e.mark.column + 1 : 0;
    std::string message = fmt::format("invalid YAML: {}", e.msg);
    std::string source_line = line > 0 ? LineOf(text, line - 1) : "";
    size_t indent_end = source_line.find_first_not_of(" \t");
    if (source_line.substr(0, indent_end).find('\t') != std::string::npos) {
      message += " (tabs are not allowed for indentation in YAML; indent with spaces)";
    }
    Report(diagnostics, file, line, column, message);
    return std::nullopt;
  }
  if (builder.ok() && (!builder.has_root() || builder.root().is_null())) {
    Report(diagnostics, file, 1, 1,
           "file has only comments or blank lines: expected a document with `kind: network` "
           "or `kind: scenario`");
    return std::nullopt;
  }
  if (!builder.ok() || diagnostics.size() != before) return std::nullopt;
  return Document{std::move(kept), std::move(builder.root())};
}

}  // namespace chaintwin::io
