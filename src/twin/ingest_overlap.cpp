// twin::Ingest with IngestOptions::overlap (docs/EVENTS.md "How a file is ingested"): a
// reader thread reads and checks the files, a piece of lines at a time, while the calling
// thread appends the pieces read so far to the store in the one transaction of the ingest.
// The same events reach the store in the same order as on the serial path, and a problem in
// any file rolls the whole transaction back; the problems reported are those of the serial
// path, every file's in file order, because the reader reads every file to its end whatever
// happens to the append.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "chaintwin/twin/live.hpp"
#include "chaintwin/util/error.hpp"
#include "twin/json_lines.hpp"
#include "twin/live_ingest.hpp"

namespace chaintwin::twin {
namespace {

// What the reader hands over: a piece of a file's events, or the end of a file.
struct Piece {
  std::vector<Event> events;
  std::vector<int> lines;
  bool bad = false;  // the file has a problem in this piece or before it: not to be appended
  // The end of the file: its problems (when bad), its event count and, in replace mode, what
  // it replaces.
  bool end = false;
  bool read = false;  // the file was opened and its format known (progress counts it)
  size_t file = 0;    // its index in the files
  util::Diagnostics problems;
  size_t count = 0;
  store::Batch replace;  // replace and replace_time_ms only
};

// Thrown to the store by NextEvents at a bad piece: the append rolls back.
struct ReadFailed {};

class OverlappedReader final : public store::BatchStream {
 public:
  OverlappedReader(const TwinContext& context, const std::vector<IngestFile>& files,
                   const PayloadSender& sender, const IngestOptions& options,
                   const std::function<void(size_t, size_t)>& progress)
      : context_(context), files_(files), sender_(sender), options_(options),
        progress_(progress) {
    thread_ = std::thread([this] { ReadAll(); });
  }
  ~OverlappedReader() override {
    if (thread_.joinable()) thread_.join();
  }

  bool NextBatch(std::string* source, bool* replaces) override {
    if (file_ == files_.size()) return false;
    *source = files_[file_].path;
    *replaces = files_[file_].mode == IngestMode::kReplace;
    return true;
  }

  std::span<const Event> NextEvents() override {
    for (;;) {
      const Piece& p = Take();
      if (p.bad) throw ReadFailed{};
      if (p.end) {
        end_ = &p;
        counts_.push_back(p.count);
        if (p.read && progress_) progress_(file_ + 1, files_.size());
        ++file_;  // its progress is told
        return {};
      }
      if (!p.events.empty()) return p.events;  // a piece of blank lines only has none
    }
  }

  void Replaced(std::vector<store::Batch::Scope>* scopes, int64_t* time_ms) override {
    *scopes = end_->replace.replace;
    *time_ms = end_->replace.replace_time_ms;
  }

  // Waits for the reader to finish every file. The problems of every file in order (none:
  // every file was read and checked). Rethrows what the reader failed with otherwise.
  util::Diagnostics Finish() {
    thread_.join();
    if (failure_) std::rethrow_exception(failure_);
    util::Diagnostics all;
    for (const Piece& p : pieces_) {
      if (!p.end) continue;
      all.insert(all.end(), p.problems.begin(), p.problems.end());
    }
    // The progress of the files the append did not finish.
    for (const Piece& p : pieces_) {
      if (p.end && p.file >= file_ && p.read && progress_) progress_(p.file + 1, files_.size());
    }
    return all;
  }

  // The event count of each file, when every file was appended.
  const std::vector<size_t>& Counts() const { return counts_; }

 private:
  // The next piece, once the reader has handed it over.
  const Piece& Take() {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [&] { return taken_ < pieces_.size() || done_; });
    if (taken_ == pieces_.size()) throw ReadFailed{};  // the reader failed
    return pieces_[taken_++];  // its contents are the reader's no more
  }

  void Hand(Piece piece) {
    {
      std::lock_guard lock(mu_);
      pieces_.push_back(std::move(piece));
    }
    ready_.notify_one();
  }

  void ReadAll() {
    try {
      for (size_t i = 0; i < files_.size(); ++i) ReadFile(i);
    } catch (...) {
      failure_ = std::current_exception();
    }
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    ready_.notify_one();
  }

