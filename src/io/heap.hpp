// Memory for large loads. A 100,000-site network takes about ten times its files' size in
// memory (300 MiB for 34 MB of tables), first touched in 4 KiB pages: 90,000 page faults,
// which on a virtual machine cost more than the parsing (docs/BENCHMARKS.md, "Loading").
// Before a large file is read, the heap is grown once by a multiple of its size and that part
// is marked for transparent huge pages (madvise MADV_HUGEPAGE), so the load's many small
// allocations (strings, nodes, rows) and its arrays fault in 2 MiB at a time; arrays that
// outgrow the marked part are marked by their owners (AdviseHugePages).
//
// Switch: CHAINTWIN_HUGE_PAGES=0 in the environment leaves malloc and the kernel's defaults
// alone (the plain path; results are identical, tests compare the two). Linux with glibc only
// (HeapPathAvailable); elsewhere, and under sanitizers, both calls do nothing.
#pragma once

#include <cstddef>

namespace chaintwin::io {

// Files smaller than this do not touch the heap's settings: small inputs load as before.
inline constexpr size_t kLargeInputBytes = size_t{1} << 20;
// Memory a load may take per byte of input: about 9 for a generated network as CSV tables, 14
// as one YAML file (its document tree, then the model). Address space only until touched.
inline constexpr size_t kHeapPerInputByte = 16;

// Whether this build can ready the heap at all: Linux with glibc's malloc (not a sanitizer's).
bool HeapPathAvailable();

// Whether the large-load memory path is on: CHAINTWIN_HUGE_PAGES is not "0" (read once), or
// as set by SetHugePagesForTesting.
bool HugePagesEnabled();
// Tests: turns the path on or off for the rest of the process (the heap already readied
// stays as it is).
void SetHugePagesForTesting(bool on);

// A load: the files read while one is alive are built into one model, so the memory each
// will take is added up (see PrepareHeapForInput). The loaders' entry points (LoadNetwork,
// LoadScenario, Validate) hold one; they nest. Outside any, PrepareHeapForInput does nothing.
class HeapForLoad {
 public:
  HeapForLoad();
  ~HeapForLoad();
  HeapForLoad(const HeapForLoad&) = delete;
  HeapForLoad& operator=(const HeapForLoad&) = delete;
};

// Readies the heap for reading and building an input file of `input_bytes`: nothing when the
// path is off, no HeapForLoad is alive or the file is smaller than kLargeInputBytes. Otherwise
// keeps freed memory in the process (no trimming of the heap; arrays up to 32 MiB from the
// heap rather than mappings of their own, faulted in afresh each time a vector grows) and
// grows the heap's free top by kHeapPerInputByte times the file's bytes, the growth marked for
// huge pages. A load promises the sum over its large files; the heap grows only by what that
// sum exceeds the largest of any load before (whose memory, freed, stays in the process).
// Untouched memory costs address space only. Thread-safe; the malloc settings last for the
// process.
void PrepareHeapForInput(size_t input_bytes);
// Tests: the next load grows the heap as if it were the process's first.
void ForgetHeapReserveForTesting();

// Marks [data, data + bytes) for huge pages when the path is on and the range spans at least
// one whole 2 MiB page; call before the memory is first written (after reserve()).
void AdviseHugePages(const void* data, size_t bytes);

}  // namespace chaintwin::io
