#pragma once
// The steady state of a prepared bioheat problem without its light and magnetic sources:
// metabolic heat, perfusion towards the arterial temperature and the faces only. It is the
// temperature a body has before treatment, and the default start of the heat stage.
//
// Solved on the finite-volume operator the time steps use (stencil.h, the same single-precision
// conductances), so that a light-free run started from it stays where it is: for each solved
// voxel p the net heat flow
//   r_p = sum_n G_pn (T_n - T_p) + W_p (T_a - T_p) + Q_met,p
// vanishes. The operator A T = sum_n G_pn (T_p - T_n) + W_p T_p is symmetric and positive
// definite whenever heat can leave (perfusion, or a face that is not adiabatic), so conjugate
// gradients with the diagonal (Jacobi) preconditioner solve it, in double precision.
#include <cstdint>
#include <vector>

#include "photodose/thermal/prepared.h"

namespace photodose {

struct SteadyStateSolve {
  std::vector<double> T_padded;  // the steady temperatures, fixed voxels as in prepared.T0
  int64_t iterations = 0;
  // Largest |r_p| / A_pp over solved voxels (K): the correction one Jacobi sweep would still
  // make. Convergence: residual_K <= tolerance_K.
  double residual_K = 0;
  // Largest |r_p| / (rho c V)_p (K/s): how fast the explicit scheme would leave the state.
  double drift_K_per_s = 0;
  double seconds = 0;
};

// Throws InputError when heat is generated but nothing removes it (no steady state exists),
// and RuntimeError when the iteration does not reach tolerance_K within max_iterations
// (0: 100 (nx + ny + nz) + 1000). Deterministic: its sums run in a fixed order for any
// thread count.
SteadyStateSolve solve_steady_state(const PreparedThermal& prepared, int threads,
                                    double tolerance_K, int64_t max_iterations = 0);

}  // namespace photodose
