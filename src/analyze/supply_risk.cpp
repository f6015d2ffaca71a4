// EU supply risk (formula in include/chaintwin/analyze/supply_risk.hpp) and its two small CSV
// input files. The CSV reader here is deliberately minimal: a header row, comma-separated
// cells, double quotes around cells that hold commas, '#' comment lines.
#include "chaintwin/analyze/supply_risk.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "chaintwin/util/error.hpp"

namespace chaintwin::analyze {
namespace {

struct CsvRow {
  int line = 0;
  std::vector<std::string> cells;
};

std::string Trim(std::string s) {
  size_t b = s.find_first_not_of(" \t\r");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::vector<CsvRow> ReadRows(const std::string& text) {
  std::vector<CsvRow> rows;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string trimmed = Trim(line);
    if (trimmed.empty() || trimmed[0] == '#') continue;
    CsvRow row{number, {}};
    std::string cell;
    bool quoted = false;
    for (size_t i = 0; i < line.size(); ++i) {
      char ch = line[i];
      if (quoted) {
        if (ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          cell += '"';
          ++i;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cell += ch;
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.cells.push_back(Trim(cell));
        cell.clear();
      } else {
        cell += ch;
      }
    }
    row.cells.push_back(Trim(cell));
    rows.push_back(std::move(row));
  }
  return rows;
}

// Reads a table with named columns; reports problems into `diags`.
class Table {
 public:
  Table(const std::string& text, std::string file, std::vector<std::string> required,
        util::Diagnostics& diags)
      : file_(std::move(file)), diags_(diags) {
    rows_ = ReadRows(text);
    if (rows_.empty()) {
      diags_.push_back({file_, 0, 0, "", "the file is empty: expected a header row"});
      return;
    }
    for (size_t c = 0; c < rows_[0].cells.size(); ++c) column_[rows_[0].cells[c]] = c;
    for (const std::string& name : required) {
      if (!column_.count(name)) {
        diags_.push_back({file_, rows_[0].line, 0, name,
                          fmt::format("missing column '{}' in the header row", name)});
      }
    }
  }
  size_t size() const { return rows_.size() <= 1 ? 0 : rows_.size() - 1; }
  bool Has(const std::string& name) const { return column_.count(name) > 0; }
  std::string Cell(size_t row, const std::string& name) const {
    auto it = column_.find(name);
    const CsvRow& r = rows_[row + 1];
    return it == column_.end() || it->second >= r.cells.size() ? "" : r.cells[it->second];
  }
  // A number in [lo, hi]; `fallback` when the cell is empty and `optional`.
  double Number(size_t row, const std::string& name, double lo, double hi, bool optional = false,
                double fallback = 0.0) {
    std::string text = Cell(row, name);
    if (text.empty() && optional) return fallback;
    double value = 0.0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
      Report(row, name, fmt::format("expected a number, found '{}'", text));
      return fallback;
    }
    if (value < lo || value > hi) {
      Report(row, name, fmt::format("{} is out of range: expected {} to {}", text, lo, hi));
    }
    return value;
  }
  bool Flag(size_t row, const std::string& name) {
    std::string text = Cell(row, name);
    std::transform(text.begin(), text.end(), text.begin(), ::tolower);
    if (text.empty() || text == "false" || text == "0" || text == "no") return false;
    if (text == "true" || text == "1" || text == "yes") return true;
    Report(row, name, fmt::format("expected true or false, found '{}'", text));
    return false;
  }
  void Report(size_t row, const std::string& name, std::string message) {
    diags_.push_back({file_, rows_[row + 1].line, 0, name, std::move(message)});
  }

 private:
  std::string file_;
  util::Diagnostics& diags_;
  std::vector<CsvRow> rows_;
  std::map<std::string, size_t> column_;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "cannot open the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::vector<CountryIndicator> ParseCountryIndicators(const std::string& text,
                                                     const std::string& name) {
  util::Diagnostics diags;
  Table table(text, name, {"country", "wgi"}, diags);
  std::vector<CountryIndicator> out;
  if (diags.empty()) {
    for (size_t r = 0; r < table.size(); ++r) {
      CountryIndicator c;
      c.country = table.Cell(r, "country");
      if (c.country.empty()) table.Report(r, "country", "expected an ISO country code");
      for (const CountryIndicator& seen : out) {
        if (seen.country == c.country) {
          table.Report(r, "country", fmt::format("'{}' is given twice", c.country));
        }
      }
      c.wgi = table.Number(r, "wgi", 0.0, 10.0);
      c.trade_restriction = table.Number(r, "trade_restriction", 0.0, 10.0, true, 1.0);
      c.source = table.Cell(r, "source");
      c.estimate = table.Flag(r, "estimate");
      out.push_back(std::move(c));
    }
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  return out;
}

std::vector<MaterialFactors> ParseMaterialFactors(const std::string& text,
                                                  const std::string& name) {
  util::Diagnostics diags;
  Table table(text, name, {"material", "ir", "eol_rir", "si_sr"}, diags);
  std::vector<MaterialFactors> out;
  if (diags.empty()) {
    for (size_t r = 0; r < table.size(); ++r) {
      MaterialFactors f;
      f.material = table.Cell(r, "material");
      if (f.material.empty()) table.Report(r, "material", "expected a material key");
      f.import_reliance = table.Number(r, "ir", 0.0, 1.0);
      f.eol_rir = table.Number(r, "eol_rir", 0.0, 1.0);
      f.substitution_index = table.Number(r, "si_sr", 0.0, 1.0);
      std::string eu = table.Cell(r, "eu_sourcing");
      double sum = 0.0;
      std::istringstream parts(eu);
      std::string part;
      while (std::getline(parts, part, ';')) {
        part = Trim(part);
        if (part.empty()) continue;
        size_t colon = part.find(':');
        double share = -1.0;
        if (colon != std::string::npos) {
          std::string number = Trim(part.substr(colon + 1));
          auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), share);
          if (ec != std::errc() || ptr != number.data() + number.size()) share = -1.0;
        }
        if (colon == std::string::npos || share < 0.0 || share > 1.0) {
          table.Report(r, "eu_sourcing",
                       fmt::format("expected COUNTRY:SHARE with a share 0 to 1, found '{}'", part));
          continue;
        }
        f.eu_sourcing.emplace_back(Trim(part.substr(0, colon)), share);
        sum += share;
      }
      if (!f.eu_sourcing.empty() && (sum < 0.99 || sum > 1.01)) {
        table.Report(r, "eu_sourcing", fmt::format("shares add up to {:.4g}, expected 1", sum));
      }
      f.source = table.Cell(r, "source");
      f.estimate = table.Flag(r, "estimate");
      out.push_back(std::move(f));
    }
  }
  if (!diags.empty()) throw InputError(std::move(diags));
  return out;
}

std::vector<CountryIndicator> LoadCountryIndicators(const std::string& path) {
  return ParseCountryIndicators(ReadFile(path), path);
}

std::vector<MaterialFactors> LoadMaterialFactors(const std::string& path) {
  return ParseMaterialFactors(ReadFile(path), path);
}

double HhiWgi(std::vector<SupplyRiskTerm>& terms) {
  double sum = 0.0;
  for (SupplyRiskTerm& t : terms) {
    t.term = t.share * t.share * t.wgi * t.trade_restriction;
    sum += t.term;
  }
  return sum;
}

double SupplyRiskScore(double hhi_wgi_global, double hhi_wgi_eu, double import_reliance,
                       double eol_rir, double substitution_index) {
  return (hhi_wgi_global * import_reliance / 2.0 + hhi_wgi_eu * (1.0 - import_reliance / 2.0)) *
         (1.0 - eol_rir) * substitution_index;
}

std::vector<SupplyRisk> ComputeSupplyRisk(const model::CompiledNetwork& network,
                                          const std::vector<MaterialConcentration>& concentration,
                                          const std::vector<CountryIndicator>& indicators,
                                          const std::vector<MaterialFactors>& factors) {
  auto term = [&](const std::string& country, double share, SupplyRisk& sr) {
    SupplyRiskTerm t;
    t.country = country;
    t.share = share;
    for (const CountryIndicator& c : indicators) {
      if (c.country != country) continue;
      t.wgi = c.wgi;
      t.trade_restriction = c.trade_restriction;
      t.has_wgi = true;
    }
    if (!t.has_wgi && share > 0.0 &&
        std::find(sr.missing_wgi.begin(), sr.missing_wgi.end(), country) == sr.missing_wgi.end()) {
      sr.missing_wgi.push_back(country);
    }
    return t;
  };
  std::vector<SupplyRisk> out;
  for (const MaterialFactors& f : factors) {
    MaterialId id = network.FindMaterial(f.material);
    const MaterialConcentration* conc = nullptr;
    for (const MaterialConcentration& c : concentration) {
      if (c.material == id) conc = &c;
    }
    if (!id.valid() || conc == nullptr || conc->total <= 0.0) {
      throw NotFound(fmt::format(
          "material '{}' of the material factors is not made with a capacity in the network",
          f.material));
    }
    SupplyRisk sr;
    sr.material = f.material;
    sr.source = f.source;
    for (const ShareEntry& e : conc->countries) sr.global.push_back(term(e.key, e.share, sr));
    sr.eu_from_global = f.eu_sourcing.empty();
    if (sr.eu_from_global) {
      sr.eu = sr.global;
    } else {
      for (const auto& [country, share] : f.eu_sourcing) sr.eu.push_back(term(country, share, sr));
      std::stable_sort(sr.eu.begin(), sr.eu.end(),
                       [](const auto& a, const auto& b) { return a.share > b.share; });
    }
    sr.hhi_wgi_global = HhiWgi(sr.global);
    sr.hhi_wgi_eu = HhiWgi(sr.eu);
    sr.import_reliance = f.import_reliance;
    sr.eol_rir = f.eol_rir;
    sr.substitution_index = f.substitution_index;
    sr.supply_risk = SupplyRiskScore(sr.hhi_wgi_global, sr.hhi_wgi_eu, sr.import_reliance,
                                     sr.eol_rir, sr.substitution_index);
    out.push_back(std::move(sr));
  }
  return out;
}

}  // namespace chaintwin::analyze
