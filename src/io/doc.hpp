// A small document tree that remembers where every value was written: the common form of
// YAML, JSON and CSV input, so the loaders check fields the same way whatever the syntax and
// report file, line and column for each problem. Scalars stay text; the loaders decide
// what a value means (a quantity, a date, a key). Keys and scalars are views: into the file's
// text where they are written as they read (the usual case), else into text the reader kept
// (DocText); a tree is valid as long as the text it views.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chaintwin/util/diagnostic.hpp"

namespace chaintwin::io {

// Maps and lists deeper than this are refused (bounded recursion on hostile input).
inline constexpr int kMaxDepth = 64;

struct DocEntry;

// The name of a file read, kept for the life of the process: every node of a document points
// to it (a pointer copied per node, where a shared one cost two atomic counts per node). One
// string per distinct name (a few bytes each); thread-safe.
const std::string* InternFileName(std::string_view name);

// The text the keys and scalars of one parsed document view: the file's text, and the values
// a reader had to write out (escaped or folded text, or any value read by libfyaml or
// yaml-cpp) in blocks of its own; and the arrays of the block reader's lists and maps
// (DocArray::MoveInto), freed all at once with it. Nothing kept moves, so views stay valid
// for the life of the DocText.
class DocText {
 public:
  explicit DocText(std::string text) : text_(std::move(text)) {}
  DocText(const DocText&) = delete;
  DocText& operator=(const DocText&) = delete;

  const std::string& text() const { return text_; }
  // A copy of `s` that lives as long as this.
  std::string_view Keep(std::string_view s);
  // `bytes` of room (aligned for any DocNode or DocEntry) that lives as long as this.
  void* AllocateArray(size_t bytes);
  // Frees every array allocated so far; none may be in use (a read given up).
  void FreeArrays();

