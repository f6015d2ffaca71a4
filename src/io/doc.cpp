#include "io/doc.hpp"

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace chaintwin::io {
namespace {

constexpr size_t kMaxNodes = 5'000'000;  // bounds alias expansion ("billion laughs")

void Report(util::Diagnostics& diagnostics, const std::string& file, int line, int column,
            std::string message) {
  diagnostics.push_back(util::Diagnostic{file, line, column, "", std::move(message)});
}

// yaml-cpp recurses per nesting level of flow collections; refuse deep input before it
// does, with a message that says what is wrong.
bool CheckFlowDepth(const std::string& text, const std::string& file,
                    util::Diagnostics& diagnostics) {
  int depth = 0;
  int line = 1;
  int column = 0;
  char quote = 0;
  bool comment = false;
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
      if (++depth > kMaxDepth) {
        Report(diagnostics, file, line, column,
               fmt::format("nesting is deeper than {} levels: expected a network or scenario "
                           "document, found a deeply nested structure",
                           kMaxDepth));
        return false;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
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

class TreeBuilder {
 public:
  TreeBuilder(std::shared_ptr<const std::string> file, util::Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  bool ok() const { return ok_; }

  DocNode Build(const YAML::Node& node, int depth) {
    DocNode out;
    out.file = file_;
    out.line = node.Mark().line + 1;
    out.column = node.Mark().column + 1;
    if (!ok_) return out;
    if (++count_ > kMaxNodes) {
      Fail(out, fmt::format("document is too large (more than {} values; aliases expanded)",
                            kMaxNodes));
      return out;
    }
    if (depth > kMaxDepth) {
      Fail(out, fmt::format("nesting is deeper than {} levels", kMaxDepth));
      return out;
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out.kind = DocNode::Kind::kNull;
        break;
      case YAML::NodeType::Scalar:
        out.kind = DocNode::Kind::kScalar;
        out.text = node.Scalar();
        break;
      case YAML::NodeType::Sequence:
        out.kind = DocNode::Kind::kList;
        for (const YAML::Node& item : node) out.items.push_back(Build(item, depth + 1));
        break;
      case YAML::NodeType::Map:
        out.kind = DocNode::Kind::kMap;
        for (auto it = node.begin(); it != node.end(); ++it) AddEntry(out, it->first, it->second, depth);
        break;
    }
    return out;
  }

 private:
  void AddEntry(DocNode& map, const YAML::Node& key, const YAML::Node& value, int depth) {
    DocEntry entry;
    entry.line = key.Mark().line + 1;
    entry.column = key.Mark().column + 1;
    if (!key.IsScalar()) {
      diagnostics_.push_back(util::Diagnostic{*file_, entry.line, entry.column, "",
                                              "expected a plain key such as `id`, found a "
                                              "list or map used as a key"});
      return;
    }
    entry.key = key.Scalar();
    for (const DocEntry& e : map.entries) {
      if (e.key == entry.key) {
        diagnostics_.push_back(util::Diagnostic{
            *file_, entry.line, entry.column, "",
            fmt::format("duplicate key `{}` (first given at line {})", entry.key, e.line)});
        return;
      }
    }
    entry.value = Build(value, depth + 1);
    map.entries.push_back(std::move(entry));
  }

  void Fail(const DocNode& at, std::string message) {
    ok_ = false;
    diagnostics_.push_back(util::Diagnostic{*file_, at.line, at.column, "", std::move(message)});
  }

  std::shared_ptr<const std::string> file_;
  util::Diagnostics& diagnostics_;
  size_t count_ = 0;
  bool ok_ = true;
};

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
    case Kind::kScalar: return fmt::format("'{}'", text.size() > 60 ? text.substr(0, 57) + "..." : text);
    case Kind::kList: return "a list";
    case Kind::kMap: return "a map";
  }
  return "?";
}

const std::string& DocNode::file_name() const {
  static const std::string kEmpty;
  return file ? *file : kEmpty;
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

std::optional<DocNode> ParseYaml(const std::string& text, const std::string& file,
                                 util::Diagnostics& diagnostics) {
  if (!CheckText(text, file, diagnostics)) return std::nullopt;
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    Report(diagnostics, file, 1, 1,
           "file is empty: expected a document with `kind: network` or `kind: scenario`");
    return std::nullopt;
  }
  if (!CheckFlowDepth(text, file, diagnostics)) return std::nullopt;
  YAML::Node root;
  try {
    root = YAML::Load(text);
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
  // One document per file: a second one after `---` would be silently ignored by YAML::Load.
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
  if (root.IsNull()) {
    Report(diagnostics, file, 1, 1,
           "file has only comments or blank lines: expected a document with `kind: network` "
           "or `kind: scenario`");
    return std::nullopt;
  }
  size_t before = diagnostics.size();
  TreeBuilder builder(std::make_shared<const std::string>(file), diagnostics);
  DocNode tree;
  try {
    tree = builder.Build(root, 0);
  } catch (const YAML::Exception& e) {
    Report(diagnostics, file, e.mark.line + 1, e.mark.column + 1,
           fmt::format("invalid YAML: {}", e.msg));
    return std::nullopt;
  }
  if (!builder.ok() || diagnostics.size() != before) return std::nullopt;
  return tree;
}

}  // namespace chaintwin::io
