// The padded heat layout of a grid past 2^31 voxels: both index maps stay exact in 64 bits.
#include <doctest/doctest.h>

#include <cstdint>

#include "photodose/thermal/prepared.h"
#include "photodose/thermal/stencil.h"

using namespace photodose;

TEST_CASE("padded indices of a 2^32-voxel grid are exact") {
  PreparedThermal pr;  // only the layout; no arrays are allocated
  pr.dims = {2048, 2048, 1024};
  pr.padded = {2050, 2050, 1026};
  pr.sy = 2050;
  pr.sz = int64_t(2050) * 2050;
  const int64_t last = pr.dims.voxels() - 1;
  const int64_t padded_last = pr.padded.index(2048, 2048, 1024);
  CHECK(pr.padded_of(last) == padded_last);
  CHECK(padded_last > (int64_t(1) << 32));
  CHECK(pr.padded_voxels() == int64_t(2050) * 2050 * 1026);

  HeatView v;
  v.dims = pr.dims;
  v.sy = pr.sy;
  v.sz = pr.sz;
  CHECK(padded_index(v, 2047, 2047, 1023) == padded_last);
  const int64_t mid = pr.dims.index(100, 200, 600);
  CHECK(padded_index(v, 100, 200, 600) == pr.padded_of(mid));
}
