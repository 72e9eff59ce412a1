// Fresnel reflectance for unpolarised light (Born & Wolf, Principles of Optics, sec. 1.5).
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>

#include "photodose/transport/fresnel.h"

using namespace photodose;

TEST_CASE("Fresnel at normal incidence is ((n1 - n2) / (n1 + n2))^2") {
  CHECK(fresnel_reflectance(1.0f, 1.5f, 1.0f) == doctest::Approx(0.04).epsilon(1e-6));
  CHECK(fresnel_reflectance(1.5f, 1.0f, 1.0f) == doctest::Approx(0.04).epsilon(1e-6));
  CHECK(fresnel_reflectance(1.0f, 1.37f, 1.0f) ==
        doctest::Approx(std::pow(0.37 / 2.37, 2)).epsilon(1e-6));
  CHECK(fresnel_reflectance(1.4f, 1.4f, 0.3f) == 0.0f);
}

TEST_CASE("Fresnel at Brewster's angle: p-polarised part vanishes") {
  // At tan(theta_B) = n2/n1 the s reflectance is ((n1^2 - n2^2) / (n1^2 + n2^2))^2.
  for (double n2 : {1.33, 1.5, 2.0}) {
    const double n1 = 1.0;
    const double theta = std::atan(n2 / n1);
    const double rs = (n1 * n1 - n2 * n2) / (n1 * n1 + n2 * n2);
    CHECK(fresnel_reflectance_double(n1, n2, std::cos(theta)) ==
          doctest::Approx(0.5 * rs * rs).epsilon(1e-12));
    CHECK(fresnel_reflectance(float(n1), float(n2), float(std::cos(theta))) ==
          doctest::Approx(0.5 * rs * rs).epsilon(1e-5));
  }
}

TEST_CASE("Total internal reflection beyond the critical angle") {
  const double critical = std::asin(1.0 / 1.5);
  CHECK(fresnel_reflectance(1.5f, 1.0f, float(std::cos(critical + 0.01))) == 1.0f);
  CHECK(fresnel_reflectance(1.5f, 1.0f, float(std::cos(critical - 0.01))) < 1.0f);
  CHECK(fresnel_reflectance_double(1.5, 1.0, 0.0) == 1.0);
}

TEST_CASE("Reflectance is the same seen from either side (Stokes relations)") {
  const double n1 = 1.0, n2 = 1.4;
  for (double ti = 0.05; ti < 1.5; ti += 0.1) {
    const double tt = std::asin(n1 / n2 * std::sin(ti));
    CHECK(fresnel_reflectance_double(n1, n2, std::cos(ti)) ==
          doctest::Approx(fresnel_reflectance_double(n2, n1, std::cos(tt))).epsilon(1e-12));
  }
}

TEST_CASE("Refraction obeys Snell's law") {
  const float n1 = 1.0f, n2 = 1.5f, cos_i = 0.6f;
  const float normal = refracted_normal_component(n1, n2, cos_i);
  const float sin_t = std::sqrt(1 - normal * normal), sin_i = std::sqrt(1 - cos_i * cos_i);
  CHECK(n1 * sin_i == doctest::Approx(n2 * sin_t).epsilon(1e-6));
  CHECK(refracted_normal_component(n1, n2, -cos_i) < 0);
}
