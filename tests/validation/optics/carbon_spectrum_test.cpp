// Mass extinction of carbon nanotubes across 600-1100 nm: the 808 nm value of PEGylated SWNTs
// (Robinson et al., Nano Res 3:779, 2010; docs/physics.md section 3) scaled by the absorbance
// spectrum 4 pi k / lambda of a HiPco semiconducting SWCNT film (Song et al., ACS Photonics
// 7:2896, 2020, Supporting Information; data/optics/carbon_nanotube_hipco_song2020.csv).
// Expected values are computed here from the numbers printed in the source table.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/optics/agent.h"
#include "photodose/optics/embedded_data.h"

using namespace photodose;
using namespace photodose::optics;

namespace {

// 10 ug/mL of SWNT-PEG: mua [1/mm] = ln10 * eps * 0.01 g/L / 10, so eps = mua * 10 / (ln10 0.01).
AgentSpec swnt() {
  static nlohmann::json doc;  // JsonNode keeps a pointer to the value
  doc = nlohmann::json::parse(
      R"({"name": "swnt", "kind": "carbon_nanotube", "concentration_ug_per_mL": 10})");
  return parse_agent(JsonNode(doc, "plan.json", "/agents/0"));
}

double mass_extinction(double wavelength_nm) {
  return agent_optics(swnt(), wavelength_nm).mua_per_mm * 10.0 / (std::log(10.0) * 0.01);
}

// k at 808 nm, linear between the printed rows 0.80675 um (k 0.60) and 0.80833 um (k 0.61).
constexpr double kK808 = 0.60 + (808.0 - 806.75) / (808.33 - 806.75) * 0.01;

// The model's value at a printed row of Song's table (k at lambda in nm).
double expected(double lambda_nm, double k) {
  return 46.5 * (k / lambda_nm) / (kK808 / 808.0);
}

}  // namespace

TEST_CASE("the HiPco film table is Song et al. 2020 verbatim, with its citation") {
  const DataTable t = load_embedded_table("carbon_nanotube_hipco_song2020.csv");
  CHECK(t.rows.size() == 280);
  bool cites = false;
  for (const auto& c : t.comments)
    cites = cites || c.find("ACS Photonics 7, 2896-2905 (2020)") != std::string::npos;
  CHECK(cites);
  // Rows as printed in refractiveindex.info database/data/main/C/nk/Song-HiPco.yml.
  struct Row {
    double um, n, k;
  };
  for (const Row r :
       {Row{0.59981, 1.71, 0.58}, Row{0.64922, 1.90, 0.92}, Row{0.80833, 1.99, 0.61},
        Row{0.98049, 1.83, 0.91}, Row{1.04720, 2.07, 1.21}, Row{1.10178, 1.92, 1.26}}) {
    CAPTURE(r.um);
    bool found = false;
    for (const auto& row : t.rows)
      if (row[t.column_index("wavelength_um")] == r.um) {
        found = true;
        CHECK(row[t.column_index("n")] == r.n);
        CHECK(row[t.column_index("k")] == r.k);
      }
    CHECK(found);
  }
}

TEST_CASE("SWNT-PEG mass extinction: 46.5 at 808 nm, the film spectrum elsewhere (1e-9)") {
  // The published anchor is unchanged.
  CHECK(mass_extinction(808) == doctest::Approx(46.5).epsilon(1e-12));
  // At printed rows of the source table the value is exactly the scaled source number.
  CHECK(mass_extinction(649.22) == doctest::Approx(expected(649.22, 0.92)).epsilon(1e-9));
  CHECK(mass_extinction(980.49) == doctest::Approx(expected(980.49, 0.91)).epsilon(1e-9));
  CHECK(mass_extinction(1047.20) == doctest::Approx(expected(1047.20, 1.21)).epsilon(1e-9));
  CHECK(mass_extinction(1098.37) == doctest::Approx(expected(1098.37, 1.21)).epsilon(1e-9));
  // The laser lines users ask for, between rows [D]: 650, 980 and 1064 nm.
  CHECK(mass_extinction(650) == doctest::Approx(87.48).epsilon(1e-3));
  CHECK(mass_extinction(980) == doctest::Approx(57.19).epsilon(1e-3));
  CHECK(mass_extinction(1064) == doctest::Approx(63.44).epsilon(1e-3));
}

TEST_CASE("SWNT-PEG spectrum: the film's absorption bands, continuous, range-checked") {
  // Semiconducting HiPco tubes absorb more in their E11 band (near 1045 nm in the film) and in
  // the E22 band near 650 nm than at 808 nm.
  CHECK(mass_extinction(1045) > 1.4 * mass_extinction(808));
  CHECK(mass_extinction(650) > 1.4 * mass_extinction(808));
  // No jumps: neighbouring nanometres differ by under 5 % everywhere, including across the old
  // 798-818 nm window.
  double previous = mass_extinction(600);
  for (double w = 601; w <= 1100; w += 1) {
    CAPTURE(w);
    const double e = mass_extinction(w);
    CHECK(e > 0);
    CHECK(std::fabs(e / previous - 1.0) < 0.05);
    previous = e;
  }
  // The ends are inside; beyond them an InputError names the range and the override.
  CHECK(mass_extinction(600) > 0);
  CHECK(mass_extinction(1100) > 0);
  for (const double w : {400.0, 599.9, 1100.1, 1300.0}) {
    CAPTURE(w);
    CHECK_THROWS_WITH_AS(mass_extinction(w), doctest::Contains("600-1100 nm"), InputError);
    CHECK_THROWS_WITH_AS(mass_extinction(w), doctest::Contains("mass_extinction_L_per_g_cm"),
                         InputError);
  }
}
