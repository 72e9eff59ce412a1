// The CPU element-wise passes along one x line, in loops that the compiler can vectorise: the
// new temperature and the damage exponents, the exponentials (batch_exp.h), the damage sums, and
// a scalar pass for the rare events (Omega crossing 1, an insane temperature). The two functions
// share these passes but are written out each: a shared helper taking the new temperatures by
// pointer made the explicit step ~8 % slower. Each voxel's
// arithmetic is that of stencil.h's explicit_voxel_step (explicit_line) or adi.h's
// adi_accept_voxel (accept_line), with exp_polynomial in place of exp. Compiled for AVX2 and for
// baseline x86-64, chosen at load time; both do the same IEEE operations in the same order (no
// contraction into FMA), so results do not depend on which runs.
#include "line_kernels.h"

#include <algorithm>

#include "photodose/thermal/batch_exp.h"

namespace photodose {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PD_CPU_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PD_CPU_CLONES
#endif

PD_CPU_CLONES int64_t explicit_line(const HeatView& v, int64_t first, int nx, double t_s,
                                    double dt_s, double* scratch, StepSums& sums) {
  double* const cond = scratch;
  double* const perf = scratch + nx;
  double* const x_cem = scratch + 2 * nx;  // exponents, then rates, then Omega before the step
  double* const x_arr = scratch + 3 * nx;

  // Every voxel of the line: an unsolved one has inv_c = 0, so its temperature is rewritten
  // unchanged (both buffers hold it) and its flows and rates are masked out below.
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    const VoxelUpdate u = explicit_update(v, p, dt_s);
    v.T_next[p] = u.T_new;
    cond[i] = u.conduction_W;
    perf[i] = u.perfusion_W;
    const double T_mid = 0.5 * (v.T[p] + u.T_new);
    x_cem[i] = cem43_exponent(T_mid);
    x_arr[i] = arrhenius_exponent(v.damage_table[v.damage_index[p]], T_mid);
  }
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    x_cem[i] = exp_polynomial(x_cem[i]);
    x_arr[i] = exp_polynomial(x_arr[i]);
  }
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    // Values loaded before the selects keep the loop free of branches.
    const double e_cem = x_cem[i] * (1.0 / 60.0), e_arr = x_arr[i];
    const bool solved = v.inv_c[p] != 0.0f;
    const bool damage = solved & (v.damage_index[p] != 0);
    const double cem43_rate = solved ? e_cem : 0.0;
    const double arrhenius_rate = damage ? e_arr : 0.0;
    x_cem[i] = accumulate_damage(v, p, v.T_next[p], cem43_rate, arrhenius_rate, dt_s);
  }
  int64_t bad = INT64_MAX;
  double line_cond = 0, line_perf = 0;  // locals: no store per voxel
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    if (v.inv_c[p] == 0.0f) continue;
    record_omega_crossing(v, p, x_cem[i], t_s, dt_s);
    if (!temperature_is_sane(v.T_next[p])) bad = std::min(bad, p);
    line_cond += cond[i];
    line_perf += perf[i];
  }
  sums.conduction_W += line_cond;
  sums.perfusion_W += line_perf;
  return bad;
}

PD_CPU_CLONES int64_t accept_line(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                                  double* scratch) {
  double* const x_cem = scratch;  // exponents, then rates, then Omega before the step
  double* const x_arr = scratch + nx;

  // Z is 0 at unsolved voxels (adi.h), so their temperature is rewritten unchanged and their
  // rates are masked out below.
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    const double T = v.T[p];
    const double T_new = T + v.T_next[p];
    v.T[p] = T_new;
    const double T_mid = 0.5 * (T + T_new);
    x_cem[i] = cem43_exponent(T_mid);
    x_arr[i] = arrhenius_exponent(v.damage_table[v.damage_index[p]], T_mid);
  }
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    x_cem[i] = exp_polynomial(x_cem[i]);
    x_arr[i] = exp_polynomial(x_arr[i]);
  }
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    const double e_cem = x_cem[i] * (1.0 / 60.0), e_arr = x_arr[i];
    const bool solved = v.inv_c[p] != 0.0f;
    const bool damage = solved & (v.damage_index[p] != 0);
    const double cem43_rate = solved ? e_cem : 0.0;
    const double arrhenius_rate = damage ? e_arr : 0.0;
    x_cem[i] = accumulate_damage(v, p, v.T[p], cem43_rate, arrhenius_rate, dt_s);
  }
  int64_t bad = INT64_MAX;
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    if (v.inv_c[p] == 0.0f) continue;
    record_omega_crossing(v, p, x_cem[i], t_s, dt_s);
    if (!temperature_is_sane(v.T[p])) bad = std::min(bad, p);
  }
  return bad;
}

}  // namespace photodose
