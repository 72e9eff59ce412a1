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
  return fminf(1.0f, fmaxf(-1.0f, c));
}

// HG density of cos(theta) (normalised over [-1, 1]).
PD_HOST_DEVICE inline double hg_cosine_density(double g, double cos_theta) {
  const double d = 1.0 + g * g - 2.0 * g * cos_theta;
  return 0.5 * (1.0 - g * g) / (d * sqrt(d));
}

// New unit direction deflected from `dir` by polar cosine `cos_theta` and azimuth 2*pi*u_phi.
PD_HOST_DEVICE PD_FORCE_INLINE Vec3f rotate_direction(Vec3f dir, float cos_theta, float u_phi) {
  const float sin_theta = sqrtf(fmaxf(0.0f, 1.0f - cos_theta * cos_theta));
  float sin_phi, cos_phi;
  sincosf(6.28318530718f * u_phi, &sin_phi, &cos_phi);
  Vec3f out;
  const float tmp = 1.0f - dir.z * dir.z;
  if (tmp > 1e-10f) {  // MCML's spin formula (Wang, Jacques, Zheng 1995, eq. 3.30)
    const float s = sqrtf(tmp);
    out.x = sin_theta * (dir.x * dir.z * cos_phi - dir.y * sin_phi) / s + dir.x * cos_theta;
    out.y = sin_theta * (dir.y * dir.z * cos_phi + dir.x * sin_phi) / s + dir.y * cos_theta;
    out.z = -sin_theta * cos_phi * s + dir.z * cos_theta;
  } else {  // travelling along +-z
    out.x = sin_theta * cos_phi;
    out.y = sin_theta * sin_phi;
    out.z = dir.z > 0.0f ? cos_theta : -cos_theta;
  }
  // Renormalise to stop float drift over thousands of scatterings.
  return normalized(out);
}

}  // namespace photodose
