#include "chaintwin/report/html_report.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"

namespace chaintwin::report {

std::string ScriptSafeJson(const std::string& json) {
  std::string out;
  out.reserve(json.size() + json.size() / 64);
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (c == '<' && i + 1 < json.size() && (json[i + 1] == '/' || json[i + 1] == '!')) {
      // "</" only occurs inside JSON strings, where "\/" reads as "/"; "<!" becomes "\u003c!".
      out += json[i + 1] == '/' ? "<\\" : "\\u003c";
      continue;
    }
    // U+2028 and U+2029 (E2 80 A8/A9): line terminators to old JavaScript parsers.
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < json.size() &&
        static_cast<unsigned char>(json[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(json[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(json[i + 2]) == 0xA9)) {
      out += static_cast<unsigned char>(json[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
      i += 2;
      continue;
    }
    out += c;
  }
  return out;
}

std::string FillReportTemplate(const std::string& template_html, const std::string& data_json) {
  const std::string placeholder = kReportPlaceholder;
  const size_t at = template_html.find(placeholder);
  if (at == std::string::npos || template_html.find(placeholder, at + 1) != std::string::npos) {
    throw Error(fmt::format("the report template has {} the data placeholder {} (not the built "
                            "web/dist-report/report.html?)",
                            at == std::string::npos ? "no" : "more than one", placeholder));
  }
  std::string out;
  const std::string data = ScriptSafeJson(data_json);
  out.reserve(template_html.size() + data.size());
  out.append(template_html, 0, at);
  out += data;
  out.append(template_html, at + placeholder.size());
  return out;
}

std::string FindReportTemplate(const std::string& override_path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!override_path.empty()) return fs::is_regular_file(override_path, ec) ? override_path : "";
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const fs::path rel = fs::path("web") / "dist-report" / "report.html";
  for (const fs::path& candidate : {exe.parent_path().parent_path() / rel, exe.parent_path() / rel,
                                    exe.parent_path().parent_path() / "share" / "chaintwin" / rel}) {
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return "";
}

std::optional<std::string> ReadReportTemplate(const std::string& override_path) {
  const std::string path = FindReportTemplate(override_path);
  if (path.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) throw Error(fmt::format("cannot read the report template '{}'", path));
  return text.str();
}

}  // namespace chaintwin::report
