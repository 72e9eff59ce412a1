// The CPU element-wise passes along one x line:
//   1. the new temperature (explicit: the stencil; accept: T += Z) and the step's mid temperature,
//      in a loop that the compiler vectorises;
//   2. the two damage rates with exp_table (batch_exp.h) in place of exp, the Arrhenius
//      parameters broadcast when the whole line shares one damage set and gathered otherwise;
//   3. the damage sums in four-lane vectors (lane4.h), which also sum the line's flows per lane
//      and raise a flag for the rare events (Omega crossing 1, a temperature that is not sane);
//   4. only on a flagged line, a scalar pass that records those events.
// Each voxel's arithmetic is that of stencil.h's explicit_voxel_step (explicit_line) or adi.h's
// adi_accept_voxel (accept_line), with exp_table in place of exp. Two versions are compiled:
// baseline x86-64, and AVX2 with FMA where the CPU has them. Nothing is contracted into FMA except
// the exponential's own multiply-adds, so the temperatures do not depend on the version, and the
// damage rates differ between versions by at most the last bit of exp_table's result.
#include "line_kernels.h"

#include <algorithm>

#include "lane4.h"
#include "photodose/thermal/batch_exp.h"

namespace photodose {
namespace {

using lane4::Lane4;
using lane4::Mask4;

// The damage set shared by every voxel of the line, or -1 when they differ.
PD_FORCE_INLINE int uniform_damage_index(const uint16_t* index, int nx) {
  const int first = index[0];
  int differ = 0;
#pragma omp simd reduction(| : differ)
  for (int i = 0; i < nx; ++i) differ |= int(index[i]) ^ first;
  return differ == 0 ? first : -1;
}

// T_mid (in x_cem) -> the CEM43 and Arrhenius rates' exponentials (x_cem, x_arr), unmasked. The
// exponents and the exponentials are separate loops: GCC does not if-convert the clamps in a
// loop that also holds exp_table.
template <bool kFma>
PD_FORCE_INLINE void damage_exponentials(const HeatView& v, int64_t first, int nx, double* x_cem,
                                         double* x_arr) {
  const int shared = uniform_damage_index(v.damage_index + first, nx);
  if (shared >= 0) {
    const DamageRate r = v.damage_table[shared];
#pragma omp simd
    for (int i = 0; i < nx; ++i) {
      const double T_mid = x_cem[i];
      x_cem[i] = cem43_exponent(T_mid);
      x_arr[i] = arrhenius_exponent(r, T_mid);
    }
  } else {
#pragma omp simd
    for (int i = 0; i < nx; ++i) {
      const double T_mid = x_cem[i];
      x_cem[i] = cem43_exponent(T_mid);
      x_arr[i] = arrhenius_exponent(v.damage_table[v.damage_index[first + i]], T_mid);
    }
  }
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    x_cem[i] = exp_table<kFma>(x_cem[i]);
    x_arr[i] = exp_table<kFma>(x_arr[i]);
  }
}

// What pass 3 sums per lane: the flows (explicit steps only) and whether a rare event happened.
struct LaneSums {
  Lane4 conduction_W = {};
  Lane4 perfusion_W = {};
  Mask4 flagged = {};
};

// The arrays pass 3 reads and writes, from the line's first voxel: locals, so that the compiler
// need not reload the pointers from the HeatView after each store.
struct DamageLine {
  const float* inv_c;
  const uint16_t* damage_index;
  const double* T_new;
  double* cem43;
  double* tmax;
  double* omega;
};

// Pass 3 for the four voxels from i: masks the rates (unsolved voxels and voxels without a damage
// model get 0), accumulates CEM43, T_max and Omega as accumulate_damage does, leaves Omega before
// the step in x_cem, and adds to the lane sums. kFlows: also sum the flows in cond and perf.
template <bool kFlows>
PD_FORCE_INLINE void damage_lanes(const DamageLine& a, int i, double dt_s, double* x_cem,
                                  const double* x_arr, const double* cond, const double* perf,
                                  LaneSums& sums) {
  Lane4 inv_c, e_cem, e_arr, Tn, cem, tmax, om_old;
  Mask4 has_model;
  lane4::load(inv_c, a.inv_c + i);
  lane4::load_nonzero(has_model, a.damage_index + i);
  lane4::load(e_cem, x_cem + i);
  lane4::load(e_arr, x_arr + i);
  lane4::load(Tn, a.T_new + i);
  lane4::load(cem, a.cem43 + i);
  lane4::load(tmax, a.tmax + i);
  lane4::load(om_old, a.omega + i);
  const Mask4 solved = inv_c != 0.0;
  const Lane4 zero = {};
  const Lane4 cem43_rate = solved ? e_cem * (1.0 / 60.0) : zero;
  const Lane4 arrhenius_rate = (solved & has_model) ? e_arr : zero;
  lane4::store(a.cem43 + i, cem + dt_s * cem43_rate);
  lane4::store(a.tmax + i, tmax < Tn ? Tn : tmax);
  const Lane4 om_new = om_old + dt_s * arrhenius_rate;
  lane4::store(a.omega + i, om_new);
  lane4::store(x_cem + i, om_old);
  const Mask4 sane = (Tn >= kMinSaneTemperature_C) & (Tn <= kMaxSaneTemperature_C);
  sums.flagged |= solved & (((om_old < 1.0) & (om_new >= 1.0)) | ~sane);
  if constexpr (kFlows) {
    Lane4 c, f;
    lane4::load(c, cond + i);
    lane4::load(f, perf + i);
    sums.conduction_W += solved ? c : zero;
    sums.perfusion_W += solved ? f : zero;
  }
}

// The same for the one voxel first + i, into lane l of the sums: the line's last nx % 4 voxels.
template <bool kFlows>
PD_FORCE_INLINE void damage_voxel(const HeatView& v, int64_t first, int i, const double* T_new,
                                  double dt_s, double* x_cem, const double* x_arr,
                                  const double* cond, const double* perf, LaneSums& sums, int l) {
  const int64_t p = first + i;
  const bool solved = v.inv_c[p] != 0.0f;
  const bool damage = solved & (v.damage_index[p] != 0);
  const double Tn = T_new[p];
  const double cem43_rate = solved ? x_cem[i] * (1.0 / 60.0) : 0.0;
  const double arrhenius_rate = damage ? x_arr[i] : 0.0;
  x_cem[i] = accumulate_damage(v, p, Tn, cem43_rate, arrhenius_rate, dt_s);
  const bool event = (x_cem[i] < 1.0 && v.omega[p] >= 1.0) || !temperature_is_sane(Tn);
  sums.flagged[l] |= solved && event ? -1 : 0;
  if constexpr (kFlows) {
    sums.conduction_W[l] += solved ? cond[i] : 0.0;
    sums.perfusion_W[l] += solved ? perf[i] : 0.0;
  }
}

// Passes 3 and 4. T_new: the new temperatures (padded indexing); x_cem, x_arr: pass 2's
// exponentials; cond, perf: the flows (kFlows, else unused). Returns the lowest padded index
// whose new temperature is not sane, or INT64_MAX; with kFlows, adds the flows' sums to `flows`.
template <bool kFlows>
PD_FORCE_INLINE int64_t damage_and_events(const HeatView& v, int64_t first, int nx,
                                          const double* T_new, double t_s, double dt_s,
                                          double* x_cem, const double* x_arr, const double* cond,
                                          const double* perf, StepSums* flows) {
  LaneSums sums;
  const int n4 = nx & ~3;
  const DamageLine line{v.inv_c + first, v.damage_index + first, T_new + first,
                        v.cem43 + first, v.tmax + first,         v.omega + first};
  for (int i = 0; i < n4; i += 4)
    damage_lanes<kFlows>(line, i, dt_s, x_cem, x_arr, cond, perf, sums);
  for (int i = n4; i < nx; ++i)
    damage_voxel<kFlows>(v, first, i, T_new, dt_s, x_cem, x_arr, cond, perf, sums, i - n4);
  if constexpr (kFlows) {
    const Lane4& c = sums.conduction_W;
    const Lane4& f = sums.perfusion_W;
    flows->conduction_W += (c[0] + c[1]) + (c[2] + c[3]);
    flows->perfusion_W += (f[0] + f[1]) + (f[2] + f[3]);
  }
  int64_t bad = INT64_MAX;
  if (!lane4::any(sums.flagged)) return bad;
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    if (v.inv_c[p] == 0.0f) continue;
    record_omega_crossing(v, p, x_cem[i], t_s, dt_s);
    if (!temperature_is_sane(T_new[p])) bad = std::min(bad, p);
  }
  return bad;
}

