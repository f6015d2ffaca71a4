// The bundled battery dataset (data/battery): it loads, its stage totals and country shares
// agree with the public figures in data/battery/checks.csv (world totals within +-10 %, shares
// within +-5 percentage points), every scenario loads, and every recorded figure names a source
// that exists. A check's `basis` says what the public figure measures: `output` rows (2024
// production) are compared with the per-process 2024 output in data/battery/output_2024.csv,
// `capacity` rows (nameplate) with the network's process capacities.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chaintwin/io/load.hpp"
#include "chaintwin/model/units.hpp"
#include "chaintwin/util/date.hpp"

namespace chaintwin {
namespace {

namespace fs = std::filesystem;

const std::string kBattery = std::string(CT_DATA_DIR) + "/battery";

// Checks compare the base year: processes that start after this day are left out of the sums.
constexpr const char* kBaseYearEnd = "2025-01-01";

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  out.push_back(cell);
  return out;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, sep)) {
    if (!part.empty()) out.push_back(part);
  }
  return out;
}

struct Check {
  int line = 0;
  std::string stage, material, country, unit, kind, source, basis;
  double public_value = 0.0;
};

// One row of output_2024.csv: the 2024 output of one process, per day.
struct OutputRow {
  int line = 0;
  std::string site, process, material, source;
  double per_day = 0.0;
  bool same_as_capacity = false;
};

std::vector<OutputRow> ReadOutputs() {
  std::ifstream in(kBattery + "/output_2024.csv");
  EXPECT_TRUE(in.good()) << "cannot open output_2024.csv";
  std::vector<OutputRow> rows;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "site,process,material,output,same_as_capacity,source,estimate,note");
  int n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto cells = SplitCsvLine(line);
    EXPECT_EQ(cells.size(), 8u) << "output_2024.csv line " << n;
    if (cells.size() != 8) continue;
    OutputRow r;
    r.line = n;
    r.site = cells[0];
    r.process = cells[1];
    r.material = cells[2];
    auto q = model::ParseQuantity(cells[3]);
    EXPECT_TRUE(q.has_value()) << "output_2024.csv line " << n << ": " << cells[3];
    if (!q.has_value()) continue;
    r.per_day = q.value().value;
    r.same_as_capacity = cells[4] == "true";
    r.source = cells[5];
    rows.push_back(r);
  }
  return rows;
}

std::vector<Check> ReadChecks() {
  std::ifstream in(kBattery + "/checks.csv");
  EXPECT_TRUE(in.good()) << "cannot open checks.csv";
  std::vector<Check> checks;
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "stage,material,country,public_value,unit,kind,source,basis");
  int n = 1;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    auto cells = SplitCsvLine(line);
    EXPECT_EQ(cells.size(), 8u) << "checks.csv line " << n;
    if (cells.size() != 8) continue;
    Check c;
    c.line = n;
    c.stage = cells[0];
    c.material = cells[1];
    c.country = cells[2];
    c.public_value = std::stod(cells[3]);
    c.unit = cells[4];
    c.kind = cells[5];
    c.source = cells[6];
    c.basis = cells[7];
    checks.push_back(c);
  }
  return checks;
}

class BatteryDataset : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { net_ = new model::Network(io::LoadNetwork(kBattery + "/network.yaml")); }
  static void TearDownTestSuite() {
    delete net_;
    net_ = nullptr;
  }
  static model::Network* net_;
};
model::Network* BatteryDataset::net_ = nullptr;

TEST_F(BatteryDataset, LoadsWithExpectedSize) {
  EXPECT_GE(net_->sites.size(), 120u);
  EXPECT_LE(net_->sites.size(), 300u);
  EXPECT_GE(net_->lanes.size(), 300u);
  EXPECT_LE(net_->lanes.size(), 900u);
  EXPECT_FALSE(net_->sources.empty());
  EXPECT_FALSE(net_->facts.empty());
}

TEST_F(BatteryDataset, TotalsAndSharesMatchPublicFigures) {
  const int32_t base_end = *util::ParseDate(kBaseYearEnd);
  std::map<std::string, std::string> country_of;
  for (const model::Site& s : net_->sites) country_of[s.id] = s.country;
  std::map<std::string, std::vector<std::string>> group_members;
  for (const model::Group& g : net_->groups) group_members[g.id] = g.members;
  std::set<std::string> source_ids;
  for (const model::Source& s : net_->sources) source_ids.insert(s.id);

  // Per day by output material, overall and per country: nameplate capacity (from the network)
  // and 2024 output (from output_2024.csv).
  using Sums = std::pair<std::map<std::string, double>,
                         std::map<std::pair<std::string, std::string>, double>>;
  std::map<std::string, Sums> sums;  // basis -> (total, by country)
  for (const model::Site& s : net_->sites) {
    for (const model::Process& p : s.processes) {
      if (p.start && *p.start > base_end) continue;
      if (!std::isfinite(p.capacity_per_day)) continue;
      sums["capacity"].first[p.output] += p.capacity_per_day;
      sums["capacity"].second[{p.output, s.country}] += p.capacity_per_day;
    }
  }
  for (const OutputRow& r : ReadOutputs()) {
    ASSERT_TRUE(country_of.count(r.site)) << "output_2024.csv line " << r.line << ": unknown site " << r.site;
    sums["output"].first[r.material] += r.per_day;
    sums["output"].second[{r.material, country_of[r.site]}] += r.per_day;
  }
  auto checks = ReadChecks();
  ASSERT_FALSE(checks.empty());
  for (const Check& c : checks) {
    SCOPED_TRACE("checks.csv line " + std::to_string(c.line) + ": " + c.stage + " " + c.material +
                 " " + c.country + " (" + c.basis + ")");
    EXPECT_TRUE(source_ids.count(c.source)) << "unknown source " << c.source;
    ASSERT_TRUE(c.basis == "output" || c.basis == "capacity") << "basis " << c.basis;
    auto& total = sums[c.basis].first;
    auto& by_country = sums[c.basis].second;
    double sum = 0.0;
    auto materials = Split(c.material, ';');
    ASSERT_FALSE(materials.empty());
    for (const std::string& m : materials) {
      ASSERT_TRUE(total.count(m)) << "no " << c.basis << " of material " << m;
      sum += total[m];
    }
    if (c.kind == "world_total") {
      auto q = model::ParseQuantity(std::to_string(c.public_value) + " " + c.unit);
      ASSERT_TRUE(q.has_value()) << "unit " << c.unit;
      double expected = q.value().value;
      EXPECT_NEAR(sum, expected, 0.10 * expected)
          << "dataset " << sum * 365 << " vs public " << expected * 365 << " per year";
    } else {
      ASSERT_EQ(c.kind, "share");
      ASSERT_EQ(c.unit, "%");
      std::vector<std::string> countries{c.country};
      if (group_members.count(c.country)) countries = group_members[c.country];
      double part = 0.0;
      for (const std::string& m : materials) {
        for (const std::string& code : countries) part += by_country[{m, code}];
      }
      double share = 100.0 * part / sum;
      EXPECT_NEAR(share, c.public_value, 5.0) << "dataset share " << share << " %";
    }
  }
}

