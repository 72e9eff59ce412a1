#pragma once
// Henyey-Greenstein phase function: sampling the deflection cosine and turning a direction.
// Pure functions of their uniform inputs so tests can feed fixed numbers.
#include <math.h>

#include "photodose/common/host_device.h"
#include "photodose/transport/vec3.h"

namespace photodose {

// Inverse-CDF sample of cos(theta) for anisotropy g and uniform u in (0,1)
// (Henyey & Greenstein 1941; the MCML manual eq. 3.28).
PD_HOST_DEVICE PD_FORCE_INLINE float sample_hg_cosine(float g, float u) {
  if (fabsf(g) < 1e-5f) return 2.0f * u - 1.0f;
  const float frac = (1.0f - g * g) / (1.0f - g + 2.0f * g * u);
  float c = (1.0f + g * g - frac * frac) / (2.0f * g);
  return PD_MINF(1.0f, PD_MAXF(-1.0f, c));
}

// HG density of cos(theta) (normalised over [-1, 1]).
PD_HOST_DEVICE inline double hg_cosine_density(double g, double cos_theta) {
  const double d = 1.0 + g * g - 2.0 * g * cos_theta;
  return 0.5 * (1.0 - g * g) / (d * sqrt(d));
}

// New unit direction deflected from `dir` by polar cosine `cos_theta` and azimuth 2*pi*u_phi.
// Built on an orthonormal basis around `dir` (Duff et al. 2017) rather than MCML's spin formula,
// whose division by sqrt(1 - uz^2) loses float precision near the poles.
PD_HOST_DEVICE PD_FORCE_INLINE Vec3f rotate_direction(Vec3f dir, float cos_theta, float u_phi) {
  const float sin_theta = sqrtf(PD_MAXF(0.0f, 1.0f - cos_theta * cos_theta));
  float sin_phi, cos_phi;
  sincosf(6.28318530718f * u_phi, &sin_phi, &cos_phi);
  Vec3f b1, b2;
  orthonormal_basis(dir, b1, b2);
  const Vec3f out = (sin_theta * cos_phi) * b1 + (sin_theta * sin_phi) * b2 + cos_theta * dir;
  // Renormalise to stop float drift over thousands of scatterings.
  return normalized(out);
}

}  // namespace photodose
