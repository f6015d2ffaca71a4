#include "io/heap.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string_view>

// Sanitizers bring their own malloc: glibc's settings would not reach it.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CT_HEAP_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define CT_HEAP_SANITIZED 1
#endif
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(CT_HEAP_SANITIZED)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define CT_HEAP_LINUX 1
#endif

namespace chaintwin::io {
namespace {

constexpr uintptr_t kHugePage = uintptr_t{2} << 20;

std::atomic<int>& Switch() {
  static std::atomic<int> on = [] {
    const char* env = std::getenv("CHAINTWIN_HUGE_PAGES");
    return env != nullptr && std::string_view(env) == "0" ? 0 : 1;
  }();
  return on;
}

#ifdef CT_HEAP_LINUX
// madvise over the whole 2 MiB pages inside [begin, end).
void AdviseRange(uintptr_t begin, uintptr_t end) {
  begin = (begin + kHugePage - 1) & ~(kHugePage - 1);
  end &= ~(kHugePage - 1);
  if (end > begin) {
    madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
  }
}
#endif

}  // namespace

bool HeapPathAvailable() {
#ifdef CT_HEAP_LINUX
  return true;
#else
  return false;
#endif
}

bool HugePagesEnabled() { return Switch().load(std::memory_order_relaxed) != 0; }

void SetHugePagesForTesting(bool on) { Switch().store(on ? 1 : 0, std::memory_order_relaxed); }

namespace {
std::mutex load_mutex;
int load_depth = 0;           // HeapForLoad objects alive
size_t load_promised = 0;     // bytes the large files of this load will take
size_t load_reserved = 0;     // the most a load has promised: what the heap was grown by
}  // namespace

HeapForLoad::HeapForLoad() {
  std::lock_guard<std::mutex> lock(load_mutex);
  ++load_depth;
}

HeapForLoad::~HeapForLoad() {
  std::lock_guard<std::mutex> lock(load_mutex);
  if (--load_depth == 0) load_promised = 0;
}

void PrepareHeapForInput(size_t input_bytes) {
  if (!HugePagesEnabled() || input_bytes < kLargeInputBytes) return;
#ifdef CT_HEAP_LINUX
  std::lock_guard<std::mutex> lock(load_mutex);
  if (load_depth == 0) return;
  static bool configured = false;
  if (!configured) {
    configured = true;
    // Freed memory stays in the process, to be reused by the next table or the model; arrays
    // up to glibc's largest threshold (32 MiB) come from the marked heap, not from mappings of
    // their own, fresh (zeroed, faulted in) each time a vector grows. (No mappings at all,
    // M_MMAP_MAX 0, measured slower for YAML in one load_bench session: not kept.)
    mallopt(M_TRIM_THRESHOLD, INT32_MAX);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
  }
  const size_t want = input_bytes * kHeapPerInputByte;
  if (want > (size_t{1} << 34)) return;  // not a plausible input for one process
  // The files of a load are all read before they are built: the heap's free top (the main
  // arena's, where new allocations are cut from) is grown to hold what all of them will take.
  // A later load no larger than one before finds that memory freed and kept in the process
  // (marked already), so the heap grows only by what a load promises beyond the largest so far.
  load_promised += want;
  if (load_promised <= load_reserved) return;
  const size_t grow = load_promised - load_reserved;
  load_reserved = load_promised;
  // mallinfo2 walks malloc's free lists: asked only when the heap is to grow.
  const size_t top = mallinfo2().keepcost;
  // Allocating more than the top, with no mapping of its own allowed (M_MMAP_MAX 0), grows
  // the heap by what the top lacks plus M_TOP_PAD; freed at once, the growth joins the top,
  // untouched but for malloc's few bytes of bookkeeping.
  const uintptr_t before = reinterpret_cast<uintptr_t>(sbrk(0));
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TOP_PAD, static_cast<int>(std::min<size_t>(grow, INT32_MAX)));
  void* volatile probe = std::malloc(top + 4096);  // volatile: the pair is not optimized out
  std::free(probe);
  mallopt(M_TOP_PAD, 128 << 10);  // glibc's defaults: later growth as it would be
  mallopt(M_MMAP_MAX, 65536);
  const uintptr_t after = reinterpret_cast<uintptr_t>(sbrk(0));
  if (after > before) AdviseRange(before, after);
#endif
}

void ForgetHeapReserveForTesting() {
  std::lock_guard<std::mutex> lock(load_mutex);
  load_reserved = 0;
}

void AdviseHugePages(const void* data, size_t bytes) {
  if (!HugePagesEnabled() || bytes < kHugePage) return;
#ifdef CT_HEAP_LINUX
  const auto begin = reinterpret_cast<uintptr_t>(data);
  AdviseRange(begin, begin + bytes);
#else
  (void)data;
#endif
}

}  // namespace chaintwin::io
