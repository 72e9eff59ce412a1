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
  // liver: B 0.10, S 0.70, W 0.75 (data/tissues/tissues.json).
  const auto o = tissue_optics(builtin_tissue("liver"), 1064);
  const double mua = 0.10 * whole_blood_mua_per_mm(1064, 0.70) + 0.75 * water_mua_per_mm(1064);
  CHECK(o.mua_per_mm == doctest::Approx(mua).epsilon(1e-12));
  // Blood part by hand: 2.303 (0.7 x 640 + 0.3 x 116.67) 150 / 64500 /cm = 2.586 /cm [D].
  CHECK(whole_blood_mua_per_mm(1064, 0.70) * 10 == doctest::Approx(2.586).epsilon(5e-4));
}

namespace {

struct Measured {
  double nm, mua_per_mm, mus_per_mm, g;
};

// In vitro human brain (Yaroslavsky et al., Phys Med Biol 47:2059 (2002)) as compiled by Cassano
// et al., Neurophotonics 6:015004 (2019), Table 1: mus [1/mm], g and mua [1/mm].
const Measured kGreyMatter[] = {{670, 0.020, 8.4, 0.90},
                                {810, 0.028, 7.3, 0.89},
                                {850, 0.033, 7.0, 0.90},
                                {980, 0.052, 6.0, 0.91},
                                {1064, 0.053, 5.9, 0.91}};
const Measured kWhiteMatter[] = {{670, 0.070, 40.1, 0.85},
                                 {810, 0.092, 38.0, 0.87},
                                 {850, 0.100, 35.0, 0.87},
                                 {980, 0.110, 31.0, 0.88},
                                 {1064, 0.105, 30.0, 0.88}};
// Skull in the same table (musp given directly, so g is unused here): musp and mua [1/mm].
const Measured kSkull[] = {{670, 0.0208, 1.19, 0},
                           {810, 0.011, 1.92, 0},
                           {850, 0.011, 1.87, 0},
                           {980, 0.022, 1.73, 0},
                           {1064, 0.019, 1.61, 0}};

double penetration_depth_mm(const TissueOptics& o) {
  return 1 / std::sqrt(3 * o.mua_per_mm * (o.mua_per_mm + o.musp_per_mm));
}

// The chromophore model (hemoglobin + water + the flat baseline spectrum) matches the measured
// absorption within 25 % at 810-850 nm, where the library is used for NIR therapy, and within
// a factor of 2 over 670-1064 nm: the in vitro spectra are flatter than any blood-and-water mix
// (docs/physics.md section 2 gives the fit's residuals).
void check_absorption(const char* name, const Measured (&ref)[5]) {
  for (const auto& m : ref) {
    CAPTURE(name);
    CAPTURE(m.nm);
    const double mua = tissue_optics(builtin_tissue(name), m.nm).mua_per_mm;
    if (m.nm >= 800 && m.nm <= 860) {
      CHECK(mua == doctest::Approx(m.mua_per_mm).epsilon(0.25));
    } else {
      CHECK(mua > m.mua_per_mm / 2);
      CHECK(mua < m.mua_per_mm * 2);
    }
  }
}

}  // namespace

TEST_CASE("grey and white matter against in vitro human brain at 670-1064 nm") {
  check_absorption("grey_matter", kGreyMatter);
  check_absorption("white_matter", kWhiteMatter);
  // Reduced scattering mus (1 - g): the fitted power laws lie within 11 % (grey) and 4 % (white)
  // of all five points.
  for (const auto& m : kGreyMatter) {
    CAPTURE(m.nm);
    CHECK(tissue_optics(builtin_tissue("grey_matter"), m.nm).musp_per_mm ==
          doctest::Approx(m.mus_per_mm * (1 - m.g)).epsilon(0.11));
  }
  for (const auto& m : kWhiteMatter) {
    CAPTURE(m.nm);
    CHECK(tissue_optics(builtin_tissue("white_matter"), m.nm).musp_per_mm ==
          doctest::Approx(m.mus_per_mm * (1 - m.g)).epsilon(0.04));
  }
}

