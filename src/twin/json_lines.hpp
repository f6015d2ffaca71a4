// What ReadEvents does to a JSON Lines text, in parts that can be taken a piece at a time:
// twin::Ingest with IngestOptions::overlap reads a file's lines on one thread while the store
// appends, on another, the events of the lines read so far (docs/EVENTS.md "How a file is
// ingested"). The serial ReadEvents is made of the same parts, so both give the same events
// and the same problems.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chaintwin/twin/reader.hpp"

namespace chaintwin::twin {

struct FastLines;  // event_files.cpp: the text padded for simdjson, and its parser

// The lines of one JSON Lines text, read in order, a number of lines at a time. Reading every
// piece gives the events, their line numbers and the problems of the whole text, in order
// (without the checks of KeyCheck and CheckNotEmpty).
class JsonLinesReader {
 public:
  // `text` and `context` must outlive the reader.
  JsonLinesReader(std::string_view text, const std::string& file, const TwinContext& context,
                  JsonParser parser);
  ~JsonLinesReader();
  JsonLinesReader(const JsonLinesReader&) = delete;
  JsonLinesReader& operator=(const JsonLinesReader&) = delete;

  bool Done() const { return at_ >= text_.size(); }
  // Reads the next `max_lines` lines (blank ones included) or the rest of the text, appending
  // their events to `events`, each event's line to `lines` and every problem to `diags`.
  void Read(size_t max_lines, std::vector<Event>& events, std::vector<int>& lines,
            util::Diagnostics& diags);

 private:
  std::string_view text_;  // without a BOM
  const std::string& file_;
  const TwinContext& context_;
  std::unique_ptr<FastLines> fast_;
  size_t at_ = 0;  // where the next line starts
  int line_ = 0;   // lines read so far
};

// One key, one event: a key given again in a file with other content is a problem naming both
// lines (the store refuses such a key against what it already holds). Events are added in
// file order and must stay where they are while the check lives.
class KeyCheck {
 public:
  explicit KeyCheck(const std::string& file) : file_(file) {}
  // Appends a problem to `diags` for each of `events` whose key came before with other content.
  void Add(std::span<const Event> events, std::span<const int> lines, util::Diagnostics& diags);

 private:
  const std::string& file_;
  std::unordered_map<std::string_view, std::pair<const Event*, int>> first_;  // key: event, line
};

// An empty text without any other problem is one: "empty file: no events". `errors_before` is
// the size of `diags` before the file was read.
void CheckNotEmpty(std::string_view text, const std::string& file, size_t errors_before,
                   util::Diagnostics& diags);

}  // namespace chaintwin::twin