 private:
  // Blocks handed out front to back; a request larger than a quarter block gets its own.
  struct Blocks {
    std::vector<std::unique_ptr<char[]>> blocks;
    char* next = nullptr;  // free room in the last block
    size_t left = 0;
    void* Take(size_t bytes, size_t block_size);
  };
  static constexpr size_t kTextBlock = 64 * 1024;
  static constexpr size_t kArrayBlock = 1024 * 1024;
  std::string text_;
  Blocks text_blocks_;
  Blocks array_blocks_;
};

// The items of a list or the entries of a map: a std::vector's interface as the loaders use it,
// in 16 bytes. Its array is its own (freed with it, elements destroyed) or, made by MoveInto,
// one of a DocText's (then neither are freed one by one: the DocText frees all arrays at once,
// so every element's own arrays must be a DocText's too, as the block reader makes them).
// Copies are always their own.
template <typename T>
class DocArray {
 public:
  DocArray() = default;
  DocArray(const DocArray& other) { CopyFrom(other); }
  DocArray(DocArray&& other) noexcept
      : data_(other.data_), size_(other.size_), capacity_(other.capacity_), kept_(other.kept_) {
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
    other.kept_ = 0;
  }
  DocArray& operator=(const DocArray& other) {
    if (this != &other) {
      Release();
      CopyFrom(other);
    }
    return *this;
  }
  DocArray& operator=(DocArray&& other) noexcept {
    if (this != &other) {
      Release();
      data_ = other.data_;
      size_ = other.size_;
      capacity_ = other.capacity_;
      kept_ = other.kept_;
      other.data_ = nullptr;
      other.size_ = other.capacity_ = 0;
      other.kept_ = 0;
    }
    return *this;
  }
  ~DocArray() { Release(); }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  size_t capacity() const { return capacity_; }
  T* data() { return data_; }
  const T* data() const { return data_; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T& back() { return data_[size_ - 1]; }
  const T& back() const { return data_[size_ - 1]; }

  void reserve(size_t n) {
    if (n > capacity_ || kept_) Grow(std::max<size_t>(n, size_));
  }
  template <typename... Args>
  T& emplace_back(Args&&... args) {
    if (size_ == capacity_ || kept_) {
      T value(std::forward<Args>(args)...);  // made first: `args` may be one of the elements
      Grow(std::max<size_t>(4, size_ * 2));
      return *::new (static_cast<void*>(data_ + size_++)) T(std::move(value));
    }
    return *::new (static_cast<void*>(data_ + size_++)) T(std::forward<Args>(args)...);
  }
  void push_back(const T& value) { emplace_back(value); }
  void push_back(T&& value) { emplace_back(std::move(value)); }
  // Default-constructs new elements; keeps the first `n`.
  void resize(size_t n) {
    if (n > capacity_ || kept_) Grow(n);
    while (size_ > n) data_[--size_].~T();
    while (size_ < n) ::new (static_cast<void*>(data_ + size_++)) T();
  }
  void clear() { resize(0); }

  // Makes this (empty) the elements [first, last), moved into an array of exactly their number
  // in `kept`.
  void MoveInto(DocText& kept, T* first, T* last) {
    Release();
    const size_t n = static_cast<size_t>(last - first);
    if (n == 0) return;
    data_ = static_cast<T*>(kept.AllocateArray(n * sizeof(T)));
    for (size_t i = 0; i < n; ++i) ::new (static_cast<void*>(data_ + i)) T(std::move(first[i]));
    size_ = capacity_ = static_cast<uint32_t>(n);
    kept_ = 1;
  }

 private:
  // An own array of room for `n` (>= size_), the elements moved into it.
  void Grow(size_t n) {
    T* fresh = std::allocator<T>().allocate(n);
    for (size_t i = 0; i < size_; ++i) {
      ::new (static_cast<void*>(fresh + i)) T(std::move(data_[i]));
      if (!kept_) data_[i].~T();
    }
    if (!kept_ && data_ != nullptr) std::allocator<T>().deallocate(data_, capacity_);
    data_ = fresh;
    capacity_ = static_cast<uint32_t>(n);
    kept_ = 0;
  }
  void CopyFrom(const DocArray& other) {
    data_ = nullptr;
    size_ = capacity_ = 0;
    kept_ = 0;
    if (other.size_ == 0) return;
    data_ = std::allocator<T>().allocate(other.size_);
    capacity_ = other.size_;
    for (; size_ < other.size_; ++size_) ::new (static_cast<void*>(data_ + size_)) T(other.data_[size_]);
  }
  void Release() {
    if (!kept_ && data_ != nullptr) {
      for (size_t i = 0; i < size_; ++i) data_[i].~T();
      std::allocator<T>().deallocate(data_, capacity_);
    }
    data_ = nullptr;
    size_ = capacity_ = 0;
    kept_ = 0;
  }

  T* data_ = nullptr;
  uint32_t size_ = 0;
  uint32_t capacity_ : 31 = 0;
  uint32_t kept_ : 1 = 0;  // the array is a DocText's
};

struct DocNode {
  enum class Kind : uint8_t { kNull, kScalar, kList, kMap };
  Kind kind = Kind::kNull;
  int line = 0;                             // 1-based; 0 when unknown
  int column = 0;
  const std::string* file = nullptr;        // InternFileName: shared by every node of one file
  std::string_view text;                    // kScalar: the value (escapes resolved)
  DocArray<DocNode> items;                  // kList
  DocArray<DocEntry> entries;               // kMap, in file order, keys unique

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_list() const { return kind == Kind::kList; }
  bool is_map() const { return kind == Kind::kMap; }
  // The value of `key` in a map, or nullptr (also when this is not a map).
  const DocNode* Find(std::string_view key) const;
  // The entry of `key` in a map (its key's position and value), or nullptr.
  const DocEntry* FindEntry(std::string_view key) const;
  // "a map", "a list", "text 'abc'", "nothing": what was found, for messages.
  std::string Describe() const;
  const std::string& file_name() const;
};

struct DocEntry {
  std::string_view key;
  int line = 0;
  int column = 0;
  DocNode value;
};

// A parsed document: its tree and the text the tree views (moving a Document keeps the
// views valid; the tree must not outlive it).
struct Document {
  std::unique_ptr<DocText> text;
  DocNode root;
};

// Reads a whole file. On failure adds a diagnostic naming the file and returns nullopt.
std::optional<std::string> ReadTextFile(const std::string& path, util::Diagnostics& diagnostics);

// Parses YAML (or JSON) text into a tree. Text that is empty, binary, not UTF-8, too deeply
// nested, or not valid YAML gives diagnostics at `file` and nullopt. Duplicate keys are
// reported and the first value is kept.
// kFast reads the text with chaintwin's own reader of the block subset the data is written in
// (ReadYamlBlockSubset); outside it, with libfyaml; on any problem yaml-cpp reads it again and
// reports it. kLibfyaml starts at libfyaml, kYamlCpp reads with yaml-cpp only (the same tree:
// tests compare the three). The environment variable CHAINTWIN_YAML_READER=libfyaml (or
// yaml-cpp) makes kFast start at that parser (docs/FORMATS.md).
enum class YamlParser { kFast, kLibfyaml, kYamlCpp };
// The text is kept in the Document (the tree views it): move it in.
std::optional<Document> ParseYaml(std::string text, const std::string& file,
                                  util::Diagnostics& diagnostics,
                                  YamlParser parser = YamlParser::kFast);

// Every node of a tree, one a line, with its kind, text, keys and positions: what tests and the
// fuzzer compare to check that two readers give the same tree.
std::string DumpTree(const DocNode& node);

// The block-style subset of YAML (block mappings and sequences, plain and quoted one-line
// scalars, comments, one-line flow collections, `>` and `|` block scalars) read into the tree
// ParseYaml gives, positions included; nullopt, without diagnostics, for any text outside it
// (the caller then reads it with a full YAML parser). `text` is one document, already checked
// by CheckText; `file` is the file's name (InternFileName). Keys and scalars view `text` where
// they are written as they read, else text kept in `kept`.
std::optional<DocNode> ReadYamlBlockSubset(std::string_view text, const std::string* file,
                                           DocText& kept);

// A CSV table held flat: the file's text read once, and per cell a view of its (trimmed,
// unquoted) text with the line and column where the cell starts. A row is read as the map of
// its non-empty cells keyed by the header (FillRow), the same DocNode a YAML element gives,
// so a CSV row is checked exactly like the YAML map it stands for.
class CsvTable {
 public:
  struct Column {
    std::string name;
    int line = 0;
    int column = 0;
  };

