// The self-contained HTML report (`chaintwin report`, GET/POST /v1/report): the built template
// web/dist-report/report.html (the report page, scripts and styles inlined by Vite) with the
// report data (docs/schema/report.schema.json) put in place of the text
// __CHAINTWIN_REPORT_DATA__ inside <script id="chaintwin-report" type="application/json">.
#pragma once

#include <optional>
#include <string>

namespace chaintwin::report {

inline constexpr const char* kReportPlaceholder = "__CHAINTWIN_REPORT_DATA__";

// JSON text made safe inside a <script> element: every "</" becomes "<\/" (so neither
// "</script>" nor "<!--" can close or confuse it), and U+2028 / U+2029 are escaped. Still the
// same JSON value for any JSON parser.
std::string ScriptSafeJson(const std::string& json);

// `template_html` with the placeholder replaced by ScriptSafeJson(`data_json`). Throws Error
// when the template has no placeholder, or more than one (not the report template).
std::string FillReportTemplate(const std::string& template_html, const std::string& data_json);

// The report template: `override_path` when not empty, else web/dist-report/report.html beside
// the executable (build/chaintwin -> web/dist-report/, or <prefix>/bin -> <prefix>/web/...).
// Returns "" when none exists (the caller says how to build it).
std::string FindReportTemplate(const std::string& override_path = "");

// The text of the report template FindReportTemplate finds (`chaintwin report` and
// /v1/report read it the same way); nullopt when there is none (the caller says how to build
// it). Throws Error naming the file when it exists but cannot be read.
std::optional<std::string> ReadReportTemplate(const std::string& override_path = "");

}  // namespace chaintwin::report
