// A reader of its own for the block-style YAML that networks and scenarios are written in:
// block mappings and sequences, plain and quoted one-line scalars, comments, flow sequences and
// maps on one line, and `>` / `|` block scalars. It builds the same DocNode tree, positions
// included, as the yaml-cpp path (docs/BENCHMARKS.md, "YAML vs CSV"), straight from the text,
// without a token or event layer. Anything outside that subset (anchors, aliases, tags,
// directives, multi-line plain or quoted scalars, tabs, CR, duplicate keys, deep nesting, any
// YAML error) makes it give up: ParseYaml then reads the text with libfyaml, and with yaml-cpp
// for the messages, so what the subset cannot say is read, and reported, exactly as before.
#include <cstring>
#include <iterator>
#include <string_view>
#include <vector>

#include "io/doc.hpp"

namespace chaintwin::io {
namespace {

constexpr int kMaxBlockDepth = 48;             // deeper input is left to the other parsers
constexpr size_t kMaxBlockNodes = 5'000'000;   // as ParseYaml's limit

struct OutsideSubset {};  // thrown to give up; caught in ReadYamlBlockSubset

// A set of characters as a table: asked for every character the reader scans.
struct CharSet {
  bool is[256] = {};
  constexpr CharSet(const char* chars, bool nul) {
    for (const char* c = chars; *c != 0; ++c) is[static_cast<unsigned char>(*c)] = true;
    is[0] = nul;
  }
  bool operator()(char c) const { return is[static_cast<unsigned char>(c)]; }
};
// The characters that cannot start a plain scalar or key here (YAML's indicators), and NUL.
constexpr CharSet kIndicator("-?:,[]{}#&*!|>'\"%@`", true);
// The characters a plain value on a block line is scanned for: its end, `: ` and ` #`.
constexpr CharSet kPlainStop("\n:#", false);
// The characters a plain key here may not hold (flow indicators, quotes, `#`).
constexpr CharSet kKeyStop("[]{},\"'#", false);

bool HasKeyStop(std::string_view key) {
  bool any = false;
  for (char c : key) any |= kKeyStop(c);
  return any;
}

// Whether `key` is among the entries [begin, end) (a map's before the one being read). Keys
// are short: compared here rather than by a call to memcmp.
bool HasEarlierKey(const DocEntry* begin, const DocEntry* end, std::string_view key) {
  for (const DocEntry* e = begin; e < end; ++e) {
    const std::string_view k = e->key;
    if (k.size() != key.size() || k[0] != key[0]) continue;
    size_t j = 1;
    while (j < key.size() && k[j] == key[j]) ++j;
    if (j == key.size()) return true;
  }
  return false;
}

bool IsNullWord(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

class BlockReader {
 public:
  BlockReader(std::string_view text, const std::string* file, DocText& kept)
      : p_(text.data()), end_(text.data() + text.size()), line_start_(text.data()),
        file_(file), kept_(kept) {}

  void Read(DocNode& root) {
    int indent = FirstContentLine();
    if (indent < 0) throw OutsideSubset{};
    ParseBlockNode(root, indent, 0);
    if (p_ != end_) throw OutsideSubset{};  // something after the root at a lower indent
  }

 private:
  // --- positions and lines -------------------------------------------------------------
  int Column(const char* q) const { return static_cast<int>(q - line_start_); }
  bool AtEol(const char* q) const { return q == end_ || *q == '\n'; }

  void Init(DocNode& node, DocNode::Kind kind, int line, int column) {
    if (++nodes_ > kMaxBlockNodes) throw OutsideSubset{};
    node.kind = kind;
    node.file = file_;
    node.line = line + 1;
    node.column = column + 1;
  }

  void SkipSpaces() {
    while (p_ != end_ && *p_ == ' ') ++p_;
  }

  // After a value on a line: only spaces and a comment may follow. Leaves p_ at the line's end.
  void FinishLine() {
    SkipSpaces();
    if (AtEol(p_)) return;
    if (*p_ == '#' && p_ != line_start_ && p_[-1] == ' ') {  // a comment follows a space
      const char* nl = static_cast<const char*>(std::memchr(p_, '\n', static_cast<size_t>(end_ - p_)));
      p_ = nl != nullptr ? nl : end_;
      return;
    }
    throw OutsideSubset{};
  }

  // From the end of a line (p_ at '\n' or the end): skips blank and comment lines; p_ ends at
  // the first character of the next content line, whose indent is returned; -1 (p_ at the end)
  // when there is none.
  int NextContentLine() {
    while (p_ != end_) {
      ++p_;  // the '\n'
      ++line_;
      line_start_ = p_;
      int indent = ScanLine();
      if (indent >= 0) return indent;
    }
    return -1;
  }

  int FirstContentLine() {
    int indent = ScanLine();
    return indent >= 0 ? indent : NextContentLine();
  }

  // p_ at the start of a line: moves past its indent. A content line gives its indent; a blank
  // or comment line leaves p_ at its end and gives -1.
  int ScanLine() {
    SkipSpaces();
    if (AtEol(p_)) return -1;
    if (*p_ == '#') {
      const char* nl = static_cast<const char*>(std::memchr(p_, '\n', static_cast<size_t>(end_ - p_)));
      p_ = nl != nullptr ? nl : end_;
      return -1;
    }
    int indent = Column(p_);
    if (indent == 0 && (*p_ == '%' || IsMarker("---") || IsMarker("..."))) throw OutsideSubset{};
    return indent;
  }

  bool IsMarker(const char* marker) const {
    return end_ - p_ >= 3 && std::memcmp(p_, marker, 3) == 0 && (AtEol(p_ + 3) || p_[3] == ' ');
  }

  bool IsSeqEntry(const char* q) const { return *q == '-' && (AtEol(q + 1) || q[1] == ' '); }

  // Whether the text at q is a plain key followed by `: ` or `:` at the end of the line. The
  // colon found is kept for ParseKey, which asks again for the same key.
  bool LooksLikeKey(const char* q) {
    if (q == key_start_) return key_colon_ != nullptr;
    key_start_ = q;
    key_colon_ = nullptr;
    if (kIndicator(*q)) return false;
    for (; !AtEol(q); ++q) {
      if (*q == ':' && (AtEol(q + 1) || q[1] == ' ')) {
        key_colon_ = q;
        return true;
      }
      if (*q == '#' && q[-1] == ' ') return false;
    }
    return false;
  }

  // --- block structure -----------------------------------------------------------------
  // p_ at a content line's first character, at column `indent`.
  void ParseBlockNode(DocNode& out, int indent, int depth) {
    if (depth > kMaxBlockDepth) throw OutsideSubset{};
    if (IsSeqEntry(p_)) {
      ParseBlockSeq(out, indent, depth);
    } else if (LooksLikeKey(p_)) {
      ParseBlockMap(out, indent, depth);
    } else {
      throw OutsideSubset{};  // a scalar on a line of its own, a flow collection over lines
    }
  }

  // A value written on the lines after `key:` or `-`; p_ at the end of that line. The block
  // node when the next content line is indented more than `indent` (or, after a key, a `- ` at
  // the key's indent); else an empty value, null, placed where yaml-cpp places it: at the next
  // token. Returns with p_ at the next content line after the value (or the end).
  int ParseValueBelow(DocNode& out, int indent, bool after_key, int depth) {
    int next = NextContentLine();
    if (next < 0) throw OutsideSubset{};  // null at the end: position not worked out here
    if (next > indent || (after_key && next == indent && IsSeqEntry(p_))) {
      if (IsSeqEntry(p_) || LooksLikeKey(p_)) {
        ParseBlockNode(out, next, depth + 1);
        return CurrentIndent();
      }
      ParseValueInline(out, indent, depth);  // a scalar or flow collection on a line of its own
      return NextContentLine();
    }
    Init(out, DocNode::Kind::kNull, line_, next);
    return next;
  }

  // The indent of the content line p_ is on (after a block node returned), or -1 at the end.
  int CurrentIndent() const { return p_ == end_ ? -1 : Column(p_); }

  // A map's entries and a list's items are read into a vector per depth kept for the whole
  // read (so no collection grows by reallocation) and moved at its end into an array of exactly
  // their number among the DocText's: the tree holds no spare room (which in fresh memory
  // costs page faults), and its arrays are neither allocated nor freed one by one.
  template <typename T>
  void MoveExact(std::vector<T>& scratch, size_t base, DocArray<T>& out) {
    out.MoveInto(kept_, scratch.data() + base, scratch.data() + scratch.size());
    scratch.erase(scratch.begin() + static_cast<std::ptrdiff_t>(base), scratch.end());
  }

  void ParseBlockMap(DocNode& out, int indent, int depth) {
    if (depth > kMaxBlockDepth) throw OutsideSubset{};
    Init(out, DocNode::Kind::kMap, line_, indent);
    std::vector<DocEntry>& entries = map_scratch_[static_cast<size_t>(depth)];
    const size_t base = entries.size();  // 0 but for a read given up
    while (true) {
      DocEntry& entry = entries.emplace_back();
      ParseKey(entries, base, entry);
      const char* after_colon = p_;
      SkipSpaces();
      int next;
      if (AtEol(p_) || (*p_ == '#' && p_ != after_colon)) {
        FinishLine();
        next = ParseValueBelow(entry.value, indent, true, depth);
      } else {
        ParseValueInline(entry.value, indent, depth);
        next = NextContentLine();
      }
      if (next < indent) break;  // the end (-1) or a parent's line
      if (next > indent || IsSeqEntry(p_)) throw OutsideSubset{};
    }
    MoveExact(entries, base, out.entries);
  }

  void ParseBlockSeq(DocNode& out, int indent, int depth) {
    Init(out, DocNode::Kind::kList, line_, indent);
    std::vector<DocNode>& items = list_scratch_[static_cast<size_t>(depth)];
    const size_t base = items.size();
    while (true) {
      DocNode& item = items.emplace_back();
      ++p_;  // the '-'
      const char* after_dash = p_;
      SkipSpaces();
      int next;
      if (AtEol(p_) || (*p_ == '#' && p_ != after_dash)) {
        FinishLine();
        next = ParseValueBelow(item, indent, false, depth);
      } else if (LooksLikeKey(p_)) {
        ParseBlockMap(item, Column(p_), depth + 1);  // a map begun on the `- ` line
        next = CurrentIndent();
      } else {
        if (IsSeqEntry(p_)) throw OutsideSubset{};  // `- - a`
        ParseValueInline(item, indent, depth);
        next = NextContentLine();
      }
      if (next < indent) break;
      if (next > indent) throw OutsideSubset{};
      if (!IsSeqEntry(p_)) break;  // a list at its key's indent ends at the next key
    }
    MoveExact(items, base, out.items);
  }

  // A plain key up to its `:`; p_ ends after the colon. Quoted, null, duplicate or odd keys
  // are left to the other parsers.
  void ParseKey(const std::vector<DocEntry>& entries, size_t base, DocEntry& entry) {
    const char* start = p_;
    if (!LooksLikeKey(start)) throw OutsideSubset{};
    const char* colon = key_colon_;
    const char* last = colon;
    while (last > start && last[-1] == ' ') --last;
    std::string_view key(start, static_cast<size_t>(last - start));
    if (IsNullWord(key) || HasKeyStop(key)) {
      throw OutsideSubset{};
    }
    if (HasEarlierKey(entries.data() + base, entries.data() + entries.size() - 1, key)) {
      throw OutsideSubset{};  // reported by the other parsers
    }
    entry.key = key;  // a view of the text
    entry.line = line_ + 1;
    entry.column = Column(start) + 1;
    p_ = colon + 1;
  }

  // A value that starts on the line of its key or `- `, at p_; `indent` is the enclosing
  // block's. Leaves p_ at the end of the line (or of the block scalar's last line).
  void ParseValueInline(DocNode& out, int indent, int depth) {
    char c = *p_;
    if (c == '[' || c == '{') {
      ParseFlow(out, depth + 1);
      FinishLine();
    } else if (c == '"' || c == '\'') {
      ParseQuoted(out);
      FinishLine();
    } else if (c == '|' || c == '>') {
      ParseBlockScalar(out, indent);
    } else if (kIndicator(c) && !(c == '-' && !IsSeqEntry(p_))) {
      throw OutsideSubset{};  // `&`, `*`, `!`, `- `, ...; a plain `-7` is read
    } else {
      ParsePlainBlock(out);
    }
  }

  void ParsePlainBlock(DocNode& out) {
    const char* start = p_;
    const char* q = p_;
    for (; q != end_; ++q) {
      if (!kPlainStop(*q)) continue;
      if (*q == '\n') break;
      if (*q == ':' && (AtEol(q + 1) || q[1] == ' ')) throw OutsideSubset{};  // a YAML error
      if (*q == '#' && q[-1] == ' ') break;
    }
    const char* last = q;
    while (last > start && last[-1] == ' ') --last;
    Scalar(out, start, last);
    p_ = last;  // before the spaces that precede a comment
    FinishLine();
  }

  void Scalar(DocNode& out, const char* begin, const char* end) {
    std::string_view text(begin, static_cast<size_t>(end - begin));
    if (IsNullWord(text)) {
      Init(out, DocNode::Kind::kNull, line_, Column(begin));
      return;
    }
    Init(out, DocNode::Kind::kScalar, line_, Column(begin));
    out.text = text;  // a view of the text
  }

  // `>` or `|` without indicators, content indented more than `indent` from the next line on.
  // Folded lines are joined by a space, a blank line between them keeps a line break; the
  // value ends with one line break (clip).
  void ParseBlockScalar(DocNode& out, int indent) {
    const bool folded = *p_ == '>';
    Init(out, DocNode::Kind::kScalar, line_, Column(p_));
    ++p_;
    SkipSpaces();
    if (!AtEol(p_)) throw OutsideSubset{};  // chomping or indentation indicators, comments
    std::string& text = block_text_;  // written out, then kept
    text.clear();
    int content_indent = -1;
    int blanks = 0;  // blank lines since the last content line
    bool any = false;
    bool last_has_break = false;  // the last content line ends with a line break
    while (p_ != end_) {
      const char* line = p_ + 1;
      const char* q = line;
      while (q != end_ && *q == ' ') ++q;
      const int spaces = static_cast<int>(q - line);
      if (AtEol(q)) {  // a blank line
        if (!any || spaces > content_indent) throw OutsideSubset{};
        ++blanks;
        if (q == end_) break;
        p_ = q;
        ++line_;
        line_start_ = line;
        continue;
      }
      if (content_indent < 0) {
        if (spaces <= indent) throw OutsideSubset{};  // an empty block scalar
        content_indent = spaces;
      }
      if (spaces < content_indent) break;
      if (spaces > content_indent && folded) throw OutsideSubset{};  // more-indented lines
      const char* nl = static_cast<const char*>(std::memchr(q, '\n', static_cast<size_t>(end_ - q)));
      const char* line_end = nl != nullptr ? nl : end_;
      if (any) {
        if (folded && blanks == 0) {
          text += ' ';
        } else {
          text.append(static_cast<size_t>(folded ? blanks : blanks + 1), '\n');
        }
      }
      const char* content = line + content_indent;  // a literal keeps deeper indentation
      text.append(content, static_cast<size_t>(line_end - content));
      any = true;
      last_has_break = line_end != end_;
      blanks = 0;
      ++line_;
      line_start_ = line;
      p_ = line_end;
    }
    // The file ending inside the text without a line break: yaml-cpp and libfyaml disagree on
    // the last line break, so the libfyaml path reads it, as before this reader.
    if (!any || !last_has_break) throw OutsideSubset{};
    text += '\n';  // clip: the last line break
    out.text = kept_.Keep(text);
    // p_ is at the end of the last line read (blank lines after the content included); the
    // caller's NextContentLine goes on from there.
  }

  // One-line quoted scalars; p_ ends after the closing quote. Without escapes the value is a
  // view of the text between the quotes; with them it is written out and kept.
  void ParseQuoted(DocNode& out) {
    const char quote = *p_;
    Init(out, DocNode::Kind::kScalar, line_, Column(p_));
    const char* q = p_ + 1;
    while (!AtEol(q) && *q != quote && (quote == '\'' || *q != '\\')) ++q;
    if (AtEol(q)) throw OutsideSubset{};  // a quoted scalar over lines
    if (*q == quote && !(quote == '\'' && q + 1 != end_ && q[1] == '\'')) {
      out.text = std::string_view(p_ + 1, static_cast<size_t>(q - p_ - 1));
      p_ = q + 1;
      return;
    }
    std::string& text = block_text_;
    text.assign(p_ + 1, q);
    while (true) {
      if (*q == quote) {
        if (quote == '\'' && q + 1 != end_ && q[1] == '\'') {
          text += '\'';
          q += 2;
        } else {
          out.text = kept_.Keep(text);
          p_ = q + 1;
          return;
        }
      } else {
        // A backslash in double quotes.
        if (q + 1 == end_) throw OutsideSubset{};
        switch (q[1]) {
          case '\\': text += '\\'; break;
          case '"': text += '"'; break;
          case '/': text += '/'; break;
          case 'n': text += '\n'; break;
          case 't': text += '\t'; break;
          default: throw OutsideSubset{};
        }
        q += 2;
      }
      const char* run = q;
      while (!AtEol(q) && *q != quote && (quote == '\'' || *q != '\\')) ++q;
      text.append(run, static_cast<size_t>(q - run));
      if (AtEol(q)) throw OutsideSubset{};
    }
  }

  // --- flow collections on one line ------------------------------------------------------
  void ParseFlow(DocNode& out, int depth) {
    if (depth > kMaxBlockDepth) throw OutsideSubset{};
    const bool is_map = *p_ == '{';
    const char close = is_map ? '}' : ']';
    Init(out, is_map ? DocNode::Kind::kMap : DocNode::Kind::kList, line_, Column(p_));
    ++p_;
    SkipSpaces();
    if (*p_ == close) {
      ++p_;
      return;
    }
    // Read into the vectors of this depth, as block collections are (no block collection of
    // this depth is being read: flows are values of shallower ones).
    std::vector<DocEntry>& entries = map_scratch_[static_cast<size_t>(depth)];
    std::vector<DocNode>& items = list_scratch_[static_cast<size_t>(depth)];
    const size_t base = is_map ? entries.size() : items.size();
    while (true) {
      if (is_map) {
        DocEntry& entry = entries.emplace_back();
        const char* start = p_;
        DocNode key;
        ParseFlowPlain(key, true);
        if (!key.is_scalar()) throw OutsideSubset{};
        if (HasEarlierKey(entries.data() + base, entries.data() + entries.size() - 1, key.text)) {
          throw OutsideSubset{};
        }
        entry.key = key.text;
        entry.line = line_ + 1;
        entry.column = Column(start) + 1;
        --nodes_;  // the key is not a node of the tree
        if (*p_ != ':') throw OutsideSubset{};
        ++p_;
        SkipSpaces();
        ParseFlowItem(entry.value, depth);
      } else {
        ParseFlowItem(items.emplace_back(), depth);
      }
      SkipSpaces();
      if (p_ == end_) throw OutsideSubset{};
      if (*p_ == ',') {
        ++p_;
        SkipSpaces();
        if (p_ == end_ || *p_ == close) throw OutsideSubset{};
        continue;
      }
      if (*p_ == close) {
        ++p_;
        if (is_map) {
          MoveExact(entries, base, out.entries);
        } else {
          MoveExact(items, base, out.items);
        }
        return;
      }
      throw OutsideSubset{};
    }
  }

  void ParseFlowItem(DocNode& out, int depth) {
    if (p_ == end_) throw OutsideSubset{};
    if (*p_ == '[' || *p_ == '{') {
      ParseFlow(out, depth + 1);
    } else if (*p_ == '"' || *p_ == '\'') {
      ParseQuoted(out);
    } else {
      ParseFlowPlain(out, false);
    }
  }

  // A plain scalar inside a flow collection: up to `,`, `]`, `}` or (a key) `: `. Colons that
  // are not followed by a space are left to the other parsers.
  void ParseFlowPlain(DocNode& out, bool key) {
    const char* start = p_;
    if (AtEol(start)) throw OutsideSubset{};
    if (kIndicator(*start)) {
      if (!(*start == '-' && !AtEol(start + 1) && std::strchr(" ,[]{}", start[1]) == nullptr)) {
        throw OutsideSubset{};
      }
    }
    const char* q = start;
    for (; !AtEol(q); ++q) {
      char c = *q;
      if (c == ',' || c == ']' || c == '}') break;
      if (c == ':') {
        if (key && q + 1 != end_ && q[1] == ' ') break;
        throw OutsideSubset{};
      }
      if (c == '[' || c == '{' || (c == '#' && q[-1] == ' ')) throw OutsideSubset{};
    }
    if (AtEol(q)) throw OutsideSubset{};
    const char* last = q;
    while (last > start && last[-1] == ' ') --last;
    if (key && IsNullWord(std::string_view(start, static_cast<size_t>(last - start)))) {
      throw OutsideSubset{};
    }
    Scalar(out, start, last);
    p_ = q;
  }

  const char* p_;
  const char* end_;
  const char* line_start_;
  const char* key_start_ = nullptr;  // the text LooksLikeKey was last asked about
  const char* key_colon_ = nullptr;  // its key's colon, or nullptr when it is not a key
  int line_ = 0;  // 0-based line of p_
  size_t nodes_ = 0;
  std::vector<DocEntry> map_scratch_[kMaxBlockDepth + 2];  // per depth, see MoveExact
  std::vector<DocNode> list_scratch_[kMaxBlockDepth + 2];
  std::string block_text_;  // a block or escaped scalar being written out
  const std::string* file_;
  DocText& kept_;
};

}  // namespace

std::optional<DocNode> ReadYamlBlockSubset(std::string_view text, const std::string* file,
                                           DocText& kept) {
  // Tabs and carriage returns take YAML's finer rules (and its error messages): not here.
  if (std::memchr(text.data(), '\t', text.size()) != nullptr ||
      std::memchr(text.data(), '\r', text.size()) != nullptr) {
    return std::nullopt;
  }
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF) return std::nullopt;  // BOM
  {
    DocNode root;
    try {
      BlockReader(text, file, kept).Read(root);
      return root;
    } catch (const OutsideSubset&) {
    }
  }
  kept.FreeArrays();  // the tree read so far is gone: its arrays are not in use
  return std::nullopt;
}

}  // namespace chaintwin::io
