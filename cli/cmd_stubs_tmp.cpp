// TEMPORARY (io engineer): weak no-op verbs so the CLI links before the other verbs land.
// Delete before commit.
#include "commands.hpp"
namespace chaintwin::cli {
__attribute__((weak)) void AddSimulate(CLI::App&, Runner&) {}
__attribute__((weak)) void AddCompare(CLI::App&, Runner&) {}
__attribute__((weak)) void AddGenerate(CLI::App&, Runner&) {}
__attribute__((weak)) void AddData(CLI::App&, Runner&) {}
__attribute__((weak)) void AddPlan(CLI::App&, Runner&) {}
__attribute__((weak)) void AddAnalyze(CLI::App&, Runner&) {}
__attribute__((weak)) void AddMonteCarlo(CLI::App&, Runner&) {}
}  // namespace chaintwin::cli
