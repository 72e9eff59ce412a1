// Voxels ordered by their light before the per-voxel ODE kernel (order_soed_voxels_by_light):
// the order changes no result, and it groups voxels of similar integration cost, which is what a
// GPU warp (32 voxels that run until the slowest is done) needs. The warp figure here is a replay
// of the step counts on the CPU: busy = sum of steps / sum over warps of 32 x the warp's largest.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "photodose/pdt/soed.h"
#include "photodose/pdt/soed_backend.h"
#include "unit/pdt/soed_test_problem.h"

using namespace photodose;

namespace {

// 2048 voxels whose fluence rates span 0.1-500 mW/cm^2 per W, shuffled (fixed seed) as light
// and tissue shuffle them in a real grid.
SoedProblem shuffled_problem() {
  std::vector<double> rates;
  for (int v = 0; v < 2048; ++v) rates.push_back(500.0 * std::exp(-v / 300.0) + 0.1);
  std::mt19937 rng(20261204);
  std::shuffle(rates.begin(), rates.end(), rng);
  SoedProblem p = test::row_problem(rates, 7.0, test::photofrin(0.7), {{0, 600, 1.0}});
  p.duration_s = 900;
  return p;
}

// The integration steps of each compact voxel, run to the end one voxel at a time.
std::vector<uint32_t> steps_per_voxel(const SoedCompact& c) {
  const SoedKernelView view = c.host_view();
  std::vector<uint32_t> steps(size_t(c.count()));
  for (int64_t a = 0; a < c.count(); ++a) {
    SoedVoxelState st;
    soed_initial_state(view, a, st);
    soed_advance(view, a, st, view.edges_s[view.segments], true);
    steps[size_t(a)] = uint32_t(st.steps);
  }
  return steps;
}

double warp_busy_fraction(const std::vector<uint32_t>& steps) {
  double work = 0, held = 0;
  for (size_t w = 0; w < steps.size(); w += 32) {
    const size_t end = std::min(steps.size(), w + 32);
    const uint32_t slowest = *std::max_element(steps.begin() + long(w), steps.begin() + long(end));
    for (size_t a = w; a < end; ++a) work += steps[a];
    held += 32.0 * slowest;
  }
  return work / held;
}

}  // namespace

TEST_CASE("ordering the voxels by light is a permutation that changes no result") {
  const SoedProblem p = shuffled_problem();
  validate_soed_problem(p);
  const SoedCompact plain = compact_soed_problem(p, soed_duration_s(p));
  SoedCompact ordered = plain;
  order_soed_voxels_by_light(ordered);
  REQUIRE(ordered.count() == plain.count());
  // The brightest first, and every voxel's data moved with it.
  for (int64_t a = 1; a < ordered.count(); ++a)
    CHECK(ordered.rate_per_W[size_t(a - 1)] >= ordered.rate_per_W[size_t(a)]);
  std::vector<double> y_plain, y_ordered;
  std::vector<int32_t> status;
  uint64_t steps_plain = 0, steps_ordered = 0;
  make_soed_stepper_cpu(plain, 2)->finish(y_plain, status, steps_plain);
  make_soed_stepper_cpu(ordered, 2)->finish(y_ordered, status, steps_ordered);
  CHECK(steps_ordered == steps_plain);
  int64_t mismatches = 0;
  for (int64_t a = 0; a < ordered.count(); ++a) {
    const int64_t v = ordered.voxel[size_t(a)];  // grid index; plain keeps grid order
    for (int i = 0; i < kSoedStateSize; ++i)
      if (y_ordered[size_t(a * kSoedStateSize + i)] != y_plain[size_t(v * kSoedStateSize + i)])
        ++mismatches;
  }
  CHECK(mismatches == 0);
}

TEST_CASE("ordered by light, the voxels of a warp finish together") {
  const SoedProblem p = shuffled_problem();
  const SoedCompact plain = compact_soed_problem(p, soed_duration_s(p));
  SoedCompact ordered = plain;
  order_soed_voxels_by_light(ordered);
  const double busy_plain = warp_busy_fraction(steps_per_voxel(plain));
  const double busy_ordered = warp_busy_fraction(steps_per_voxel(ordered));
  std::printf(
      "SOED warp replay (2048 shuffled voxels): busy %.1f %% in grid order, %.1f %% "
      "ordered by light\n",
      100 * busy_plain, 100 * busy_ordered);
  CHECK(busy_ordered > busy_plain);
  CHECK(busy_ordered > 0.9);
}