  // As Ingest's serial path reads one file, in pieces.
  void ReadFile(size_t i) {
    const IngestFile& f = files_[i];
    Piece end;
    end.end = true;
    end.file = i;
    std::string text;
    if (!ReadWholeFile(f.path, &text, end.problems)) {
      end.bad = true;
      Hand(std::move(end));
      return;
    }
    FileFormat format;
    try {
      format = FormatOf(f.path);
    } catch (const InputError& e) {
      end.problems = e.diagnostics();
      end.bad = true;
      Hand(std::move(end));
      return;
    }
    end.read = true;
    // The events of the file, piece by piece, for its replace.
    std::vector<std::span<const Event>> read;
    if (format != FileFormat::kJsonLines) {
      Piece whole;
      whole.events = ReadEvents(text, f.path, format, context_, sender_, end.problems,
                                options_.parser);
      whole.bad = end.bad = !end.problems.empty();
      end.count = whole.events.size();
      read.emplace_back(whole.events);
      Hand(std::move(whole));
    } else {
      JsonLinesReader lines(text, f.path, context_, options_.parser);
      KeyCheck keys(f.path);
      util::Diagnostics repeated;  // keys given again: after the lines' problems
      // The first pieces are smaller (32, 64 lines), so that the store starts sooner.
      const size_t full = std::max<size_t>(options_.piece_lines, 1);
      size_t per = std::min<size_t>(full, 32);
      for (; !lines.Done(); per = std::min(full, per * 2)) {
        Piece p;
        p.events.reserve(per);
        p.lines.reserve(per);
        lines.Read(per, p.events, p.lines, end.problems);
        keys.Add(p.events, p.lines, repeated);
        p.bad = end.bad = end.bad || !end.problems.empty() || !repeated.empty();
        end.count += p.events.size();
        read.emplace_back(p.events);  // the vector's buffer moves with it
        Hand(std::move(p));
      }
      end.problems.insert(end.problems.end(), repeated.begin(), repeated.end());
      CheckNotEmpty(text, f.path, 0, end.problems);
      end.bad = !end.problems.empty();
    }
    if (!end.bad && f.mode == IngestMode::kReplace) {
      for (std::span<const Event> events : read) AddToReplace(events, end.replace);
    }
    if (end.bad) end.count = 0;
    Hand(std::move(end));
  }

  const TwinContext& context_;
  const std::vector<IngestFile>& files_;
  const PayloadSender& sender_;
  const IngestOptions& options_;
  const std::function<void(size_t, size_t)>& progress_;
  std::thread thread_;

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Piece> pieces_;  // handed over so far (a deque: a piece never moves)
  size_t taken_ = 0;          // pieces the store has taken
  bool done_ = false;         // the reader has read every file or failed
  std::exception_ptr failure_;

  // The store's side.
  size_t file_ = 0;  // the file being appended
  const Piece* end_ = nullptr;
  std::vector<size_t> counts_;
};

}  // namespace

std::vector<IngestedFile> IngestOverlapped(store::TwinStore& store, const TwinContext& context,
                                           const std::vector<IngestFile>& files,
                                           const PayloadSender& sender,
                                           const std::function<void(size_t, size_t)>& progress,
                                           const IngestOptions& options) {
  OverlappedReader reader(context, files, sender, options, progress);
  std::vector<store::AppendResult> stored;
  std::exception_ptr append_failure;
  try {
    stored = store.AppendStream(reader);
  } catch (const ReadFailed&) {
    // A problem in a file: rolled back; Finish names it.
  } catch (...) {
    append_failure = std::current_exception();
  }
  util::Diagnostics problems = reader.Finish();
  // The serial path reads every file before it appends: their problems come first.
  if (!problems.empty()) throw InputError(std::move(problems));
  if (append_failure) std::rethrow_exception(append_failure);
  std::vector<IngestedFile> out;
  for (size_t i = 0; i < files.size(); ++i) {
    out.push_back({files[i].path, reader.Counts()[i], stored[i]});
  }
  return out;
}

}  // namespace chaintwin::twin
