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

// The exponentials of the exponents in x_cem and x_arr, in place (unmasked).
template <bool kFma>
PD_FORCE_INLINE void exponentials(int nx, double* x_cem, double* x_arr) {
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

// damage.h's cem43_exponent and arrhenius_exponent for four lanes, the same operations in the same
// order (the kernel twin tests compare the results with those functions').
PD_FORCE_INLINE void damage_exponent_lanes(const Lane4& T_mid, const Lane4& ln_A,
                                           const Lane4& ea_over_R_K, double* x_cem, double* x_arr) {
  constexpr double kLn2 = 0.69314718055994530942;
  const Lane4 lo = Lane4{} + (-708.0), hi = Lane4{} + 709.0;
  const Lane4 x = T_mid - 43.0;
  Lane4 c = (x >= 0.0 ? Lane4{} + kLn2 : Lane4{} + 2.0 * kLn2) * x;
  c = c < lo ? lo : c;
  c = hi < c ? hi : c;
  Lane4 a = ln_A - ea_over_R_K / (T_mid + kKelvinOffset);
  a = a < lo ? lo : a;
  a = hi < a ? hi : a;
  lane4::store(x_cem, c);
  lane4::store(x_arr, a);
}

// Pass 1 of an explicit step for the four voxels from p (x_cem, x_arr at the first of them), as
// explicit_update and integrate_damage do it voxel by voxel: T_next, the flows into the lane sums
// (solved voxels only) and the two damage exponents at the step's mid temperature.
PD_FORCE_INLINE void explicit_lanes(const HeatView& v, int64_t p, double dt_s, const Lane4& ln_A,
                                    const Lane4& ea_over_R_K, double* x_cem, double* x_arr,
                                    LaneSums& sums) {
  Lane4 t, t_xp, t_xm, t_yp, t_ym, t_zp, t_zm, g0, g0m, g1, g1m, g2, g2m, inv_c, wv, q;
  lane4::load(t, v.T + p);
  lane4::load(t_xp, v.T + p + 1);
  lane4::load(t_xm, v.T + p - 1);
  lane4::load(t_yp, v.T + p + v.sy);
  lane4::load(t_ym, v.T + p - v.sy);
  lane4::load(t_zp, v.T + p + v.sz);
  lane4::load(t_zm, v.T + p - v.sz);
  lane4::load(g0, v.g[0] + p);
  lane4::load(g0m, v.g[0] + p - 1);
  lane4::load(g1, v.g[1] + p);
  lane4::load(g1m, v.g[1] + p - v.sy);
  lane4::load(g2, v.g[2] + p);
  lane4::load(g2m, v.g[2] + p - v.sz);
  lane4::load(inv_c, v.inv_c + p);
  lane4::load(wv, v.wv + p);
  lane4::load(q, v.q + p);
  Lane4 cond = g0 * (t_xp - t);  // conduction_W's order
  cond += g0m * (t_xm - t);
  cond += g1 * (t_yp - t);
  cond += g1m * (t_ym - t);
  cond += g2 * (t_zp - t);
  cond += g2m * (t_zm - t);
  const Lane4 perf = wv * (v.arterial_C - t);
  const Lane4 T_new = t + dt_s * inv_c * (cond + perf + q);
  lane4::store(v.T_next + p, T_new);
  const Mask4 solved = inv_c != 0.0;
  const Lane4 zero = {};
  sums.conduction_W += solved ? cond : zero;
  sums.perfusion_W += solved ? perf : zero;
  damage_exponent_lanes(0.5 * (t + T_new), ln_A, ea_over_R_K, x_cem, x_arr);
}

// The same for the one voxel p, into lane l of the sums: the line's last nx % 4 voxels.
PD_FORCE_INLINE void explicit_voxel(const HeatView& v, int64_t p, double dt_s, const DamageRate& r,
                                    double* x_cem, double* x_arr, LaneSums& sums, int l) {
  const VoxelUpdate u = explicit_update(v, p, dt_s);
  v.T_next[p] = u.T_new;
  const bool solved = v.inv_c[p] != 0.0f;
  sums.conduction_W[l] += solved ? u.conduction_W : 0.0;
  sums.perfusion_W[l] += solved ? u.perfusion_W : 0.0;
  const double T_mid = 0.5 * (v.T[p] + u.T_new);
  *x_cem = cem43_exponent(T_mid);
  *x_arr = arrhenius_exponent(r, T_mid);
}

// Pass 1 of an explicit step over the line. The Arrhenius parameters are broadcast when the line
// has one damage set, and gathered lane by lane otherwise.
PD_FORCE_INLINE void explicit_stencil(const HeatView& v, int64_t first, int nx, double dt_s,
                                      double* x_cem, double* x_arr, LaneSums& sums) {
  const int n4 = nx & ~3;
  const int shared = uniform_damage_index(v.damage_index + first, nx);
  if (shared >= 0) {
    const DamageRate r = v.damage_table[shared];
    const Lane4 ln_A = Lane4{} + r.ln_A, ea = Lane4{} + r.ea_over_R_K;
    for (int i = 0; i < n4; i += 4)
      explicit_lanes(v, first + i, dt_s, ln_A, ea, x_cem + i, x_arr + i, sums);
  } else {
    for (int i = 0; i < n4; i += 4) {
      const uint16_t* d = v.damage_index + first + i;
      const DamageRate* table = v.damage_table;
      const Lane4 ln_A = {table[d[0]].ln_A, table[d[1]].ln_A, table[d[2]].ln_A, table[d[3]].ln_A};
      const Lane4 ea = {table[d[0]].ea_over_R_K, table[d[1]].ea_over_R_K, table[d[2]].ea_over_R_K,
                        table[d[3]].ea_over_R_K};
      explicit_lanes(v, first + i, dt_s, ln_A, ea, x_cem + i, x_arr + i, sums);
    }
  }
  for (int i = n4; i < nx; ++i)
    explicit_voxel(v, first + i, dt_s, v.damage_table[v.damage_index[first + i]], x_cem + i,
                   x_arr + i, sums, i - n4);
}

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
// the step in x_cem, and raises the lane flags.
PD_FORCE_INLINE void damage_lanes(const DamageLine& a, int i, double dt_s, double* x_cem,
                                  const double* x_arr, LaneSums& sums) {
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
}

// The same for the one voxel first + i, into lane l of the flags: the line's last nx % 4 voxels.
PD_FORCE_INLINE void damage_voxel(const HeatView& v, int64_t first, int i, const double* T_new,
                                  double dt_s, double* x_cem, const double* x_arr, LaneSums& sums,
                                  int l) {
  const int64_t p = first + i;
  const bool solved = v.inv_c[p] != 0.0f;
  const bool damage = solved & (v.damage_index[p] != 0);
  const double Tn = T_new[p];
  const double cem43_rate = solved ? x_cem[i] * (1.0 / 60.0) : 0.0;
  const double arrhenius_rate = damage ? x_arr[i] : 0.0;
  x_cem[i] = accumulate_damage(v, p, Tn, cem43_rate, arrhenius_rate, dt_s);
  const bool event = (x_cem[i] < 1.0 && v.omega[p] >= 1.0) || !temperature_is_sane(Tn);
  sums.flagged[l] |= solved && event ? -1 : 0;
}

// Passes 3 and 4. T_new: the new temperatures (padded indexing); x_cem, x_arr: pass 2's
// exponentials; sums: the lane sums so far. Returns the lowest padded index whose new temperature
// is not sane, or INT64_MAX.
PD_FORCE_INLINE int64_t damage_and_events(const HeatView& v, int64_t first, int nx,
                                          const double* T_new, double t_s, double dt_s,
                                          double* x_cem, const double* x_arr, LaneSums& sums) {
  const int n4 = nx & ~3;
  const DamageLine line{v.inv_c + first, v.damage_index + first, T_new + first,
                        v.cem43 + first, v.tmax + first,         v.omega + first};
  for (int i = 0; i < n4; i += 4) damage_lanes(line, i, dt_s, x_cem, x_arr, sums);
  for (int i = n4; i < nx; ++i) damage_voxel(v, first, i, T_new, dt_s, x_cem, x_arr, sums, i - n4);
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
                                           double dt_s, double* scratch, StepSums& flows) {
  double* const x_cem = scratch;  // exponents, then exponentials, then Omega before the step
  double* const x_arr = scratch + nx;
  // An unsolved voxel has inv_c = 0, so its temperature is rewritten unchanged (both buffers
  // hold it) and its flows and rates are masked out.
  LaneSums sums;
  explicit_stencil(v, first, nx, dt_s, x_cem, x_arr, sums);
  exponentials<kFma>(nx, x_cem, x_arr);
  const int64_t bad = damage_and_events(v, first, nx, v.T_next, t_s, dt_s, x_cem, x_arr, sums);
  const Lane4& c = sums.conduction_W;
  const Lane4& f = sums.perfusion_W;
  flows.conduction_W += (c[0] + c[1]) + (c[2] + c[3]);
  flows.perfusion_W += (f[0] + f[1]) + (f[2] + f[3]);
  return bad;
}

template <bool kFma>
PD_FORCE_INLINE int64_t accept_line_body(const HeatView& v, int64_t first, int nx, double t_s,
                                         double dt_s, double* scratch) {
  double* const x_cem = scratch;  // exponents, then exponentials, then Omega before the step
  double* const x_arr = scratch + nx;
  // Z is 0 at unsolved voxels (adi.h), so their temperature is rewritten unchanged and their
  // rates are masked out in pass 3.
  const int shared = uniform_damage_index(v.damage_index + first, nx);
  const DamageRate r = v.damage_table[shared >= 0 ? shared : 0];
#pragma omp simd
  for (int i = 0; i < nx; ++i) {
    const int64_t p = first + i;
    const double T = v.T[p];
    const double T_new = T + v.T_next[p];
    v.T[p] = T_new;
    const double T_mid = 0.5 * (T + T_new);
    x_cem[i] = cem43_exponent(T_mid);
    x_arr[i] = arrhenius_exponent(shared >= 0 ? r : v.damage_table[v.damage_index[p]], T_mid);
  }
  exponentials<kFma>(nx, x_cem, x_arr);
  LaneSums sums;
  return damage_and_events(v, first, nx, v.T, t_s, dt_s, x_cem, x_arr, sums);
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