TEST_CASE("brain penetration depth at 808 nm lies in the measured 2-3.8 mm") {
  // The in vitro values above give 1/mu_eff = 3.8 mm for grey and 0.85 mm for white matter at
  // 810 nm; the generic brain (grey matter absorption, Jacques's average brain scattering) must
  // lie between white-matter-rich 2 mm and grey matter's 3.8 mm (the library once gave 7 mm).
  const double depth = penetration_depth_mm(tissue_optics(builtin_tissue("brain"), 808));
  CHECK(depth > 2.0);
  CHECK(depth < 3.8);
  const Measured& grey = kGreyMatter[1];
  const double grey_measured =
      1 / std::sqrt(3 * grey.mua_per_mm * (grey.mua_per_mm + grey.mus_per_mm * (1 - grey.g)));
  CHECK(grey_measured == doctest::Approx(3.79).epsilon(0.01));
  CHECK(penetration_depth_mm(tissue_optics(builtin_tissue("grey_matter"), 810)) ==
        doctest::Approx(grey_measured).epsilon(0.10));
}

TEST_CASE("bone against the skull values of the same compilation") {
  for (const auto& m : kSkull) {
    CAPTURE(m.nm);
    const auto o = tissue_optics(builtin_tissue("bone"), m.nm);
    // The 670 nm musp (1.19 /mm) does not follow the other four and is not fitted.
    if (m.nm > 700) CHECK(o.musp_per_mm == doctest::Approx(m.mus_per_mm).epsilon(0.03));
  }
  check_absorption("bone", kSkull);
}

TEST_CASE("skin absorbs at least as much as in vivo dermis at 850 nm") {
  // In vivo dermis of 3809 subjects (J Biomed Opt 28:115001 (2023)): 0.0048 /mm (upper) and
  // 0.0035 /mm (lower) at 850 nm. Whole skin adds the epidermis's melanin, so its mean absorption
  // lies at or above the upper dermis value, and not far above for light skin (< 1.5x).
  const double mua = tissue_optics(builtin_tissue("skin"), 850).mua_per_mm;
  CHECK(mua >= 0.0048);
  CHECK(mua < 1.5 * 0.0048);
}

TEST_CASE("perfusion: IT'IS values and tumours above resting muscle") {
  const auto htr = [](const char* name) {  // back to mL/(min kg)
    const auto t = builtin_tissue(name);
    return t.perfusion_per_s / (1e-6 / 60 * t.density_kg_per_m3);
  };
  // IT'IS tissue database v4.1 (docs/physics.md section 4).
  CHECK(htr("brain") == doctest::Approx(558.6));
  CHECK(htr("grey_matter") == doctest::Approx(763.7));
  CHECK(htr("white_matter") == doctest::Approx(212.3));
  CHECK(htr("skin") == doctest::Approx(106));
  CHECK(htr("fat") == doctest::Approx(33));
  CHECK(htr("muscle") == doctest::Approx(37));
  // Solid tumours: 0.15-0.35 mL/(g min) by 133Xe clearance (Mantyla 1979), i.e. 150-350
  // mL/(min kg), several times resting muscle (Vaupel et al. 1989).
  CHECK(htr("tumor") >= 150);
  CHECK(htr("tumor") <= 350);
  CHECK(builtin_tissue("tumor").perfusion_per_s > 3 * builtin_tissue("muscle").perfusion_per_s);
  // Every perfused tumour type lies in Vaupel's 0.01-3 mL/(g min); xenografts of ~1 g perfuse
  // less than a typical human tumour; a necrotic core not at all.
  for (const char* name : {"glioma", "prostate_tumor", "breast_tumor", "xenograft"}) {
    CAPTURE(name);
    CHECK(htr(name) >= 10);
    CHECK(htr(name) <= 3000);
  }
  CHECK(htr("xenograft") < htr("tumor"));
  CHECK(builtin_tissue("tumor_necrotic_core").perfusion_per_s == 0);
  CHECK(builtin_tissue("tumor_necrotic_core").metabolic_W_per_m3 == 0);
  // Mouse skeletal muscle at rest: 1.04 +- 0.12 mL/(min g) by fluorescent microspheres
  // (PMC2041860, abstract), within 1 sd; 28 times the human value.
  CHECK(std::abs(htr("mouse_muscle") - 1040) <= 120);
  CHECK(htr("mouse_muscle") > 20 * htr("muscle"));
}
