// Photosensitizer database and the mixing rule.
#include <doctest/doctest.h>

#include <array>

#include "photodose/common/errors.h"
#include "photodose/optics/mixing.h"
#include "photodose/optics/photosensitizer.h"

using namespace photodose;
using namespace photodose::optics;

TEST_CASE("every named drug has its treatment band, yield, molar mass and sources") {
  for (const char* drug : {"photofrin", "verteporfin", "mthpc", "methylene_blue", "icg", "ppix"}) {
    CAPTURE(drug);
    const auto& e = photosensitizer(drug);
    CHECK(photosensitizer_mua_per_mm_per_uM(drug, e.treatment_wavelength_nm) > 0);
    CHECK(e.singlet_oxygen_yield > 0);
    CHECK(e.molar_mass_g_per_mol > 0);
    CHECK_FALSE(e.yield_source.empty());
    CHECK_FALSE(e.soed.source.empty());
    CHECK_FALSE(e.bands.at(0).source.empty());
  }
  CHECK(photosensitizer("photofrin").treatment_wavelength_nm == 630);
  CHECK(photosensitizer("verteporfin").treatment_wavelength_nm == 690);
  CHECK(photosensitizer("mthpc").treatment_wavelength_nm == 652);
  CHECK(photosensitizer("methylene_blue").treatment_wavelength_nm == 665);
  CHECK(photosensitizer("ppix").treatment_wavelength_nm == 635);
}

TEST_CASE("Photofrin SOED parameters as docs/physics.md section 5") {
  const auto& s = photosensitizer("photofrin").soed;
  CHECK(s.xi_cm2_per_mW_s == 3.7e-3);
  CHECK(s.sigma_per_uM == 7.6e-5);
  CHECK(s.beta_uM == 11.9);
  CHECK(s.delta_uM == 33);
  CHECK(s.oxygen0_uM == 40);
  CHECK(s.threshold_mM == 0.56);
  CHECK(photosensitizer("photofrin").has_soed);
  CHECK_FALSE(photosensitizer("mthpc").has_soed);
  // mua per uM for Photofrin is Zhu's 0.0035 /cm = 3.5e-4 /mm.
  CHECK(photosensitizer_mua_per_mm_per_uM("photofrin", 630) ==
        doctest::Approx(3.5e-4).epsilon(1e-12));
}

TEST_CASE("photosensitizer errors") {
  CHECK_THROWS_WITH_AS(photosensitizer("aspirin"), doctest::Contains("photofrin"), InputError);
  CHECK_THROWS_WITH_AS(photosensitizer_mua_per_mm_per_uM("photofrin", 532),
                       doctest::Contains("627-633 nm"), InputError);
}

TEST_CASE("mixing: mua and mus add, g is the mus-weighted mean, n is the tissue's") {
  const TissueOptics tissue{0.01, 10.0, 1.0, 0.9, 1.37};
  const std::array<OpticalComponent, 2> agents = {OpticalComponent{0.2, 2.0, 0.3},
                                                  OpticalComponent{0.05, 0.0, 0.0}};
  const auto m = mix_optics(tissue, agents);
  CHECK(m.mua_per_mm == doctest::Approx(0.26));
  CHECK(m.mus_per_mm == doctest::Approx(12.0));
  CHECK(m.g == doctest::Approx((10 * 0.9 + 2 * 0.3) / 12));
  CHECK(m.n == 1.37);
  // musp adds too: 10 x 0.1 + 2 x 0.7 = 2.4.
  CHECK(m.musp_per_mm == doctest::Approx(2.4));
  // Agents in a non-scattering medium: g is the agents' own.
  const auto water = mix_optics({0.001, 0, 0, 0, 1.33}, std::span(agents.data(), 1));
  CHECK(water.g == doctest::Approx(0.3));
  AgentOptics a;
  a.mua_per_mm_per_unit = 0.01;
  a.mus_per_mm_per_unit = 0.02;
  a.g = 0.5;
  const auto c = agent_component(a, 3);
  CHECK(c.mua_per_mm == doctest::Approx(0.03));
  CHECK(c.mus_per_mm == doctest::Approx(0.06));
  CHECK(c.g == 0.5);
}
