// Henyey-Greenstein sampling against its density (Henyey & Greenstein, ApJ 93:70, 1941).
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <vector>

#include "photodose/common/rng.h"
#include "photodose/transport/henyey_greenstein.h"

using namespace photodose;

namespace {

// CDF of the HG cosine density on [-1, 1].
double hg_cdf(double g, double mu) {
  if (std::fabs(g) < 1e-9) return 0.5 * (mu + 1);
  return (1 - g * g) / (2 * g) * (1 / std::sqrt(1 + g * g - 2 * g * mu) - 1 / (1 + g));
}

}  // namespace

TEST_CASE("HG sampling: mean cosine equals g within 4 sigma") {
  for (double g : {-0.3, 0.0, 0.5, 0.9, 0.99}) {
    PhiloxStream rng(11, 0, 0);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      const double c = sample_hg_cosine(float(g), rng.uniform());
      sum += c;
      sum2 += c * c;
    }
    const double mean = sum / n;
    const double sigma = std::sqrt((sum2 / n - mean * mean) / n);
    INFO("g = " << g << ", mean cosine = " << mean << " +- " << sigma);
    CHECK(std::fabs(mean - g) < 4 * sigma + 1e-6);
  }
}

TEST_CASE("HG sampling: chi-square against the density, 40 bins, p = 0.001") {
  // Critical chi-square for 39 degrees of freedom at p = 0.001 is 72.05.
  for (double g : {0.0, 0.75, 0.95}) {
    const int bins = 40, n = 400000;
    std::vector<int> counts(bins, 0);
    PhiloxStream rng(12, 0, 0);
    for (int i = 0; i < n; ++i) {
      const double c = sample_hg_cosine(float(g), rng.uniform());
      int b = int((c + 1) / 2 * bins);
      counts[size_t(std::min(bins - 1, std::max(0, b)))]++;
    }
    double chi2 = 0;
    for (int b = 0; b < bins; ++b) {
      const double lo = -1 + 2.0 * b / bins, hi = -1 + 2.0 * (b + 1) / bins;
      const double expected = n * (hg_cdf(g, hi) - hg_cdf(g, lo));
      chi2 += (counts[size_t(b)] - expected) * (counts[size_t(b)] - expected) / expected;
    }
    INFO("g = " << g << ", chi2 = " << chi2);
    CHECK(chi2 < 72.05);
  }
}

TEST_CASE("HG density integrates to one") {
  for (double g : {0.0, 0.5, 0.9}) {
    double sum = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) sum += hg_cosine_density(g, -1 + (i + 0.5) * 2.0 / n) * 2.0 / n;
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-4));
  }
}

TEST_CASE("Rotating a direction keeps it a unit vector at the sampled angle") {
  PhiloxStream rng(13, 0, 0);
  Vec3f d{0.0f, 0.0f, 1.0f};
  for (int i = 0; i < 10000; ++i) {
    const float c = sample_hg_cosine(0.3f, rng.uniform());
    const Vec3f next = rotate_direction(d, c, rng.uniform());
    CHECK(std::fabs(dot(next, next) - 1.0f) < 1e-5f);
    CHECK(std::fabs(dot(next, d) - c) < 2e-4f);
    d = next;
  }
  // Backward deflection from a beam along -z and +z must both be possible.
  CHECK(rotate_direction({0, 0, 1}, -0.9f, 0.3f).z < 0);
  CHECK(rotate_direction({0, 0, -1}, -0.9f, 0.3f).z > 0);
}
