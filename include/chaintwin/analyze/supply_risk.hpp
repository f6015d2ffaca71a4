// The EU critical-raw-materials supply-risk score (Blengini et al., JRC 2017, "Methodology for
// establishing the EU list of critical raw materials"):
//   SR = [HHI_WGI,GS x IR/2 + HHI_WGI,EUs x (1 - IR/2)] x (1 - EoL_RIR) x SI_SR
//   HHI_WGI = sum over countries c of S_c^2 x WGI_c (x t_c when given)
// with S_c the country's share (a fraction) of global supply (GS, from the network's
// capacities) or of EU sourcing (EUs, given per material), WGI_c the governance indicator on a
// 0..10 scale (higher = worse), t_c a trade-restriction factor, IR import reliance, EoL_RIR the
// end-of-life recycling input rate and SI_SR the substitution index, all fractions. Inputs
// other than the global shares come from two CSV files (docs/ANALYSIS.md).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "chaintwin/analyze/concentration.hpp"
#include "chaintwin/model/compiled.hpp"

namespace chaintwin::analyze {

// One row of the indicators file: country,wgi[,trade_restriction][,source][,estimate].
struct CountryIndicator {
  std::string country;             // ISO code
  double wgi = 0.0;                // 0..10, higher = worse governance
  double trade_restriction = 1.0;  // t_c; 1 when not given
  std::string source;
  bool estimate = false;
};

// One row of the material-factors file:
// material,ir,eol_rir,si_sr[,eu_sourcing][,source][,estimate], eu_sourcing as "CN:0.6;ZA:0.4".
struct MaterialFactors {
  std::string material;                                     // material key in the network
  double import_reliance = 0.0;                             // IR, 0..1
  double eol_rir = 0.0;                                     // 0..1
  double substitution_index = 1.0;                          // SI_SR, 0..1
  std::vector<std::pair<std::string, double>> eu_sourcing;  // country -> share; empty = GS
  std::string source;
  bool estimate = false;
};

// Parse the files. Throw InputError with every problem (file, line, column name).
std::vector<CountryIndicator> LoadCountryIndicators(const std::string& path);
std::vector<MaterialFactors> LoadMaterialFactors(const std::string& path);
// Same, from text; `name` stands for the file name in diagnostics.
std::vector<CountryIndicator> ParseCountryIndicators(const std::string& text,
                                                     const std::string& name);
std::vector<MaterialFactors> ParseMaterialFactors(const std::string& text, const std::string& name);

// One country's term of an HHI_WGI: share^2 x wgi x trade_restriction.
struct SupplyRiskTerm {
  std::string country;
  double share = 0.0;  // fraction
  double wgi = 0.0;
  double trade_restriction = 1.0;
  double term = 0.0;
  bool has_wgi = false;  // false: the country is missing from the indicators file
};

struct SupplyRisk {
  std::string material;
  std::vector<SupplyRiskTerm> global;  // GS terms, largest share first
  std::vector<SupplyRiskTerm> eu;      // EUs terms (a copy of `global` when eu_from_global)
  bool eu_from_global = false;
  double hhi_wgi_global = 0.0;  // 0..10 for WGI on 0..10 and t = 1
  double hhi_wgi_eu = 0.0;
  double import_reliance = 0.0;
  double eol_rir = 0.0;
  double substitution_index = 1.0;
  double supply_risk = 0.0;
  std::vector<std::string> missing_wgi;  // countries with a share but no WGI
  bool complete() const { return missing_wgi.empty(); }
  std::string source;
};

// The formula, term by term (see the file comment).
double HhiWgi(std::vector<SupplyRiskTerm>& terms);  // fills each term; returns the sum
double SupplyRiskScore(double hhi_wgi_global, double hhi_wgi_eu, double import_reliance,
                       double eol_rir, double substitution_index);

// SR of every material in `factors`, global shares from `concentration` (Concentration() of
// the network; by country). Throws NotFound for a material the network does not make.
std::vector<SupplyRisk> ComputeSupplyRisk(const model::CompiledNetwork& network,
                                          const std::vector<MaterialConcentration>& concentration,
                                          const std::vector<CountryIndicator>& indicators,
                                          const std::vector<MaterialFactors>& factors);

}  // namespace chaintwin::analyze
