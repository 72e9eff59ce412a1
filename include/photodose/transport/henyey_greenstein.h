#pragma once
// Henyey-Greenstein phase function: sampling the deflection cosine and turning a direction.
// Pure functions of their uniform inputs so tests can feed fixed numbers.
#include <math.h>

#include "photodose/common/host_device.h"
#include "photodose/transport/vec3.h"

namespace photodose {

// Inverse-CDF sampling of cos(theta) for anisotropy g (Henyey & Greenstein 1941; the MCML
// manual eq. 3.28), with the terms that depend on g alone computed once per medium: one
// division per sample instead of two.
struct HgSampler {
  float g = 0.0f;
  float one_minus_g2 = 1.0f, one_plus_g2 = 1.0f, inv_2g = 0.0f;
  bool isotropic = true;

  PD_HOST_DEVICE PD_FORCE_INLINE void set(float anisotropy) {
    g = anisotropy;
    isotropic = fabsf(g) < 1e-5f;
    one_minus_g2 = 1.0f - g * g;
    one_plus_g2 = 1.0f + g * g;
    inv_2g = isotropic ? 0.0f : 0.5f / g;
  }
  // u uniform in (0,1).
  PD_HOST_DEVICE PD_FORCE_INLINE float sample(float u) const {
    if (isotropic) return 2.0f * u - 1.0f;
    const float frac = one_minus_g2 / (1.0f - g + 2.0f * g * u);
    const float c = (one_plus_g2 - frac * frac) * inv_2g;
    return PD_MINF(1.0f, PD_MAXF(-1.0f, c));
  }
};

PD_HOST_DEVICE PD_FORCE_INLINE float sample_hg_cosine(float g, float u) {
  HgSampler hg;
  hg.set(g);
  return hg.sample(u);
}

// HG density of cos(theta) (normalised over [-1, 1]).
PD_HOST_DEVICE inline double hg_cosine_density(double g, double cos_theta) {
  const double d = 1.0 + g * g - 2.0 * g * cos_theta;
  return 0.5 * (1.0 - g * g) / (d * sqrt(d));
}

// cos and sin of 2*pi*u for u in [0, 1], without a library call: the quarter turn nearest to
// 4u is taken exactly and the remaining angle |r| <= pi/4 goes through Taylor polynomials of
// degree 8 and 9 (truncation below 3e-8, under one float ulp of 1), so the azimuth stays exactly
// uniform.
PD_HOST_DEVICE PD_FORCE_INLINE void sincos_turns(float u, float& sin_out, float& cos_out) {
  const float v = 4.0f * u;                 // exact
  const int quarter_turns = int(v + 0.5f);  // rounds: v >= 0 (no floorf call without SSE4.1)
  const float r = (v - float(quarter_turns)) * 1.57079632679f;  // in [-pi/4, pi/4]
  const float r2 = r * r;
  const float s =
      r * (1.0f - r2 * (1.0f / 6.0f) *
                      (1.0f - r2 * (1.0f / 20.0f) *
                                  (1.0f - r2 * (1.0f / 42.0f) * (1.0f - r2 * (1.0f / 72.0f)))));
  const float c =
      1.0f - r2 * 0.5f *
                 (1.0f - r2 * (1.0f / 12.0f) *
                             (1.0f - r2 * (1.0f / 30.0f) * (1.0f - r2 * (1.0f / 56.0f))));
  // Rotate (c, s) by q quarter turns.
  const int quarter = quarter_turns & 3;
  const float cs = (quarter & 1) ? s : c;
  const float sn = (quarter & 1) ? c : s;
  cos_out = (quarter == 1 || quarter == 2) ? -cs : cs;
  sin_out = (quarter >= 2) ? -sn : sn;
}

// New unit direction deflected from `dir` by polar cosine `cos_theta` and azimuth 2*pi*u_phi.
// Built on an orthonormal basis around `dir` (Duff et al. 2017) rather than MCML's spin formula,
// whose division by sqrt(1 - uz^2) loses float precision near the poles.
PD_HOST_DEVICE PD_FORCE_INLINE Vec3f rotate_direction(Vec3f dir, float cos_theta, float u_phi) {
  const float sin_theta = sqrtf(PD_MAXF(0.0f, 1.0f - cos_theta * cos_theta));
  float sin_phi, cos_phi;
  sincos_turns(u_phi, sin_phi, cos_phi);
  Vec3f b1, b2;
  orthonormal_basis(dir, b1, b2);
  const Vec3f out = (sin_theta * cos_phi) * b1 + (sin_theta * sin_phi) * b2 + cos_theta * dir;
  // Stop float drift over thousands of scatterings: |out|^2 = 1 + e with |e| ~ 1e-7, and one
  // Newton step for 1/sqrt (factor 1.5 - 0.5 |out|^2) leaves an error of order e^2.
  return (1.5f - 0.5f * dot(out, out)) * out;
}

}  // namespace photodose
