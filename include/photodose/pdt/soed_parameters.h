#pragma once
// Parameters of the singlet-oxygen explicit dosimetry (SOED) model of Zhu's group
// (Wang, Finlay, Busch, Hahn, Zhu, J Biophotonics 3:304, 2010). Units: fluence rate mW/cm^2,
// concentrations uM, time s. Shared by the photosensitizer library (optics) and the PDT solver.
// The solver requires xi, sigma, delta, g >= 0 and beta, oxygen0, threshold > 0
// (validate_soed_parameters in soed_override.h); a plan overrides them with `soed`.
#include <string>

namespace photodose {

struct SoedParameters {
  double xi_cm2_per_mW_s = 0;  // specific oxygen consumption rate
  double sigma_per_uM = 0;     // photobleaching ratio
  double beta_uM = 0;          // oxygen quenching threshold
  double delta_uM = 0;         // low-concentration correction
  double g_uM_per_s = 0;       // maximal oxygen supply rate (perfusion)
  double oxygen0_uM = 40;      // initial ground-state oxygen [3O2]0 (also the perfused equilibrium)
  double threshold_mM = 0;     // reacted singlet oxygen [1O2]rx for necrosis
  std::string source;          // citation for the values
};

}  // namespace photodose
