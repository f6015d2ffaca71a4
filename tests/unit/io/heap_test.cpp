// The memory path of large loads (io/heap.hpp): the heap grown and marked for huge pages
// while a load reads large files, and the same network whether it is on or off.
#include "io/heap.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#include <unistd.h>
#endif

#include "chaintwin/io/generate.hpp"
#include "chaintwin/io/load.hpp"

namespace chaintwin {
namespace {

namespace fs = std::filesystem;

std::string ReadFileText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Restores the switch as the environment set it.
struct SwitchGuard {
  bool was = io::HugePagesEnabled();
  ~SwitchGuard() { io::SetHugePagesForTesting(was); }
};

#if defined(__linux__) && defined(__GLIBC__)
TEST(HeapForLoad, GrowsTheHeapTopForLargeInputsOnlyDuringALoad) {
  if (!io::HeapPathAvailable()) GTEST_SKIP() << "malloc is a sanitizer's in this build";
  SwitchGuard guard;
  io::SetHugePagesForTesting(true);
  constexpr size_t kInput = 3 * io::kLargeInputBytes;
  // Doing nothing leaves the heap's end where it was.
  void* const end = sbrk(0);
  io::PrepareHeapForInput(kInput);  // no load: nothing
  EXPECT_EQ(sbrk(0), end);
  io::ForgetHeapReserveForTesting();  // whatever other tests loaded before
  {
    io::HeapForLoad load;
    io::PrepareHeapForInput(io::kLargeInputBytes - 1);  // small: nothing
    EXPECT_EQ(sbrk(0), end);
    io::PrepareHeapForInput(kInput);
    EXPECT_GE(mallinfo2().keepcost, kInput * io::kHeapPerInputByte);
    io::PrepareHeapForInput(kInput);  // a second file of the same load: room for both
    EXPECT_GE(mallinfo2().keepcost, 2 * kInput * io::kHeapPerInputByte);
  }
  {
    io::HeapForLoad load;  // a later load of the same size: the memory is there, no growth
    void* const grown = sbrk(0);
    io::PrepareHeapForInput(kInput);
    io::PrepareHeapForInput(kInput);
    EXPECT_EQ(sbrk(0), grown);
  }
  io::SetHugePagesForTesting(false);
  {
    io::HeapForLoad load;
    void* const grown = sbrk(0);
    io::PrepareHeapForInput(100 * kInput);  // off: nothing
    EXPECT_EQ(sbrk(0), grown);
  }
}
#endif

// A generated network with tables over kLargeInputBytes, loaded with the path off and on and
// written back: the same files.
TEST(HeapForLoad, LoadsTheSameNetworkWithTheMemoryPathOnAndOff) {
  SwitchGuard guard;
  const fs::path root = fs::path(testing::TempDir()) / "ct_heap_test";
  fs::remove_all(root);
  io::GenerateOptions options;
  options.sites = 8000;
  options.seed = 3;
  io::GeneratedCase g = io::Generate(options);
  io::WriteGenerated(g.network, g.scenario, (root / "in").string());
  ASSERT_GE(fs::file_size(root / "in" / "lanes.csv"), io::kLargeInputBytes);

  for (bool on : {false, true}) {
    io::SetHugePagesForTesting(on);
    io::LoadedScenario loaded = io::LoadScenario((root / "in" / "scenario.yaml").string());
    io::WriteGenerated(loaded.network, loaded.scenario, (root / (on ? "on" : "off")).string());
  }
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(root / "off")) {
    SCOPED_TRACE(entry.path().filename().string());
    const std::string off = ReadFileText(entry.path());
    EXPECT_FALSE(off.empty());
    EXPECT_EQ(off, ReadFileText(root / "on" / entry.path().filename()));
    ++files;
  }
  EXPECT_GE(files, 8u);
  fs::remove_all(root);
}

}  // namespace
}  // namespace chaintwin
