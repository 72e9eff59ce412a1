#pragma once
// What a bioheat run returns: final fields, damage, and the energy balance.
#include <cstdint>
#include <string>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/thermal/problem.h"

namespace photodose {

// Heat bookkeeping over the run (J). Gains are positive. With exact arithmetic
// stored = deposited + perfusion + boundary; balance_error() says how far from that the solver
// is (round-off only, ~1e-12 relative, for either scheme).
struct ThermalEnergy {
  // What the sources asked for, from the problem's arrays in double precision.
  double light_J = 0;
  double magnetic_J = 0;
  double metabolic_J = 0;
  // What the solver added: the same three, as the single-precision per-voxel heat input it
  // used (differs from their sum by ~1e-7 relative).
  double deposited_J = 0;
  double perfusion_J = 0;        // heat brought by blood (negative: carried away)
  double boundary_J = 0;         // heat through grid faces and air surfaces (negative: lost)
  double stored_J = 0;           // sum of rho c V (T_final - T_initial) over solved voxels
  double balance_error() const;  // |stored - deposited - perfusion - boundary| / scale
  // The same with the requested inputs in place of deposited: |stored - light - magnetic -
  // metabolic - perfusion - boundary| / scale; adds the single-precision rounding of the heat
  // input (~1e-7 relative).
  double terms_error() const;
};

// How the run started.
struct ThermalStart {
  ThermalInitial kind = ThermalInitial::uniform;
  double temperature_C = 37;  // uniform start
  // Steady-state start (steady_state.h): conjugate-gradient iterations, the largest remaining
  // Jacobi correction (K), the largest drift rate it leaves (K/s) and the solve's wall time.
  int64_t iterations = 0;
  double residual_K = 0;
  double drift_K_per_s = 0;
  double seconds = 0;
};

struct ThermalResult {
  Grid grid;
  // Per voxel, x fastest. Unsolved voxels hold air_ambient_C and no damage.
  std::vector<double> temperature_C;         // at the end of the run
  std::vector<double> temperature_max_C;     // maximum over the run's time steps
  std::vector<double> thermal_damage_omega;  // Arrhenius integral
  std::vector<double> cem43_min;             // cumulative equivalent minutes at 43 degC
  std::vector<uint8_t> thermal_necrosis;     // the verdict (problem.h necrosis_rules)
  // Time (s) at which Omega first reached 1 (interpolated within the step), +inf if never. The
  // PDT solver uses it to stop oxygen supply where perfusion stopped.
  std::vector<double> omega1_time_s;

  ThermalScheme scheme = ThermalScheme::explicit_euler;
  // Steps chosen by error control (the implicit scheme without a user dt_s; step_control.h).
  bool adaptive = false;
  // Fixed steps: the nominal step (steps are shortened to end on schedule edges and sample
  // times). Adaptive steps: the mean step, duration_s / steps.
  double dt_s = 0;
  double dt_min_s = 0;  // shortest and longest step taken
  double dt_max_s = 0;
  double dt_stable_explicit_s = 0;  // stability limit of the explicit scheme on this grid
  int64_t steps = 0;                // steps taken (accepted)
  int64_t rejected_steps = 0;       // adaptive trial steps rejected and retried shorter
  double duration_s = 0;
  double seconds = 0;  // wall-clock time of the run
  std::string backend;
  std::string device;
  int threads = 0;
  ThermalStart start;
  ThermalEnergy energy;
  std::vector<std::string> warnings;
};

}  // namespace photodose
