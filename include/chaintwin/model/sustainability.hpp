// Sustainability data of a network: per-site emission factors, due-diligence and audit
// status of sites, and the critical-mineral elements (which materials carry them, at what
// price). Read from three CSV tables beside the network file (docs/FORMATS.md,
// "Sustainability tables") by io::LoadSustainability; used by analyze/footprint.hpp and by
// the scenario `standards:` rule (model::Standard).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace chaintwin::model {

// Direct (scope 1 + 2) emissions of making one canonical unit of `material` at `site`
// (kg CO2e per t, per GWh, per m2: the material's canonical unit).
struct EmissionFactor {
  std::string site;
  std::string material;
  double kg_co2e_per_unit = 0.0;
  std::string source;
  bool estimate = false;
  std::string note;
};

// What a site has shown: a due-diligence certificate (e.g. an OECD-aligned scheme) and a
// passed ethical-sourcing audit. A site not listed has neither.
struct SiteCertification {
  std::string site;
  bool due_diligence = false;
  bool ethical_audit = false;
  std::string source;
  std::string note;
};

// A critical-mineral element, traced by content: `materials` are the refined materials that
// carry it, at one unit of element per canonical unit (the dataset's content basis).
struct CriticalElement {
  std::string id;                      // "lithium", "nickel", ...
  std::vector<std::string> materials;  // "lithium_carbonate", "lithium_hydroxide"
  // Price per t of element, for the IRA value shares; none when not sourced (then every share
  // is by mass of element, and the output says so).
  std::optional<double> usd_per_t;
  std::string source;
  bool estimate = false;
  std::string note;
};

struct SustainabilityData {
  std::vector<EmissionFactor> factors;
  std::vector<SiteCertification> certifications;
  std::vector<CriticalElement> elements;
  std::string folder;  // where the tables were read from
};

// A market rule of a scenario (`standards:`): buyers in `buyers` (countries or groups) accept
// `materials` (empty: all) only from supplier sites that meet every condition given. Compiled
// into lane blocks at load (analyze::CompileStandards), never looked at in the day loop.
struct Standard {
  std::string id;
  std::string description;
  std::vector<std::string> buyers;
  std::vector<std::string> materials;
  int32_t start_day = 0;  // scenario day it takes effect
  // Embodied footprint of the supplier's material, kg CO2e per kWh (materials with an energy
  // equivalent only; others pass).
  std::optional<double> max_kg_co2e_per_kwh;
  // Recycled share of an element in the supplier's material (element id -> minimum fraction);
  // a material without the element passes.
  std::vector<std::pair<std::string, double>> min_recycled;
  bool due_diligence = false;
  bool ethical_audit = false;
};

}  // namespace chaintwin::model
