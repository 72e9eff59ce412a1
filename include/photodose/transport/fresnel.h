#pragma once
// Fresnel reflectance for unpolarised light and Snell refraction at a plane interface.
#include <math.h>

#include "photodose/common/host_device.h"

namespace photodose {

// Reflectance going from index n1 into n2 at incidence cosine cos_i (in [0,1]); 1 beyond the
// critical angle (total internal reflection). Born & Wolf; the MCML manual eq. 3.36.
// float for the photon kernel, double for tests and host-side bookkeeping.
template <class Real>
PD_HOST_DEVICE PD_FORCE_INLINE Real fresnel_reflectance_of(Real n1, Real n2, Real cos_i) {
  if (n1 == n2) return Real(0);
  cos_i = fabs(cos_i);
  cos_i = cos_i < Real(1) ? cos_i : Real(1);
  const Real ratio = n1 / n2;
  const Real sin_t2 = ratio * ratio * (Real(1) - cos_i * cos_i);
  if (sin_t2 >= Real(1)) return Real(1);
  const Real cos_t = sqrt(Real(1) - sin_t2);
  const Real rs = (n1 * cos_i - n2 * cos_t) / (n1 * cos_i + n2 * cos_t);
  const Real rp = (n1 * cos_t - n2 * cos_i) / (n1 * cos_t + n2 * cos_i);
  return Real(0.5) * (rs * rs + rp * rp);
}

PD_HOST_DEVICE PD_FORCE_INLINE float fresnel_reflectance(float n1, float n2, float cos_i) {
  return fresnel_reflectance_of<float>(n1, n2, cos_i);
}
inline double fresnel_reflectance_double(double n1, double n2, double cos_i) {
  return fresnel_reflectance_of<double>(n1, n2, cos_i);
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
