#pragma once
#include "photodose/common/host_device.h"

namespace photodose {

// Optical properties of one medium: absorption and scattering coefficients (1/mm), HG
// anisotropy and refractive index.
struct OpticalProps {
  float mua_per_mm = 0;
  float mus_per_mm = 0;
  float g = 0;
  float n = 1;
};

}  // namespace photodose