  const std::string& file_name() const { return *file_; }
  const std::string* file() const { return file_; }
  const std::vector<Column>& columns() const { return columns_; }
  size_t row_count() const { return row_line_.size(); }
  // The line of data row `row` (0-based, header and blank lines not counted).
  int row_line(size_t row) const { return row_line_[row]; }
  // The index of the column named `name`, or -1.
  int ColumnIndex(std::string_view name) const;
  // The trimmed, unquoted text of a cell ("" when not given). Requires: row < row_count(),
  // column < columns().size().
  std::string_view CellText(size_t row, size_t column) const {
    const Cell& cell = cells_[row * columns_.size() + column];
    return std::string_view(text_.data() + cell.begin, cell.end - cell.begin);
  }
  // Makes `out` the map of row `row`'s non-empty cells, in column order, with their
  // positions; reuses out's storage, so one node read row after row allocates little. Keys
  // and values view the table: `out` is valid while the table is, unmoved.
  void FillRow(size_t row, DocNode& out) const;

 private:
  friend std::optional<CsvTable> ParseCsv(std::string text, const std::string& file,
                                          util::Diagnostics& diagnostics);
  struct Cell {
    uint32_t begin = 0;  // [begin, end) in text_
    uint32_t end = 0;
    int line = 0;
    int column = 0;
  };
  const std::string* file_ = nullptr;  // InternFileName
  std::string text_;  // the file; quoted cells are unescaped in place
  std::vector<Column> columns_;
  std::vector<Cell> cells_;  // row-major, columns_.size() per row
  std::vector<int> row_line_;
};

// Parses a CSV table with a header row. Empty cells are left out of their row ("not
// given"). Positions are the CSV's line and column. Problems (ragged rows, unclosed quotes,
// invalid text) give diagnostics and nullopt. Takes the text to keep it (cells view into it).
std::optional<CsvTable> ParseCsv(std::string text, const std::string& file,
                                 util::Diagnostics& diagnostics);

// Checks that `text` is UTF-8 text without NUL bytes; otherwise adds a diagnostic and
// returns false.
bool CheckText(const std::string& text, const std::string& file, util::Diagnostics& diagnostics);

}  // namespace chaintwin::io
