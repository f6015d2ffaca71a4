// Small pieces the benchmark programs share.
#pragma once

#include <sys/resource.h>

namespace chaintwin::bench {

// Peak resident memory of this process so far, in MiB (ru_maxrss is in KiB on Linux).
inline double PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace chaintwin::bench
