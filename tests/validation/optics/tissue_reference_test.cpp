// Library tissues against the models and values they cite (docs/physics.md section 2 and 4).
#include <doctest/doctest.h>

#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/optics/chromophores.h"
#include "photodose/optics/tissue.h"

using namespace photodose::optics;

TEST_CASE("mcxyz dermis reproduces Jacques's formula at 633 nm") {
  // dermis: B 0.002, S 0.67, W 0.65, musp(500) = 42.4 /cm, f_Ray 0.62, b_Mie 1, g 0.9 (mcxyz).
  const double nm = 633;
  const auto o = tissue_optics(builtin_tissue("dermis"), nm);
  const double r = nm / 500.0;
  const double musp = 4.24 * (0.62 * std::pow(r, -4.0) + 0.38 * std::pow(r, -1.0));
  const double mua = 0.002 * whole_blood_mua_per_mm(nm, 0.67) + 0.65 * water_mua_per_mm(nm);
  CHECK(o.musp_per_mm == doctest::Approx(musp).epsilon(1e-12));
  CHECK(o.mus_per_mm == doctest::Approx(musp / 0.1).epsilon(1e-12));
  CHECK(o.mua_per_mm == doctest::Approx(mua).epsilon(1e-12));
  CHECK(o.g == 0.9);
}

TEST_CASE("blood tissue is whole blood at S = 0.75 plus water") {
  const auto o = tissue_optics(builtin_tissue("blood"), 808);
  // whole blood at S = 0.75 and 808 nm: 4.41 /cm (docs/physics.md), plus 0.95 x 0.0218 /cm water.
  CHECK(o.mua_per_mm * 10 == doctest::Approx(4.41 + 0.95 * 0.021773).epsilon(0.002));
}

TEST_CASE("Jacques 2013 skin scattering a' = 46.0 /cm, b = 1.421") {
  for (double nm : {400.0, 500.0, 800.0, 1000.0}) {
    CAPTURE(nm);
    const auto o = tissue_optics(builtin_tissue("skin"), nm);
    CHECK(o.musp_per_mm == doctest::Approx(4.60 * std::pow(nm / 500, -1.421)));
  }
}

TEST_CASE("thermal values and perfusion conversion (docs/physics.md section 4)") {
  // omega = HTR 1e-6/60 rho: muscle 37 mL/(min kg) x 1090 kg/m^3 = 6.72e-4 /s.
  const auto muscle = builtin_tissue("muscle");
  CHECK(muscle.perfusion_per_s == doctest::Approx(37e-6 / 60 * 1090));
  CHECK(muscle.density_kg_per_m3 == 1090);
  CHECK(muscle.specific_heat_J_per_kgK == 3421);
  CHECK(muscle.conductivity_W_per_mK == 0.49);
  // Perfusion length L = sqrt(k/(omega rho_b c_b)): muscle ~13.9 mm, liver ~3.0 mm [D].
  const auto length_mm = [](const TissueProperties& t) {
    return 1e3 * std::sqrt(t.conductivity_W_per_mK / (t.perfusion_per_s * 1050 * 3617));
  };
  CHECK(length_mm(muscle) == doctest::Approx(13.9).epsilon(0.01));
  CHECK(length_mm(builtin_tissue("liver")) == doctest::Approx(3.0).epsilon(0.02));
  const auto skin = builtin_tissue("skin");
  CHECK(skin.arrhenius_A_per_s == 3.1e98);
  CHECK(skin.arrhenius_Ea_J_per_mol == 6.28e5);
  // Liver uses the Henriques set too: the liver coagulation set (7.39e39 /s, 2.577e5 J/mol)
  // reaches Omega = 1 within an hour at 37 degC (docs/physics.md section 4).
  const auto liver = builtin_tissue("liver");
  CHECK(liver.damage_model == "liver");
  CHECK(liver.arrhenius_A_per_s == 3.1e98);
  CHECK(liver.arrhenius_Ea_J_per_mol == 6.28e5);
  // The tumour set: HCT116/HT29 cells (Mouratidis et al. 2019).
  const auto tumor = builtin_tissue("tumor");
  CHECK(tumor.arrhenius_A_per_s == 3.27e91);
  CHECK(tumor.arrhenius_Ea_J_per_mol == 5.78e5);
  CHECK(liver.metabolic_W_per_m3 == doctest::Approx(9.9 * 1079));
}

// With the extension tables (hemoglobin to 1100 nm, fat to 1100 nm) every library tissue has
// finite optics at 400-1100 nm, except tissues with fat below 429 nm: no published lipid spectrum
// below van Veen's 429 nm was found, so those stay a clear error there.
TEST_CASE("every library tissue at 400, 700, 1000, 1050, 1064 and 1100 nm") {
  const auto lib = TissueLibrary::builtin();
  for (const auto& name : lib.names()) {
    const auto& t = lib.at(name);
    for (double nm : {400.0, 700.0, 1000.0, 1050.0, 1064.0, 1100.0}) {
      CAPTURE(name);
      CAPTURE(nm);
      if (t.chromophores.fat_fraction > 0 && nm < 429) {
        CHECK_THROWS_WITH_AS(tissue_optics(t, nm), doctest::Contains("fat_fraction"),
                             photodose::InputError);
        continue;
      }
      const auto o = tissue_optics(t, nm);
      CHECK(std::isfinite(o.mua_per_mm));
      CHECK(std::isfinite(o.mus_per_mm));
      if (name == "air") continue;  // fixed mua = mus = 0
      CHECK(o.mua_per_mm > 0);
      if (name != "water") CHECK(o.mus_per_mm > 0);  // water: no scattering
    }
  }
}

TEST_CASE("outside the combined tables the error names the wavelength and the range") {
  for (const char* name : {"liver", "muscle", "blood", "skin"}) {
    CAPTURE(name);
    CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue(name), 1101), doctest::Contains("1101 nm"),
                         photodose::InputError);
    CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue(name), 1101),
                         doctest::Contains("250-1100 nm"), photodose::InputError);
    CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue(name), 249), doctest::Contains("250-1100 nm"),
                         photodose::InputError);
  }
  for (const char* name : {"fat", "breast"}) {
    CAPTURE(name);
    CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue(name), 428), doctest::Contains("429-1100 nm"),
                         photodose::InputError);
    CHECK_THROWS_WITH_AS(tissue_optics(builtin_tissue(name), 1101), doctest::Contains("1101 nm"),
                         photodose::InputError);
    CHECK(tissue_optics(builtin_tissue(name), 429).mua_per_mm > 0);
  }
}

TEST_CASE("liver at 1064 nm: blood from Nachabe et al. 2011 plus water (Kou 1993)") {
  // liver: B 0.10, S 0.70, W 0.75 (tissue_library.cpp).
  const auto o = tissue_optics(builtin_tissue("liver"), 1064);
  const double mua = 0.10 * whole_blood_mua_per_mm(1064, 0.70) + 0.75 * water_mua_per_mm(1064);
  CHECK(o.mua_per_mm == doctest::Approx(mua).epsilon(1e-12));
  // Blood part by hand: 2.303 (0.7 x 640 + 0.3 x 116.67) 150 / 64500 /cm = 2.586 /cm [D].
  CHECK(whole_blood_mua_per_mm(1064, 0.70) * 10 == doctest::Approx(2.586).epsilon(5e-4));
}
