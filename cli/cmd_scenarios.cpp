// `chaintwin scenarios`: the bundled scenarios (data/battery/scenarios), each with its name
// and description, so a user can run one by name: `chaintwin simulate graphite_ban`.
#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/report/table.hpp"
#include "chaintwin/util/error.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "run_support.hpp"

namespace chaintwin::cli {

void AddScenarios(CLI::App& app, Runner& run) {
  CLI::App* cmd = app.add_subcommand(
      "scenarios", "List the bundled scenarios with their descriptions (run one by its name)");
  cmd->callback([&run] {
    run = [] {
      namespace fs = std::filesystem;
      std::vector<fs::path> files;
      std::error_code ec;
      for (const auto& entry : fs::directory_iterator(BundledScenarioDir(), ec)) {
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
      }
      if (ec) throw NotFound(fmt::format("no bundled scenarios in '{}'", BundledScenarioDir()));
      std::sort(files.begin(), files.end());
      std::string text = fmt::format("Bundled scenarios ({}):\n\n", BundledScenarioDir());
      for (const fs::path& file : files) {
        io::LoadedScenario s = io::LoadScenario(file.string());
        std::string description = s.scenario.description;
        std::replace(description.begin(), description.end(), '\n', ' ');
        while (!description.empty() && description.back() == ' ') description.pop_back();
        text += fmt::format("{}\n  {}\n", file.stem().string(), s.scenario.name);
        if (!description.empty()) text += fmt::format("  {}\n", description);
        text += "\n";
      }
      text += "Run one: chaintwin simulate NAME\n";
      WriteStdout(text);
      return 0;
    };
  });
}

}  // namespace chaintwin::cli
