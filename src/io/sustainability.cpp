// emission_factors.csv, site_certifications.csv and critical_elements.csv: read, checked
// against the network, every problem reported with file, line and column.
#include "chaintwin/io/sustainability.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "chaintwin/util/error.hpp"
#include "io/doc.hpp"

namespace chaintwin::io {
namespace {

class TableReader {
 public:
  TableReader(const model::Network& network, util::Diagnostics& diagnostics)
      : d_(diagnostics) {
    for (const model::Site& s : network.sites) {
      sites_.insert(s.id);
      for (const model::Process& p : s.processes) makes_.insert(s.id + "\n" + p.output);
    }
    for (const model::Material& m : network.materials) materials_.insert(m.id);
    for (const model::Source& s : network.sources) sources_.insert(s.id);
  }

  // The table, or nullopt (reported) when missing or without the `required` columns.
  std::optional<CsvTable> Open(const std::string& file, std::initializer_list<std::string_view> required) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      d_.push_back(util::Diagnostic{file, 0, 0, "",
                                    "missing: the sustainability tables are read from the network "
                                    "file's folder (docs/FORMATS.md, \"Sustainability tables\")"});
      return std::nullopt;
    }
    auto text = ReadTextFile(file, d_);
    if (!text) return std::nullopt;
    std::optional<CsvTable> table = ParseCsv(std::move(*text), file, d_);
    bool complete = table.has_value();
    for (std::string_view column : required) {
      if (table && table->ColumnIndex(column) < 0) {
        d_.push_back(util::Diagnostic{file, 1, 0, std::string(column),
                                      fmt::format("missing column `{}`", column)});
        complete = false;
      }
    }
    if (!complete) return std::nullopt;
    return table;
  }
  void Use(const CsvTable& t) { table_ = &t; }

  std::string Cell(size_t row, std::string_view column) const {
    int c = table_->ColumnIndex(column);
    return c < 0 ? std::string() : std::string(table_->CellText(row, static_cast<size_t>(c)));
  }
  void Error(size_t row, std::string_view column, std::string message) {
    d_.push_back(util::Diagnostic{table_->file_name(), table_->row_line(row), 0,
                                  std::string(column), std::move(message)});
  }
  bool Site(size_t row, const std::string& site) {
    if (sites_.count(site)) return true;
    Error(row, "site", fmt::format("unknown site '{}': not in the network", site));
    return false;
  }
  bool Makes(size_t row, const std::string& site, const std::string& material) {
    if (!materials_.count(material)) {
      Error(row, "material", fmt::format("unknown material '{}': not in the network", material));
      return false;
    }
    if (makes_.count(site + "\n" + material)) return true;
    Error(row, "material", fmt::format("site '{}' has no process making '{}'", site, material));
    return false;
  }
  std::optional<double> Number(size_t row, std::string_view column) {
    std::string text = Cell(row, column);
    char* end = nullptr;
    double v = text.empty() ? NAN : std::strtod(text.c_str(), &end);
    if (text.empty() || end == nullptr || *end != '\0' || !std::isfinite(v) || v < 0.0) {
      Error(row, column, fmt::format("expected a finite number >= 0, found '{}'", text));
      return std::nullopt;
    }
    return v;
  }
  std::optional<bool> Bool(size_t row, std::string_view column, bool absent) {
    std::string text = Cell(row, column);
    if (text.empty()) return absent;
    if (text == "true") return true;
    if (text == "false") return false;
    Error(row, column, fmt::format("expected true or false, found '{}'", text));
    return std::nullopt;
  }
  std::string Source(size_t row) {
    std::string source = Cell(row, "source");
    if (!source.empty() && !sources_.count(source)) {
      Error(row, "source", fmt::format("unknown source '{}': not in the network's sources", source));
    }
    return source;
  }

 private:
  util::Diagnostics& d_;
  const CsvTable* table_ = nullptr;
  std::set<std::string> sites_, materials_, sources_, makes_;
};

}  // namespace