template <bool kFma>
PD_FORCE_INLINE int64_t explicit_line_body(const HeatView& v, int64_t first, int nx, double t_s,
                                           double dt_s, double* scratch, StepSums& sums) {
  double* const cond = scratch;
  double* const perf = scratch + nx;
  double* const x_cem = scratch + 2 * nx;  // T_mid, then the exponential, then Omega before
  double* const x_arr = scratch + 3 * nx;

  // Every voxel of the line: an unsolved one has inv_c = 0, so its temperature is rewritten
  // unchanged (both buffers hold it) and its flows and rates are masked out in pass 3.
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    const VoxelUpdate u = explicit_update(v, p, dt_s);
    v.T_next[p] = u.T_new;
    cond[i] = u.conduction_W;
    perf[i] = u.perfusion_W;
    x_cem[i] = 0.5 * (v.T[p] + u.T_new);
  }
  damage_exponentials<kFma>(v, first, nx, x_cem, x_arr);
  return damage_and_events<true>(v, first, nx, v.T_next, t_s, dt_s, x_cem, x_arr, cond, perf,
                                 &sums);
}

template <bool kFma>
PD_FORCE_INLINE int64_t accept_line_body(const HeatView& v, int64_t first, int nx, double t_s,
                                         double dt_s, double* scratch) {
  double* const x_cem = scratch;  // T_mid, then the exponential, then Omega before the step
  double* const x_arr = scratch + nx;

  // Z is 0 at unsolved voxels (adi.h), so their temperature is rewritten unchanged and their
  // rates are masked out in pass 3.
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    const double T = v.T[p];
    const double T_new = T + v.T_next[p];
    v.T[p] = T_new;
    x_cem[i] = 0.5 * (T + T_new);
  }
  damage_exponentials<kFma>(v, first, nx, x_cem, x_arr);
  return damage_and_events<false>(v, first, nx, v.T, t_s, dt_s, x_cem, x_arr, nullptr, nullptr,
                                  nullptr);
}

