// `chaintwin generate --sites N --seed S --out DIR`: writes a synthetic network (network.yaml +
// CSV tables) and a disruption scenario (scenario.yaml) for tests, demos and benchmarks.
#include <chrono>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "chaintwin/io/generate.hpp"
#include "chaintwin/model/scenario.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"

namespace chaintwin::cli {
namespace {

// MemAvailable from /proc/meminfo in bytes, or 0 when unknown.
double AvailableMemoryBytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  double kb = 0;
  std::string unit;
  while (in >> key >> kb >> unit) {
    if (key == "MemAvailable:") return kb * 1024.0;
  }
  return 0.0;
}

}  // namespace

void AddGenerate(CLI::App& app, Runner& run) {
  struct Options {
    int64_t sites = 0;
    uint64_t seed = 1;
    int32_t days = 365;
    std::string protocol = "pro_rata";
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "generate",
      "Write a synthetic battery supply network of N sites (mines, refiners, recyclers, "
      "cathode, anode and cell makers, end use) and a disruption scenario over it; the same "
      "seed gives the same files");
  cmd->add_option("--sites", options->sites, "Number of sites, 5 to 10,000,000")->required();
  cmd->add_option("--seed", options->seed, "Random seed (default 1)")->check(kSeed);
  cmd->add_option("--days", options->days, "Scenario horizon in days (default 365)");
  cmd->add_option("--protocol", options->protocol,
                  "Allocation protocol of the scenario: pro_rata (default), priority, "
                  "contract_first or alliance_first");
  cmd->add_option("--out", options->out, "Folder to write (created when missing)")->required();
  cmd->callback([&run, options] {
    run = [options] {
      if (options->sites < 5 || options->sites > 10'000'000) {
        throw InputError("--sites", fmt::format("expected a number of sites from 5 to "
                                                "10,000,000, found {}",
                                                options->sites));
      }
      if (options->days < 1 || options->days > 36500) {
        throw InputError("--days", fmt::format("expected a horizon from 1 to 36500 days, "
                                               "found {}",
                                               options->days));
      }
      // Measured: generate holds about 1.9 KB per site at its peak (191,656 KB of resident
      // memory at 100,000 sites, 42,892 KB at 20,000; Dec 2026). Refuse up front what cannot
      // fit instead of dying after minutes with nothing written.
      const double need = 2000.0 * static_cast<double>(options->sites) + 64e6;
      const double available = AvailableMemoryBytes();
      if (available > 0 && need > available) {
        throw InputError("--sites",
                         fmt::format("{} sites need about {:.1f} GB of memory; {:.1f} GB is "
                                     "available",
                                     options->sites, need / 1e9, available / 1e9));
      }
      auto protocol = model::ParseProtocol(options->protocol);
      if (!protocol || *protocol == model::Protocol::kPlan) {
        throw InputError("--protocol",
                         fmt::format("expected pro_rata, priority, contract_first or "
                                     "alliance_first, found '{}'",
                                     options->protocol));
      }
      io::GenerateOptions g;
      g.sites = options->sites;
      g.seed = options->seed;
      g.horizon_days = options->days;
      g.protocol = *protocol;
      auto t0 = std::chrono::steady_clock::now();
      io::GeneratedCase generated = io::Generate(g);
      std::vector<io::WrittenFile> files =
          io::WriteGenerated(generated.network, generated.scenario, options->out);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      size_t bytes = 0;
      for (const io::WrittenFile& f : files) {
        std::cout << fmt::format("wrote {} ({} bytes, {} rows)\n", f.path, f.bytes, f.rows);
        bytes += f.bytes;
      }
      std::cout << fmt::format(
          "generated {} sites, {} lanes, {} contracts and {} events (seed {}) in {:.2f} s, "
          "{:.1f} MB\nrun it: chaintwin simulate {}/scenario.yaml\n",
          generated.network.sites.size(), generated.network.lanes.size(),
          generated.network.contracts.size(), generated.scenario.events.size(), options->seed,
          seconds, static_cast<double>(bytes) / 1e6, options->out);
      return 0;
    };
  });
}

}  // namespace chaintwin::cli
