// Carbon agents (carbon_nanotube, graphene_oxide): mass extinction, all counted as absorption.
//
// Published anchors (decadic mass extinction at 808 nm, L g^-1 cm^-1; docs/physics.md section 3):
//   SWNT-PEG 46.5 (Robinson et al., Nano Res 3:779, 2010) [M]
//   nano-graphene oxide 3.6, reduced nano-GO 24.6 (Robinson et al., JACS 133:6825, 2011) [M]
//
// Carbon nanotubes, 600-1100 nm: the 808 nm value scaled by the absorbance spectrum of a film
// of HiPco semiconducting SWCNTs, alpha = 4 pi k / lambda with k from Song et al., ACS Photonics
// 7:2896 (2020), Supporting Information (data/optics/carbon_nanotube_hipco_song2020.csv; k
// linear between its rows):
//   eps(lambda) = 46.5 * (k(lambda) / lambda) / (k(808) / 808).
// This is an approximation [D]: the film is sorted (no metallic tubes), bundled and on a
// substrate, while PEGylated tubes are unsorted and dispersed, so the positions and heights of
// the E11/E22 bands differ by an amount the sources do not quantify. Below 600 nm the metallic
// M11 band of HiPco tubes (absent from a semiconducting film) matters more, so the model stops
// there. A warning says so away from 808 nm.
//
// Graphene oxide and reduced graphene oxide: no citable value or tabulated (or publicly
// digitised) spectrum away from 808 nm was found, so they stay at 798-818 nm; other
// wavelengths need mass_extinction_L_per_g_cm.
#include <cmath>
#include <cstdio>
#include <limits>

#include "agent_models.h"
#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/common/units.h"
#include "photodose/optics/embedded_data.h"
#include "photodose/optics/interpolation.h"

namespace photodose::optics::detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kNm2ToMm2 = 1e-12;
constexpr double kMm3PerL = 1e6;
constexpr double kAnchor_nm = 808.0;
constexpr double kAnchorHalfWidth_nm = 10.0;  // GO/rGO: the published wavelength +-10 nm [A]
constexpr double kCntMin_nm = 600.0, kCntMax_nm = 1100.0;
constexpr double kSwntAnchor = 46.5, kGoAnchor = 3.6, kRgoAnchor = 24.6;
constexpr const char* kCntTable = "carbon_nanotube_hipco_song2020.csv";
// Graphene: 2 carbon atoms per cell of sqrt(3)/2 a^2, a = 0.246 nm (lattice constant).
constexpr double kGrapheneAreal_g_per_nm2 =
    2.0 * 12.011 / units::kAvogadro_per_mol / (0.8660254037844386 * 0.246 * 0.246);

// k of the HiPco film against wavelength in nm.
const LinearTable& cnt_film_k() {
  static const LinearTable table = [] {
    const DataTable t = load_embedded_table(kCntTable);
    std::vector<double> nm, k;
    for (const auto& row : t.rows) {
      nm.push_back(row[t.column_index("wavelength_um")] * 1000.0);
      k.push_back(row[t.column_index("k")]);
    }
    LinearTable out(nm, k, kCntTable);
    if (!out.contains(kCntMin_nm) || !out.contains(kCntMax_nm))
      throw RuntimeError(std::string(kCntTable) + " does not cover 600-1100 nm (build defect)");
    return out;
  }();
  return table;
}

}  // namespace

double carbon_nanotube_spectral_factor(double wavelength_nm) {
  const LinearTable& k = cnt_film_k();
  return (k(wavelength_nm) / wavelength_nm) / (k(kAnchor_nm) / kAnchor_nm);
}

