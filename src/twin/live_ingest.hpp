// The two paths of twin::Ingest (include/chaintwin/twin/live.hpp): the serial one in live.cpp,
// the overlapped one (IngestOptions::overlap) in ingest_overlap.cpp.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "chaintwin/twin/live.hpp"

namespace chaintwin::twin {

// The contents of the file at `path` into *text; false (and a problem "cannot open the file"
// in `diags`) when it cannot be read.
bool ReadWholeFile(const std::string& path, std::string* text, util::Diagnostics& diags);

// Adds `events`, the next events of `batch` in file order, to its replace (MakeReplace, a
// piece at a time).
void AddToReplace(std::span<const Event> events, store::Batch& batch);

// Ingest with options.overlap.
std::vector<IngestedFile> IngestOverlapped(store::TwinStore& store, const TwinContext& context,
                                           const std::vector<IngestFile>& files,
                                           const PayloadSender& sender,
                                           const std::function<void(size_t, size_t)>& progress,
                                           const IngestOptions& options);

}  // namespace chaintwin::twin
