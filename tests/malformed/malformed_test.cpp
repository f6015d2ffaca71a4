// Every case in tests/malformed/: `<case>.expected` holds the one message we promise for the
// input `<case>.yaml`, `<case>.json` or the folder `<case>/` (CSV-backed cases). io::Validate
// must report at least one diagnostic whose text contains it, and never throw.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chaintwin/io/load.hpp"

namespace chaintwin {
namespace {

namespace fs = std::filesystem;

struct MalformedCase {
  std::string name;
  std::string input;     // file or folder to validate
  std::string expected;  // substring of one diagnostic's ToString()
};

void PrintTo(const MalformedCase& c, std::ostream* os) { *os << c.name; }

std::string MalformedDir() { return (fs::path(CT_TEST_DIR) / "malformed").string(); }

std::vector<MalformedCase> FindCases() {
  std::vector<MalformedCase> cases;
  for (const auto& entry : fs::directory_iterator(MalformedDir())) {
    if (entry.path().extension() != ".expected") continue;
    MalformedCase c;
    c.name = entry.path().stem().string();
    fs::path base = entry.path().parent_path() / c.name;
    for (const char* ext : {".yaml", ".yml", ".json"}) {
      if (fs::exists(base.string() + ext)) c.input = base.string() + ext;
    }
    if (c.input.empty() && fs::is_directory(base)) c.input = base.string();
    std::ifstream in(entry.path());
    std::getline(in, c.expected);
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(),
            [](const MalformedCase& a, const MalformedCase& b) { return a.name < b.name; });
  return cases;
}

class Malformed : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(Malformed, ReportsTheExpectedDiagnostic) {
  const MalformedCase& c = GetParam();
  ASSERT_FALSE(c.input.empty()) << "no input file or folder for " << c.name << ".expected";
  ASSERT_FALSE(c.expected.empty()) << c.name << ".expected is empty";
  io::ValidationReport report;
  ASSERT_NO_THROW(report = io::Validate({c.input}));
  std::ostringstream all;
  bool found = false;
  for (const util::Diagnostic& d : report.diagnostics) {
    std::string text = d.ToString();
    all << "  " << text << "\n";
    found = found || text.find(c.expected) != std::string::npos;
  }
  EXPECT_TRUE(found) << "expected a diagnostic containing:\n  " << c.expected << "\ngot:\n"
                     << all.str();
}

TEST(MalformedCases, ThereAreAtLeast45) { EXPECT_GE(FindCases().size(), 45u); }

INSTANTIATE_TEST_SUITE_P(Cases, Malformed, ::testing::ValuesIn(FindCases()),
                         [](const ::testing::TestParamInfo<MalformedCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace chaintwin
