// A scenario's `baseline:` - `capacity` (nameplate, the default) or `output_2024`, which caps
// every process listed in `output_2024.csv` (beside the network file) at its 2024 output.
#include <cmath>
#include <filesystem>

#include <fmt/format.h>

#include "io/scenario_builder.hpp"

namespace chaintwin::io {
namespace {

const std::vector<std::string_view> kBaselines = {"capacity", "output_2024"};

// One diagnostic at a CSV cell.
void CellError(util::Diagnostics& d, const CsvTable& t, size_t row, int column, std::string message) {
  std::string field = column >= 0 ? t.columns()[static_cast<size_t>(column)].name : "";
  d.push_back(util::Diagnostic{t.file_name(), t.row_line(row), 0, field, std::move(message)});
}

const model::Process* FindProcess(const model::Network& n, std::string_view site, std::string_view process,
                                  const model::Site** site_out) {
  for (const model::Site& s : n.sites) {
    if (s.id != site) continue;
    *site_out = &s;
    for (const model::Process& p : s.processes) {
      if (p.id == process) return &p;
    }
    return nullptr;
  }
  *site_out = nullptr;
  return nullptr;
}

}  // namespace

void ReadBaseline(Reader& r, const DocNode& node, const model::Network* network,
                  const std::string& network_file, model::Scenario& s, util::Diagnostics& diagnostics) {
  if (!node.is_scalar() || (node.text != "capacity" && node.text != "output_2024")) {
    r.NotOneOf(node, "baseline", "baseline", node.is_scalar() ? node.text : node.Describe(), kBaselines);
    return;
  }
  if (node.text == "capacity") return;
  s.baseline = model::Baseline::kOutput2024;
  if (network == nullptr) return;  // reported with the network
  std::string file = (std::filesystem::path(network_file).parent_path() / "output_2024.csv").string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    r.Error(node, "baseline",
            fmt::format("`baseline: output_2024` needs the 2024 output table '{}' beside the network file", file));
    return;
  }
  auto text = ReadTextFile(file, diagnostics);
  if (!text) return;
  auto table = ParseCsv(std::move(*text), file, diagnostics);
  if (!table) return;
  int site_col = table->ColumnIndex("site"), process_col = table->ColumnIndex("process"),
      output_col = table->ColumnIndex("output");
  if (site_col < 0 || process_col < 0 || output_col < 0) {
    diagnostics.push_back(util::Diagnostic{file, 1, 0, "",
                                           "expected the columns site, process and output (the table "
                                           "data/battery/tools/build_dataset.py writes)"});
    return;
  }
  for (size_t row = 0; row < table->row_count(); ++row) {
    std::string site(table->CellText(row, static_cast<size_t>(site_col)));
    std::string process(table->CellText(row, static_cast<size_t>(process_col)));
    std::string_view output = table->CellText(row, static_cast<size_t>(output_col));
    const model::Site* at = nullptr;
    const model::Process* p = FindProcess(*network, site, process, &at);
    if (at == nullptr) {
      CellError(diagnostics, *table, row, site_col, fmt::format("unknown site '{}' in {}", site, network_file));
      continue;
    }
    if (p == nullptr) {
      CellError(diagnostics, *table, row, process_col, fmt::format("site '{}' has no process '{}'", site, process));
      continue;
    }
    auto q = model::ParseQuantity(output);
    const model::Material* m = nullptr;
    for (const model::Material& mat : network->materials) {
      if (mat.id == p->output) m = &mat;
    }
    if (!q.has_value()) {
      CellError(diagnostics, *table, row, output_col, q.error().message);
      continue;
    }
    if (m != nullptr && (q.value().numerator != m->dimension || q.value().denominator != model::Dimension::kTime)) {
      CellError(diagnostics, *table, row, output_col,
                fmt::format("expected a rate of {} per time for {}, found '{}'", model::DimensionName(m->dimension),
                            p->output, output));
      continue;
    }
    double per_day = q.value().value;
    if (!std::isfinite(per_day) || per_day < 0.0) {
      CellError(diagnostics, *table, row, output_col, fmt::format("expected an output >= 0, found '{}'", output));
      continue;
    }
    s.baseline_capacity.push_back(model::CapacityOverride{site, process, per_day});
  }
}

}  // namespace chaintwin::io
