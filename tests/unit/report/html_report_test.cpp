// The report's data inside a <script> element: nothing in a scenario's text can close the
// element or start a comment, and the JSON reads back to the same value.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chaintwin/report/html_report.hpp"
#include "chaintwin/util/error.hpp"

namespace chaintwin {
namespace {

TEST(HtmlReport, ScriptSafeJsonCannotCloseTheScriptAndReadsBackTheSame) {
  nlohmann::json value = {{"description", "a </script><script>alert(1)</script> <!-- x --> \u2028 \u2029 end"},
                          {"n", 1.5}};
  const std::string safe = report::ScriptSafeJson(value.dump());
  EXPECT_EQ(safe.find("</"), std::string::npos);
  EXPECT_EQ(safe.find("<!"), std::string::npos);
  EXPECT_EQ(safe.find("\u2028"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(safe), value);
}

TEST(HtmlReport, FillReplacesTheOnePlaceholder) {
  const std::string tpl = "<script id=\"chaintwin-report\" type=\"application/json\">__CHAINTWIN_REPORT_DATA__</script>";
  EXPECT_EQ(report::FillReportTemplate(tpl, "{\"a\":\"</b>\"}"),
            "<script id=\"chaintwin-report\" type=\"application/json\">{\"a\":\"<\\/b>\"}</script>");
  EXPECT_THROW(report::FillReportTemplate("<html></html>", "{}"), Error);
  EXPECT_THROW(report::FillReportTemplate(tpl + tpl, "{}"), Error);
}

TEST(HtmlReport, ReadTemplateReadsTheGivenFileBytesAndNothingWhenItIsMissing) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / "chaintwin-html-report-test.html";
  const std::string bytes = std::string("<p>\xEF\xBB\xBF</p>\r\n") + std::string(1, '\0') + "x";
  {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
  }
  EXPECT_EQ(report::ReadReportTemplate(path.string()), bytes);
  std::filesystem::remove(path);
  EXPECT_EQ(report::ReadReportTemplate(path.string()), std::nullopt);
  EXPECT_EQ(report::ReadReportTemplate(std::filesystem::temp_directory_path().string()),
            std::nullopt);  // a folder is not a template
}

}  // namespace
}  // namespace chaintwin
