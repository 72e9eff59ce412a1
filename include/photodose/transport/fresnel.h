#pragma once
// Fresnel reflectance for unpolarised light and Snell refraction at a plane interface.
#include <math.h>

#include "photodose/common/host_device.h"

namespace photodose {

// Reflectance going from index n1 into n2 at incidence cosine cos_i (in [0,1]); 1 beyond the
// critical angle (total internal reflection). Born & Wolf; the MCML manual eq. 3.36.
PD_HOST_DEVICE PD_FORCE_INLINE float fresnel_reflectance(float n1, float n2, float cos_i) {
  if (n1 == n2) return 0.0f;
  cos_i = PD_MINF(1.0f, fabsf(cos_i));
  const float ratio = n1 / n2;
  const float sin_t2 = ratio * ratio * (1.0f - cos_i * cos_i);
  if (sin_t2 >= 1.0f) return 1.0f;
  const float cos_t = sqrtf(1.0f - sin_t2);
  const float rs = (n1 * cos_i - n2 * cos_t) / (n1 * cos_i + n2 * cos_t);
  const float rp = (n1 * cos_t - n2 * cos_i) / (n1 * cos_t + n2 * cos_i);
  return 0.5f * (rs * rs + rp * rp);
}

// Double-precision twin for tests and host-side bookkeeping.
inline double fresnel_reflectance_double(double n1, double n2, double cos_i) {
  if (n1 == n2) return 0.0;
  cos_i = fmin(1.0, fabs(cos_i));
  const double ratio = n1 / n2;
  const double sin_t2 = ratio * ratio * (1.0 - cos_i * cos_i);
  if (sin_t2 >= 1.0) return 1.0;
  const double cos_t = sqrt(1.0 - sin_t2);
  const double rs = (n1 * cos_i - n2 * cos_t) / (n1 * cos_i + n2 * cos_t);
  const double rp = (n1 * cos_t - n2 * cos_i) / (n1 * cos_t + n2 * cos_i);
  return 0.5 * (rs * rs + rp * rp);
}

// Refracted direction component along the interface normal axis after crossing from n1 to n2
// (Snell's law); the tangential components scale by n1/n2. Valid only when not totally
// reflected. Returns the new normal component with the sign of the incoming one.
PD_HOST_DEVICE PD_FORCE_INLINE float refracted_normal_component(float n1, float n2,
                                                                 float normal_component) {
  const float ratio = n1 / n2;
  const float sin_t2 = ratio * ratio * (1.0f - normal_component * normal_component);
  return copysignf(sqrtf(PD_MAXF(0.0f, 1.0f - sin_t2)), normal_component);
}

}  // namespace photodose