// Two compiled versions of each line function: baseline x86-64 (SSE2), and AVX2 with FMA for the
// exponentials, chosen per call by what the CPU supports.
#if defined(__x86_64__) && defined(__GNUC__)
#define PD_HAVE_AVX2_FMA_VERSION 1
__attribute__((target("avx2,fma"))) int64_t explicit_line_avx2_fma(const HeatView& v, int64_t first,
                                                                   int nx, double t_s, double dt_s,
                                                                   double* scratch,
                                                                   StepSums& sums) {
  return explicit_line_body<true>(v, first, nx, t_s, dt_s, scratch, sums);
}
__attribute__((target("avx2,fma"))) int64_t accept_line_avx2_fma(const HeatView& v, int64_t first,
                                                                 int nx, double t_s, double dt_s,
                                                                 double* scratch) {
  return accept_line_body<true>(v, first, nx, t_s, dt_s, scratch);
}
bool cpu_has_avx2_fma() {
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

}  // namespace

int64_t explicit_line_baseline(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                               double* scratch, StepSums& sums) {
  return explicit_line_body<false>(v, first, nx, t_s, dt_s, scratch, sums);
}

int64_t accept_line_baseline(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                             double* scratch) {
  return accept_line_body<false>(v, first, nx, t_s, dt_s, scratch);
}

int64_t explicit_line(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                      double* scratch, StepSums& sums) {
#if PD_HAVE_AVX2_FMA_VERSION
  if (cpu_has_avx2_fma()) return explicit_line_avx2_fma(v, first, nx, t_s, dt_s, scratch, sums);
#endif
  return explicit_line_baseline(v, first, nx, t_s, dt_s, scratch, sums);
}

int64_t accept_line(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                    double* scratch) {
#if PD_HAVE_AVX2_FMA_VERSION
  if (cpu_has_avx2_fma()) return accept_line_avx2_fma(v, first, nx, t_s, dt_s, scratch);
#endif
  return accept_line_baseline(v, first, nx, t_s, dt_s, scratch);
}

}  // namespace photodose
