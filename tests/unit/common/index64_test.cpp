// Voxel and photon indices past 2^31 (MCX issue #235 crashes there): the index functions
// compute in 64 bits, so a large grid's last voxel and a long run's late photons are addressed
// exactly.
#include <doctest/doctest.h>

#include <cstdint>

#include "photodose/common/device_memory.h"
#include "photodose/common/grid.h"
#include "photodose/common/rng.h"

using namespace photodose;

TEST_CASE("grid indices past 2^31 and 2^32 are exact") {
  const GridDims d{2048, 2048, 1024};  // 2^32 voxels
  CHECK(d.voxels() == (int64_t(1) << 32));
  CHECK(d.index(2047, 2047, 1023) == (int64_t(1) << 32) - 1);
  CHECK(d.index(0, 0, 512) == (int64_t(1) << 31));
  CHECK(d.index(5, 3, 700) == 5 + 2048 * (3 + int64_t(2048) * 700));
  // An axis product that overflows 32 bits on its own.
  const GridDims flat{65536, 65536, 2};
  CHECK(flat.voxels() == (int64_t(1) << 33));
  CHECK(flat.index(0, 0, 1) == (int64_t(1) << 32));
}

TEST_CASE("photon indices past 2^32 key their own random streams") {
  // The counter holds the whole 64-bit photon index: photon 2^32 + 5 is not photon 5.
  const uint64_t late = (uint64_t(1) << 32) + 5;
  PhotonRandom a(7, 5, 0), b(7, late, 0), c(7, late, 0);
  const uint32_t first_a = a.next_u32(), first_b = b.next_u32();
  CHECK(first_a != first_b);
  CHECK(c.next_u32() == first_b);  // and the stream is reproducible
  PhiloxStream p(7, 5, 0), q(7, late, 0);
  CHECK(p.next_u32() != q.next_u32());
}

TEST_CASE("a GPU stage that does not fit stops with needed, free and total bytes") {
  constexpr uint64_t GiB = uint64_t(1) << 30;
  CHECK_NOTHROW(check_device_memory("CUDA heat stage", 10 * GiB, 10 * GiB, 80 * GiB));
  try {
    check_device_memory("CUDA heat stage", 150 * GiB + 1, 139 * GiB, 140 * GiB);
    FAIL("expected a RuntimeError");
  } catch (const RuntimeError& e) {
    const std::string what = e.what();
    CHECK(what.find("the CUDA heat stage needs 150.00 GiB (161061273601 bytes) of GPU memory") !=
          std::string::npos);
    CHECK(what.find("139.00 GiB free of 140.00 GiB") != std::string::npos);
    CHECK(what.find("--backend cpu") != std::string::npos);
  }
}