model::SustainabilityData LoadSustainability(const model::Network& network,
                                             const std::string& folder,
                                             util::Diagnostics& diagnostics) {
  model::SustainabilityData data;
  data.folder = folder.empty() ? std::filesystem::path(network.file).parent_path().string() : folder;
  if (data.folder.empty()) data.folder = ".";
  auto path = [&](const char* name) { return (std::filesystem::path(data.folder) / name).string(); };
  TableReader r(network, diagnostics);

  if (auto t = r.Open(path("emission_factors.csv"), {"site", "material", "kg_co2e_per_unit", "source"})) {
    r.Use(*t);
    std::set<std::string> seen;
    for (size_t row = 0; row < t->row_count(); ++row) {
      model::EmissionFactor f;
      f.site = r.Cell(row, "site");
      f.material = r.Cell(row, "material");
      auto v = r.Number(row, "kg_co2e_per_unit");
      f.source = r.Source(row);
      auto estimate = r.Bool(row, "estimate", false);
      f.note = r.Cell(row, "note");
      if (!r.Site(row, f.site) || !r.Makes(row, f.site, f.material) || !v || !estimate) continue;
      if (!seen.insert(f.site + "\n" + f.material).second) {
        r.Error(row, "material", fmt::format("a second factor for '{}' at '{}'", f.material, f.site));
        continue;
      }
      f.kg_co2e_per_unit = *v;
      f.estimate = *estimate;
      data.factors.push_back(std::move(f));
    }
  }
  if (auto t = r.Open(path("site_certifications.csv"), {"site", "due_diligence", "ethical_audit"})) {
    r.Use(*t);
    for (size_t row = 0; row < t->row_count(); ++row) {
      model::SiteCertification c;
      c.site = r.Cell(row, "site");
      auto dd = r.Bool(row, "due_diligence", false);
      auto audit = r.Bool(row, "ethical_audit", false);
      c.source = r.Source(row);
      c.note = r.Cell(row, "note");
      if (!r.Site(row, c.site) || !dd || !audit) continue;
      c.due_diligence = *dd;
      c.ethical_audit = *audit;
      data.certifications.push_back(std::move(c));
    }
  }
  if (auto t = r.Open(path("critical_elements.csv"), {"element", "materials", "usd_per_t", "source"})) {
    r.Use(*t);
    for (size_t row = 0; row < t->row_count(); ++row) {
      model::CriticalElement e;
      e.id = r.Cell(row, "element");
      if (e.id.empty()) r.Error(row, "element", "expected an element id");
      std::string list = r.Cell(row, "materials");
      size_t begin = 0;
      while (begin <= list.size()) {
        size_t end = list.find(';', begin);
        std::string m = list.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        if (!m.empty()) e.materials.push_back(m);
        if (end == std::string::npos) break;
        begin = end + 1;
      }
      bool known = !e.materials.empty();
      if (!known) r.Error(row, "materials", "expected material ids separated by ';'");
      for (const std::string& m : e.materials) {
        bool found = false;
        for (const model::Material& mat : network.materials) found = found || mat.id == m;
        if (!found) {
          r.Error(row, "materials", fmt::format("unknown material '{}': not in the network", m));
          known = false;
        }
      }
      std::optional<double> price;
      bool price_ok = true;
      if (!r.Cell(row, "usd_per_t").empty()) {
        price = r.Number(row, "usd_per_t");
        price_ok = price.has_value();
      }
      e.source = r.Source(row);
      auto estimate = r.Bool(row, "estimate", false);
      e.note = r.Cell(row, "note");
      if (!known || !price_ok || !estimate || e.id.empty()) continue;
      e.usd_per_t = price;
      e.estimate = *estimate;
      data.elements.push_back(std::move(e));
    }
  }
  return data;
}

model::SustainabilityData LoadSustainability(const model::Network& network,
                                             const std::string& folder) {
  util::Diagnostics diagnostics;
  model::SustainabilityData data = LoadSustainability(network, folder, diagnostics);
  if (!diagnostics.empty()) throw InputError(std::move(diagnostics));
  return data;
}

}  // namespace chaintwin::io
