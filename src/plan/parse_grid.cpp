// plan.grid: { "shape": [nx, ny, nz], "voxel_mm": h, "origin_mm": [x, y, z] }.
#include "parse_internal.h"
#include "photodose/plan/limits.h"

namespace photodose::plan::detail {

void parse_grid(const JsonNode& node, Plan& plan) {
  node.allow_only({"shape", "voxel_mm", "origin_mm"});
  const JsonNode shape = node.at("shape");
  if (!shape.is_array() || shape.size() != 3)
    shape.fail(shape.shown(), "an array of 3 positive integers [nx, ny, nz]");
  int n[3];
  for (size_t a = 0; a < 3; ++a) n[a] = int(shape.at(a).integer_in(1, kMaxVoxelsPerAxis));
  // Three axes of up to 2^30 voxels overflow an int64 product: shown as a double then.
  int64_t voxels = 0;
  const bool overflow = __builtin_mul_overflow(int64_t(n[0]) * n[1], int64_t(n[2]), &voxels);
  if (overflow || voxels > kMaxVoxels)
    shape.fail((overflow ? fmt(double(n[0]) * n[1] * n[2]) : std::to_string(voxels)) + " voxels",
               "at most 2^31 = " + std::to_string(kMaxVoxels) +
                   " voxels (no run that large can be held in memory; use a coarser "
                   "voxel_mm or a smaller grid)");
  plan.grid.dims = {n[0], n[1], n[2]};

  const JsonNode voxel = node.at("voxel_mm");
  plan.grid.voxel_mm = voxel.positive();
  if (plan.grid.voxel_mm > kMaxVoxel_mm)
    voxel.fail(voxel.shown(), "a voxel edge > 0 and <= " + fmt(kMaxVoxel_mm) + " mm");
  if (auto o = node.find("origin_mm")) plan.grid.origin_mm = o->vec3();
}

}  // namespace photodose::plan::detail
