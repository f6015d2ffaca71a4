// A scenario's `baseline: output_2024` caps each process listed in the network's
// output_2024.csv at its 2024 output; `capacity` (the default) keeps nameplate. Bad rows are
// reported with the table's file and line.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin {
namespace {

namespace fs = std::filesystem;

const std::string kBatteryDir = std::string(CT_DATA_DIR) + "/battery";

std::string ScenarioText(const std::string& baseline) {
  return "kind: scenario\nid: b\nstart: 2026-01-01\nnetwork: ../network.yaml\n" +
         (baseline.empty() ? std::string() : "baseline: " + baseline + "\n") + "events: []\n";
}

double Capacity(const model::Network& n, const std::string& site, const std::string& process) {
  for (const model::Site& s : n.sites) {
    if (s.id != site) continue;
    for (const model::Process& p : s.processes) {
      if (p.id == process) return p.capacity_per_day;
    }
  }
  ADD_FAILURE() << "no process " << site << "/" << process;
  return NAN;
}

TEST(ScenarioBaseline, Output2024CapsProcessesAtTheir2024Output) {
  auto nameplate = io::LoadScenarioFromString(ScenarioText(""), "s.yaml", kBatteryDir + "/scenarios");
  auto explicit_capacity = io::LoadScenarioFromString(ScenarioText("capacity"), "s.yaml", kBatteryDir + "/scenarios");
  auto output = io::LoadScenarioFromString(ScenarioText("output_2024"), "s.yaml", kBatteryDir + "/scenarios");
  EXPECT_EQ(nameplate.scenario.baseline, model::Baseline::kCapacity);
  EXPECT_EQ(output.scenario.baseline, model::Baseline::kOutput2024);
  // China's cells: 2,550 GWh/yr of nameplate (72 % LFP), 1,170 GWh made in 2024 (MIIT, 72 % LFP).
  EXPECT_NEAR(Capacity(nameplate.network, "cn_cells", "cell_lfp") * 365, 1836.0, 1e-6);
  EXPECT_NEAR(Capacity(explicit_capacity.network, "cn_cells", "cell_lfp") * 365, 1836.0, 1e-6);
  EXPECT_NEAR(Capacity(output.network, "cn_cells", "cell_lfp") * 365, 842.4, 1e-6);
  EXPECT_NEAR(Capacity(output.network, "cn_cells", "cell_nmc") * 365, 327.6, 1e-6);
  // A row where output equals the capacity leaves it unchanged; a process that starts after
  // the base year has no row and keeps its nameplate.
  EXPECT_NEAR(Capacity(output.network, "cd_cobalt_mines", "cobalt_ore") * 365, 220000.0, 1e-6);
  EXPECT_NEAR(Capacity(output.network, "hu_catl_debrecen", "cell_nmc") * 365, 100.0, 1e-6);
  // 125 before the recyclers; + 2 collection sources and 6 recycler processes (circular_data.py).
  EXPECT_EQ(output.scenario.baseline_capacity.size(), 133u);
}

TEST(ScenarioBaseline, UnknownValueIsAnError) {
  try {
    io::LoadScenarioFromString(ScenarioText("output"), "s.yaml", kBatteryDir + "/scenarios");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("output_2024"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("baseline"), std::string::npos) << e.what();
  }
}

TEST(ScenarioBaseline, MissingTableIsAnError) {
  std::string text = "kind: scenario\nid: b\nstart: 2026-01-01\nnetwork: network.yaml\nbaseline: output_2024\nevents: []\n";
  try {
    io::LoadScenarioFromString(text, "s.yaml", std::string(CT_DATA_DIR) + "/examples/two_tier");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("output_2024.csv"), std::string::npos) << e.what();
  }
}

TEST(ScenarioBaseline, BadRowNamesFileLineAndField) {
  // Per process: engineers' worktrees share /tmp.
  fs::path dir = fs::temp_directory_path() / ("chaintwin_baseline_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "scenarios");
  for (const char* f : {"network.yaml", "sites.csv", "processes.csv", "inputs.csv", "inventory.csv", "demand.csv",
                        "lanes.csv", "names.csv"}) {
    fs::copy_file(fs::path(kBatteryDir) / f, dir / f);
  }
  std::ofstream(dir / "output_2024.csv") << "site,process,material,output\n"
                                          << "cn_cells,cell_lfp,cell_lfp,842.4 GWh/yr\n"
                                          << "cn_cells,cell_lfp,cell_lfp,12 kt/yr\n"
                                          << "nowhere,x,y,1 t/yr\n";
  try {
    io::LoadScenarioFromString(ScenarioText("output_2024"), "s.yaml", (dir / "scenarios").string());
    FAIL() << "no error";
  } catch (const InputError& e) {
    std::string what;
    for (const util::Diagnostic& d : e.diagnostics()) what += d.ToString() + "\n";
    EXPECT_EQ(e.diagnostics().size(), 2u) << what;
    EXPECT_NE(what.find("output_2024.csv:3"), std::string::npos) << what;
    EXPECT_NE(what.find("output"), std::string::npos) << what;
    EXPECT_NE(what.find("output_2024.csv:4"), std::string::npos) << what;
    EXPECT_NE(what.find("unknown site 'nowhere'"), std::string::npos) << what;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace chaintwin
