// The CPU's line functions: two compiled versions of the passes in line_passes.inc, baseline
// x86-64 and AVX2 with FMA, the second chosen where the CPU has both. Nothing is contracted into
// FMA except exp_table's own multiply-adds (this file is compiled with -ffp-contract=off), so the
// temperatures do not depend on the version, and the damage rates differ between versions by at
// most the last bit of exp_table's result.
#include "line_kernels.h"

#include <algorithm>

#include "lane4.h"
#include "photodose/common/cpu_features.h"
#include "photodose/thermal/batch_exp.h"

// The AVX2 version needs GCC's target pragma, which clang ignores: a clang build (the fuzz preset)
// keeps the baseline version only.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define PD_HAVE_AVX2_FMA_VERSION 1
#endif

namespace photodose {

using lane4::Lane4;
using lane4::Mask4;

namespace line_baseline {
constexpr bool kLineFma = false;
#include "line_passes.inc"
}  // namespace line_baseline

#if PD_HAVE_AVX2_FMA_VERSION
#pragma GCC push_options
#pragma GCC target("avx2,fma")
#define PD_LINE_PASSES_AVX 1
namespace line_avx2_fma {
constexpr bool kLineFma = true;
#include "line_passes.inc"
}  // namespace line_avx2_fma
#undef PD_LINE_PASSES_AVX
#pragma GCC pop_options

namespace {
__attribute__((target("avx2,fma"))) int64_t explicit_line_avx2_fma(const HeatView& v, int64_t first,
                                                                   int nx, double t_s, double dt_s,
                                                                   double* scratch,
                                                                   StepSums& sums) {
  return line_avx2_fma::explicit_line_body(v, first, nx, t_s, dt_s, scratch, sums);
}
__attribute__((target("avx2,fma"))) int64_t accept_line_avx2_fma(const HeatView& v, int64_t first,
                                                                 int nx, double t_s, double dt_s,
                                                                 double* scratch) {
  return line_avx2_fma::accept_line_body(v, first, nx, t_s, dt_s, scratch);
}
}  // namespace
#endif

namespace {
int64_t explicit_line_baseline(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                               double* scratch, StepSums& sums) {
  return line_baseline::explicit_line_body(v, first, nx, t_s, dt_s, scratch, sums);
}
int64_t accept_line_baseline(const HeatView& v, int64_t first, int nx, double t_s, double dt_s,
                             double* scratch) {
  return line_baseline::accept_line_body(v, first, nx, t_s, dt_s, scratch);
}

}  // namespace

LineKernels line_kernels(CpuKernels kernels) {
#if PD_HAVE_AVX2_FMA_VERSION
  if (kernels == CpuKernels::best && cpu_has_avx2_fma())
    return {explicit_line_avx2_fma, accept_line_avx2_fma};
#endif
  (void)kernels;
  return {explicit_line_baseline, accept_line_baseline};
}

}  // namespace photodose
