#include "photodose/optics/gold.h"

#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/optics/embedded_data.h"

namespace photodose::optics {
namespace {

constexpr double kHcOverE_eV_nm = 1239.841984;  // photon energy [eV] * wavelength [nm]
constexpr double kHbar_eV_s = 6.582119569e-16;
constexpr double kPlasma_eV = 9.03;  // 1.37e16 rad/s
// 1/tau with Johnson & Christy's tau = 9.3 fs: 1.075e14 /s.
constexpr double kBulkDamping_eV = kHbar_eV_s / 9.3e-15;
constexpr double kFermiVelocity_m_per_s = 1.40e6;

struct GoldTable {
  AkimaSpline eps1, eps2;
  double min_nm = 0, max_nm = 0;
};

GoldTable load_gold() {
  const DataTable t = load_embedded_table("gold_johnson_christy.csv");
  std::vector<double> lambda_nm, e1, e2;
  for (const auto& row : t.rows) {
    const double n = row[t.column_index("n")], k = row[t.column_index("k")];
    lambda_nm.push_back(row[t.column_index("wavelength_um")] * 1000.0);
    e1.push_back(n * n - k * k);
    e2.push_back(2.0 * n * k);
  }
  GoldTable g;
  g.min_nm = lambda_nm.front();
  g.max_nm = lambda_nm.back();
  g.eps1 = AkimaSpline(lambda_nm, e1);
  g.eps2 = AkimaSpline(lambda_nm, e2);
  return g;
}

const GoldTable& gold_table() {
  static const GoldTable table = load_gold();
  return table;
}

}  // namespace

SpectralRange gold_range() {
  return {gold_table().min_nm, gold_table().max_nm, "gold (Johnson & Christy 1972)"};
}

std::complex<double> gold_permittivity(double wavelength_nm) {
  const SpectralRange r = gold_range();
  if (!r.contains(wavelength_nm))
    throw InputError("wavelength " + std::to_string(wavelength_nm) + " nm is outside the " +
                     r.source + " table (" + std::to_string(r.min_nm) + "-" +
                     std::to_string(r.max_nm) + " nm); choose a wavelength inside it");
  const auto& g = gold_table();
  return {g.eps1(wavelength_nm), g.eps2(wavelength_nm)};
}

std::complex<double> gold_surface_damped(std::complex<double> bulk_eps, double wavelength_nm,
                                         double damping_A, double effective_path_nm) {
  if (damping_A <= 0) return bulk_eps;
  if (!(effective_path_nm > 0))
    throw InputError("size-dependent damping needs a positive effective path length");
  const double w = kHcOverE_eV_nm / wavelength_nm;  // photon energy, eV
  const double surface_eV =
      kHbar_eV_s * damping_A * kFermiVelocity_m_per_s / (effective_path_nm * 1e-9);
  const std::complex<double> i(0, 1);
  const double wp2 = kPlasma_eV * kPlasma_eV;
  const auto drude = [&](double damping_eV) { return wp2 / (w * w + i * damping_eV * w); };
  return bulk_eps + drude(kBulkDamping_eV) - drude(kBulkDamping_eV + surface_eV);
}

std::complex<double> gold_permittivity_size_corrected(double wavelength_nm, double damping_A,
                                                      double effective_path_nm) {
  return gold_surface_damped(gold_permittivity(wavelength_nm), wavelength_nm, damping_A,
                             effective_path_nm);
}

std::complex<double> index_from_permittivity(std::complex<double> eps) {
  std::complex<double> m = std::sqrt(eps);  // principal root: Re >= 0
  if (m.imag() < 0) m = -m;
  return m;
}

}  // namespace photodose::optics