// output_2024.csv covers every process operating in the base year, once, names an existing
// source, and never records more output than the process's nameplate capacity.
TEST_F(BatteryDataset, OutputFileMatchesTheProcesses) {
  const int32_t base_end = *util::ParseDate(kBaseYearEnd);
  std::set<std::string> source_ids;
  for (const model::Source& s : net_->sources) source_ids.insert(s.id);
  std::map<std::pair<std::string, std::string>, const model::Process*> base;
  for (const model::Site& s : net_->sites) {
    for (const model::Process& p : s.processes) {
      if (p.start && *p.start > base_end) continue;
      base[{s.id, p.id}] = &p;
    }
  }
  std::set<std::pair<std::string, std::string>> seen;
  size_t with_own_output = 0;
  for (const OutputRow& r : ReadOutputs()) {
    SCOPED_TRACE("output_2024.csv line " + std::to_string(r.line) + ": " + r.site + " " + r.process);
    EXPECT_TRUE(source_ids.count(r.source)) << "unknown source " << r.source;
    auto it = base.find({r.site, r.process});
    ASSERT_NE(it, base.end()) << "no base-year process " << r.process << " at " << r.site;
    EXPECT_TRUE(seen.insert({r.site, r.process}).second) << "listed twice";
    const model::Process& p = *it->second;
    EXPECT_EQ(r.material, p.output);
    if (std::isfinite(p.capacity_per_day)) {
      EXPECT_LE(r.per_day, p.capacity_per_day * (1 + 1e-9)) << "2024 output above nameplate";
      if (r.same_as_capacity) {
        EXPECT_NEAR(r.per_day, p.capacity_per_day, 1e-6 * p.capacity_per_day + 1e-9);
      }
    }
    if (!r.same_as_capacity) ++with_own_output;
  }
  EXPECT_EQ(seen.size(), base.size()) << "some base-year processes have no 2024 output row";
  // China's anode and cathode industries carry nameplate capacity above their 2024 output.
  EXPECT_GE(with_own_output, 4u);
}

TEST_F(BatteryDataset, EveryFigureNamesAnExistingSource) {
  std::set<std::string> source_ids;
  for (const model::Source& s : net_->sources) source_ids.insert(s.id);
  ASSERT_FALSE(net_->figures.empty());
  for (const model::FigureRecord& f : net_->figures) {
    EXPECT_FALSE(f.source.empty()) << f.path << " = " << f.text << " has no source";
    EXPECT_TRUE(source_ids.count(f.source)) << f.path << " cites unknown source " << f.source;
  }
  for (const model::Network::Fact& fact : net_->facts) {
    EXPECT_TRUE(source_ids.count(fact.source)) << "fact " << fact.id << " cites " << fact.source;
  }
  // Every capacity and every demand is a recorded figure (each site row carries a source).
  size_t quantities = 0;
  for (const model::Site& s : net_->sites) quantities += s.processes.size() + s.demand.size();
  size_t recorded = 0;
  for (const model::FigureRecord& f : net_->figures) {
    if (f.path.find(".capacity") != std::string::npos || f.path.find("demand") != std::string::npos) {
      ++recorded;
    }
  }
  EXPECT_GE(recorded, quantities) << "some capacities or demands carry no provenance";
}

TEST(BatteryScenarios, EveryScenarioLoads) {
  int n = 0;
  bool has_default = false;
  for (const auto& entry : fs::directory_iterator(kBattery + "/scenarios")) {
    if (entry.path().extension() != ".yaml") continue;
    ++n;
    if (entry.path().filename() == "graphite_ban.yaml") has_default = true;
    SCOPED_TRACE(entry.path().string());
    io::LoadedScenario loaded;
    ASSERT_NO_THROW(loaded = io::LoadScenario(entry.path().string()));
    EXPECT_FALSE(loaded.scenario.description.empty());
    EXPECT_FALSE(loaded.scenario.events.empty());
    EXPECT_EQ(loaded.scenario.horizon_days, 365);
  }
  EXPECT_GE(n, 10);
  EXPECT_TRUE(has_default) << "graphite_ban.yaml is the default scenario";
}

}  // namespace
}  // namespace chaintwin
