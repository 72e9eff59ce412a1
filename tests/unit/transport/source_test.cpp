// Source sampling: the launch distributions of each source kind.
#include <doctest/doctest.h>

#include <cmath>

#include "photodose/common/rng.h"
#include "photodose/transport/source.h"

using namespace photodose;

namespace {

struct Moments {
  double mean = 0, sigma_of_mean = 0;
};

template <class F>
Moments moments(int n, F sample) {
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = sample(i);
    s += x;
    s2 += x * x;
  }
  const double mean = s / n;
  return {mean, std::sqrt((s2 / n - mean * mean) / n)};
}

LaunchState launch(const SourceSpec& src, int i) {
  PhiloxStream rng(5, uint64_t(i), 0);
  const float u1 = rng.uniform(), u2 = rng.uniform(), u3 = rng.uniform(), u4 = rng.uniform();
  return sample_source(src, u1, u2, u3, u4);
}

}  // namespace

TEST_CASE("Gaussian beam: 1/e^2 radius w gives <r^2> = w^2 / 2 (4 sigma)") {
  SourceSpec src;
  src.kind = SourceKind::gaussian;
  src.param = 2.0f;
  src.position_mm = {1, 2, 3};
  src.direction = normalized({0.0f, 0.6f, 0.8f});
  const Moments m = moments(100000, [&](int i) {
    const LaunchState l = launch(src, i);
    const Vec3f d = l.position_mm - src.position_mm;
    CHECK(std::fabs(dot(d, src.direction)) < 1e-5f);  // in the plane normal to the beam
    return double(dot(d, d));
  });
  CHECK(std::fabs(m.mean - 2.0) < 4 * m.sigma_of_mean);
}

TEST_CASE("Flat beam: uniform disk gives <r^2> = R^2 / 2 and r <= R") {
  SourceSpec src;
  src.kind = SourceKind::flat;
  src.param = 3.0f;
  const Moments m = moments(100000, [&](int i) {
    const LaunchState l = launch(src, i);
    const double r2 = dot(l.position_mm, l.position_mm);
    CHECK(r2 <= 9.0 + 1e-4);
    return r2;
  });
  CHECK(std::fabs(m.mean - 4.5) < 4 * m.sigma_of_mean);
}

TEST_CASE("Cone: uniform in solid angle within the half-angle, <cos> = (1 + cos a) / 2") {
  SourceSpec src;
  src.kind = SourceKind::cone;
  src.param = 0.5f;
  src.direction = {1, 0, 0};
  const Moments m = moments(100000, [&](int i) {
    const double c = launch(src, i).direction.x;
    CHECK(c >= std::cos(0.5) - 1e-5);
    return c;
  });
  CHECK(std::fabs(m.mean - (1 + std::cos(0.5)) / 2) < 4 * m.sigma_of_mean);
}

TEST_CASE("Isotropic point: directions have zero mean and <z^2> = 1/3") {
  SourceSpec src;
  src.kind = SourceKind::isotropic_point;
  const Moments mz = moments(100000, [&](int i) { return double(launch(src, i).direction.z); });
  const Moments mz2 = moments(100000, [&](int i) {
    const double z = launch(src, i).direction.z;
    return z * z;
  });
  CHECK(std::fabs(mz.mean) < 4 * mz.sigma_of_mean);
  CHECK(std::fabs(mz2.mean - 1.0 / 3) < 4 * mz2.sigma_of_mean);
}

TEST_CASE("Planar source: uniform over the parallelogram") {
  SourceSpec src;
  src.kind = SourceKind::planar;
  src.position_mm = {10, 10, -10};
  src.edge1_mm = {40, 0, 0};
  src.edge2_mm = {0, 40, 0};
  const Moments mx = moments(100000, [&](int i) {
    const LaunchState l = launch(src, i);
    CHECK(l.position_mm.x >= 10);
    CHECK(l.position_mm.x <= 50);
    CHECK(l.position_mm.z == -10);
    return double(l.position_mm.x);
  });
  CHECK(std::fabs(mx.mean - 30) < 4 * mx.sigma_of_mean);
}

TEST_CASE("Cylindrical diffuser: uniform along its length, isotropic") {
  SourceSpec src;
  src.kind = SourceKind::cylindrical_diffuser;
  src.position_mm = {0, 0, 5};
  src.direction = {0, 0, 1};
  src.param = 20.0f;
  const Moments mz = moments(100000, [&](int i) {
    const LaunchState l = launch(src, i);
    CHECK(l.position_mm.z >= 5);
    CHECK(l.position_mm.z <= 25);
    return double(l.position_mm.z);
  });
  CHECK(std::fabs(mz.mean - 15) < 4 * mz.sigma_of_mean);
  const Moments md = moments(100000, [&](int i) { return double(launch(src, i).direction.z); });
  CHECK(std::fabs(md.mean) < 4 * md.sigma_of_mean);
}
