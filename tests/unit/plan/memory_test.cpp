// The run memory estimate and the check made before anything large is allocated.
#include <doctest/doctest.h>

#include "photodose/plan/memory.h"
#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

TEST_CASE("the estimate grows with the grid and with each stage") {
  json doc = small_plan();
  const uint64_t small = plan::estimate_run_memory_bytes(parse(doc));
  doc["grid"]["shape"] = {40, 40, 40};  // 8x the voxels
  const uint64_t big = plan::estimate_run_memory_bytes(parse(doc));
  const uint64_t fixed = 256ull << 20;
  CHECK(big - fixed == 8 * (small - fixed));
  doc["thermal"] = {{"duration_s", 10}};
  const uint64_t with_thermal = plan::estimate_run_memory_bytes(parse(doc));
  CHECK(with_thermal > big);
  // Per voxel, a light + heat run of one source and one agent needs on the order of 100 to
  // 300 bytes (the arrays listed in memory.cpp).
  const double per_voxel = double(with_thermal - fixed) / 64000.0;
  CHECK(per_voxel > 100);
  CHECK(per_voxel < 300);
  const plan::MemoryEstimate e = plan::estimate_run_memory(parse(doc));
  uint64_t sum = 0;
  for (const auto& [name, bytes] : e.parts) sum += bytes;
  CHECK(sum == e.bytes);
}

TEST_CASE("a run that does not fit stops with a RuntimeError saying what to do") {
  const plan::Plan p = parse(small_plan());
  CHECK_NOTHROW(plan::check_run_memory(p, uint64_t(1) << 40));
  try {
    plan::check_run_memory(p, 100ull << 20);
    FAIL("expected a RuntimeError");
  } catch (const RuntimeError& e) {
    const std::string what = e.what();
    CHECK(what.find("the grid of 8000 voxels needs about") != std::string::npos);
    CHECK(what.find("GiB available; use a coarser voxel_mm or a smaller grid") !=
          std::string::npos);
  }
  // This machine reports what it has (Linux: /proc/meminfo).
  const auto available = plan::available_memory_bytes();
  REQUIRE(available);
  CHECK(*available > 0);
}

TEST_CASE("A cgroup limit leaves the limit minus the working set, not minus the file cache") {
  constexpr uint64_t GiB = 1ull << 30;
  // 8 GiB limit, 7.5 GiB charged of which 6 GiB is inactive file cache: 6.5 GiB left.
  CHECK(plan::cgroup_memory_left_bytes(8 * GiB, 7 * GiB + GiB / 2, 6 * GiB) == 6 * GiB + GiB / 2);
  // No cache: limit minus usage; usage above the limit: nothing left.
  CHECK(plan::cgroup_memory_left_bytes(8 * GiB, 3 * GiB, 0) == 5 * GiB);
  CHECK(plan::cgroup_memory_left_bytes(8 * GiB, 9 * GiB, 0) == 0);
  // A cache figure larger than the charge (counters read at different moments) is clamped.
  CHECK(plan::cgroup_memory_left_bytes(8 * GiB, 2 * GiB, 3 * GiB) == 8 * GiB);
}

TEST_CASE("an MCX volume that does not fit stops naming the input, the grid and the figure") {
  constexpr uint64_t GiB = uint64_t(1) << 30;
  const int64_t voxels = int64_t(1290) * 1290 * 1290;  // just under 2^31
  const plan::MemoryEstimate e = plan::estimate_mcx_memory(voxels);
  CHECK(e.bytes > uint64_t(voxels) * 50);  // labels, tallies, results, written floats
  CHECK_NOTHROW(plan::check_memory("big.json", voxels, e, 256 * GiB));
  try {
    plan::check_memory("big.json", voxels, e, 24 * GiB);
    FAIL("expected a RuntimeError");
  } catch (const RuntimeError& err) {
    const std::string what = err.what();
    CHECK(what.find("big.json: the grid of 2146689000 voxels needs about") != std::string::npos);
    CHECK(what.find("24.0 GiB available") != std::string::npos);
  }
}