ParticleModel carbon_model(const AgentSpec& a, double wavelength_nm) {
  ParticleModel p;
  const bool tube = a.kind == AgentKind::carbon_nanotube;
  const std::string material = tube        ? "PEGylated single-walled carbon nanotubes"
                               : a.reduced ? "reduced nano-graphene oxide"
                                           : "nano-graphene oxide";
  const std::string at = " at " + format_4g(wavelength_nm) + " nm";
  double mass_ext;  // decadic, L g^-1 cm^-1
  std::string basis;
  if (a.mass_extinction_L_per_g_cm) {
    mass_ext = *a.mass_extinction_L_per_g_cm;
    p.source = "mass extinction given by the plan: " + format_4g(mass_ext) + " L/(g cm)";
    basis = "given by the plan";
  } else if (tube) {
    if (!(wavelength_nm >= kCntMin_nm && wavelength_nm <= kCntMax_nm))
      throw InputError(
          a.file, a.pointer,
          "no mass-extinction data for " + material + at + " (known at 600-1100 nm only)",
          "a wavelength in 600-1100 nm or mass_extinction_L_per_g_cm for this "
          "wavelength");
    const double factor = carbon_nanotube_spectral_factor(wavelength_nm);
    mass_ext = kSwntAnchor * factor;
    p.source =
        "46.5 L/(g cm) at 808 nm, Robinson et al., Nano Res 3:779 (2010) [M], times " +
        format_4g(factor) +
        " = (k/lambda)/(k/lambda at 808 nm) of a HiPco semiconducting SWCNT film, Song et al., "
        "ACS Photonics 7:2896 (2020) SI via refractiveindex.info (" +
        kCntTable + ") [D]";
    basis = "808 nm value x HiPco SWCNT film absorbance spectrum";
    if (std::fabs(wavelength_nm - kAnchor_nm) > kAnchorHalfWidth_nm)
      p.warnings.push_back(
          "carbon_nanotube '" + a.name + "'" + at + ": " + format_4g(mass_ext) +
          " L/(g cm) is the 808 nm value of PEGylated SWNTs scaled by the absorbance spectrum of "
          "a sorted semiconducting HiPco film; the band positions and heights of real samples "
          "differ (tube species, bundling, metallic tubes) by an unquantified amount: give a "
          "measured mass_extinction_L_per_g_cm when one is available");
  } else {
    mass_ext = a.reduced ? kRgoAnchor : kGoAnchor;
    p.source = format_4g(mass_ext) +
               " L/(g cm) at 808 nm, Robinson et al., J Am Chem Soc 133:6825 (2011) [M]";
    basis = "808 nm value";
    if (std::fabs(wavelength_nm - kAnchor_nm) > kAnchorHalfWidth_nm)
      throw InputError(
          a.file, a.pointer,
          "no mass-extinction data for " + material + at + " (known at 798-818 nm only)",
          "a wavelength in 798-818 nm or mass_extinction_L_per_g_cm for this "
          "wavelength");
  }
  // mua [1/cm] = ln10 * eps * c[g/L]; c[g/L] = rho[g/mm^3] * 1e6; mua [1/mm] = mua[1/cm] / 10.
  p.mua_per_mm_per_g_per_mm3 = units::kLn10 * mass_ext * kMm3PerL * 0.1;
  p.model = "mass_extinction (" + material + ", " + format_4g(mass_ext) + " L/(g cm)" + at + ", " +
            basis + "; all extinction counted as absorption)";
  p.particle_mass_g = kNaN;
  if (tube && a.diameter_nm > 0) {
    // Single-walled tube: a rolled graphene sheet of area pi d L.
    p.particle_mass_g = units::kPi * a.diameter_nm * a.length_nm * kGrapheneAreal_g_per_nm2;
    p.source += "; tube mass pi d L x graphene areal density (a = 0.246 nm)";
  } else if (!tube && a.diameter_nm > 0) {
    // A single-layer disc; oxygen adds 16/12 * (O/C) to the carbon mass, O/C ~ 0.5 for GO and
    // ~0.1 for reduced GO [M].
    const double oxygen_factor = 1.0 + 16.0 / 12.0 * (a.reduced ? 0.1 : 0.5);
    p.particle_mass_g =
        units::kPi / 4.0 * a.diameter_nm * a.diameter_nm * kGrapheneAreal_g_per_nm2 * oxygen_factor;
    p.source += "; sheet mass: single-layer disc of diameter_nm, graphene areal density x " +
                format_4g(oxygen_factor) + " for oxygen (O/C " + (a.reduced ? "0.1" : "0.5") +
                " [M])";
  }
  const double c_abs =
      p.mua_per_mm_per_g_per_mm3 * p.particle_mass_g / kNm2ToMm2;  // NaN if unknown
  p.cross_sections = {c_abs, 0.0, c_abs, 0.0};
  return p;
}

}  // namespace photodose::optics::detail
