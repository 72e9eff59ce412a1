// Painting the phantom's regions onto the grid (phantom.h).
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "label_paint.h"
#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/plan/agent_optics.h"
#include "photodose/plan/phantom.h"
#include "photodose/plan/shapes.h"

namespace photodose::plan {
namespace {

// Paints the voxels whose centres lie in the shape; returns how many it painted.
int64_t paint_shape(const ShapeSpec& shape, uint16_t index, Field3<uint16_t>& labels, int threads) {
  const Grid& grid = labels.grid;
  const VoxelRange r = voxel_range(shape_bounds_mm(shape, grid), grid);
  if (r.empty()) return 0;
  int64_t painted = 0;
#pragma omp parallel for schedule(static) num_threads(threads) reduction(+ : painted)
  for (int k = r.lo[2]; k <= r.hi[2]; ++k)
    for (int j = r.lo[1]; j <= r.hi[1]; ++j)
      for (int i = r.lo[0]; i <= r.hi[0]; ++i)
        if (shape_contains(shape, grid.center_mm(i, j, k))) {
          labels(i, j, k) = index;
          ++painted;
        }
  return painted;
}

// Voxel counts and centroids from exact integer index sums.
void measure(VoxelizedPhantom& ph) {
  const size_t n = ph.regions.size();
  std::vector<int64_t> count(n, 0);
  std::vector<std::array<int64_t, 3>> sum(n, {0, 0, 0});
  const GridDims& d = ph.grid.dims;
  for (int k = 0; k < d.nz; ++k)
    for (int j = 0; j < d.ny; ++j)
      for (int i = 0; i < d.nx; ++i) {
        const uint16_t r = ph.region_of_voxel(i, j, k);
        ++count[r];
        sum[r][0] += i;
        sum[r][1] += j;
        sum[r][2] += k;
      }
  const double h = ph.grid.voxel_mm;
  for (size_t r = 0; r < n; ++r) {
    ResolvedRegion& region = ph.regions[r];
    region.voxels = count[r];
    region.volume_mm3 = double(count[r]) * ph.grid.voxel_volume_mm3();
    for (size_t a = 0; a < 3; ++a)
      region.centroid_mm[a] =
          count[r] > 0 ? ph.grid.origin_mm[a] + (double(sum[r][a]) / double(count[r]) + 0.5) * h
                       : std::numeric_limits<double>::quiet_NaN();
  }
}

void region_warnings(const Plan& plan, VoxelizedPhantom& ph, const std::vector<int64_t>& painted,
                     const std::vector<const ShapeSpec*>& shapes) {
  for (size_t r = 1; r < ph.regions.size(); ++r) {
    const ResolvedRegion& region = ph.regions[r];
    const ShapeSpec* shape = shapes[r];
    const std::string name = "region '" + region.name + "'";
    if (region.voxels == 0) {
      add_warning(ph.warnings,
                  painted[r] == 0
                      ? name +
                            " has no voxel: no voxel centre lies in it (it is outside the grid, "
                            "smaller than a voxel, or its labels are absent from the file)"
                      : name + " has no voxel: its " + std::to_string(painted[r]) +
                            " voxels are all painted over by later regions");
      continue;
    }
    if (!shape || shape->kind == ShapeKind::label_volume) continue;
    if (shape->kind != ShapeKind::layer && !shape_inside_grid(*shape, plan.grid)) {
      add_warning(ph.warnings, name + " extends beyond the grid; only its part inside is used");
      continue;
    }
    // The voxelised volume against the shape's, when nothing painted over it.
    const double exact = region.shape_volume_mm3;
    const double voxels = double(painted[r]) * plan.grid.voxel_volume_mm3();
    if (exact > 0 && std::fabs(voxels - exact) > 0.1 * exact)
      add_warning(ph.warnings, name + ": " + std::to_string(painted[r]) + " voxels hold " +
                                   format_4g(voxels) + " mm^3 for a shape of " + format_4g(exact) +
                                   " mm^3; use a smaller voxel_mm to resolve it");
  }
}

}  // namespace

int VoxelizedPhantom::find_region(const std::string& name) const {
  for (size_t r = 0; r < regions.size(); ++r)
    if (regions[r].name == name) return int(r);
  return -1;
}

int64_t probe_voxel(const Grid& grid, const Vec3& position_mm) {
  const int n[3] = {grid.dims.nx, grid.dims.ny, grid.dims.nz};
  int idx[3];
  for (int a = 0; a < 3; ++a) {
    const double cell =
        std::floor((position_mm[size_t(a)] - grid.origin_mm[size_t(a)]) / grid.voxel_mm);
    idx[a] = int(std::clamp(cell, 0.0, double(n[a] - 1)));
  }
  return grid.dims.index(idx[0], idx[1], idx[2]);
}

namespace {

bool on_grid_face(const GridDims& d, int64_t voxel) {
  const int64_t i = voxel % d.nx, j = (voxel / d.nx) % d.ny, k = voxel / (int64_t(d.nx) * d.ny);
  return i == 0 || j == 0 || k == 0 || i == d.nx - 1 || j == d.ny - 1 || k == d.nz - 1;
}

void probe_warnings(const Plan& plan, VoxelizedPhantom& ph) {
  for (size_t p = 0; p < plan.probes.size(); ++p) {
    const int64_t v = probe_voxel(plan.grid, plan.probes[p].position_mm);
    const ResolvedRegion& r = ph.regions[ph.region_of_voxel.values[size_t(v)]];
    const std::string where = "probe '" + plan.probes[p].name + "' lies ";
    if (r.tissue == "air")
      ph.warnings.push_back(where + "in air (region '" + r.name +
                            "'): it reads the air's temperature and no light; move it into "
                            "tissue");
    else if (on_grid_face(plan.grid.dims, v))
      ph.warnings.push_back(where +
                            "in a voxel on the grid's face: it reads the boundary "
                            "condition as much as the tissue; move it inwards");
  }
}

}  // namespace

std::string probe_location(const Plan& plan, const VoxelizedPhantom& phantom, size_t probe) {
  const int64_t v = probe_voxel(plan.grid, plan.probes[probe].position_mm);
  const ResolvedRegion& r = phantom.regions[phantom.region_of_voxel.values[size_t(v)]];
  return "in region '" + r.name + "' (" + r.tissue + ")" +
         (on_grid_face(plan.grid.dims, v) ? ", on the grid's face" : "");
}

VoxelizedPhantom voxelize_phantom(const Plan& plan, int threads) {
  threads = threads > 0 ? threads : omp_get_max_threads();
  VoxelizedPhantom ph;
  ph.grid = plan.grid;
  ph.region_of_voxel = Field3<uint16_t>(plan.grid, 0);
  ResolvedRegion background;
  background.name = "background";
  background.tissue = plan.phantom.background;
  background.pointer = "/phantom/background";
  ph.regions.push_back(background);
  std::vector<int64_t> painted = {0};
  std::vector<const ShapeSpec*> shapes = {nullptr};

  for (const RegionSpec& spec : plan.phantom.regions) {
    if (spec.shape.kind == ShapeKind::label_volume) {
      paint_label_volume(plan, spec, ph, painted, threads);
      shapes.resize(ph.regions.size(), &spec.shape);
      continue;
    }
    if (ph.regions.size() > 65535)
      throw InputError(spec.file.empty() ? plan.file : spec.file, spec.pointer,
                       "region number " + std::to_string(ph.regions.size()),
                       "at most 65535 regions besides the background");
    ResolvedRegion region;
    region.name = spec.name;
    region.tissue = spec.tissue;
    region.pointer = spec.pointer;
    region.shape_volume_mm3 = shape_volume_mm3(spec.shape, plan.grid);
    ph.regions.push_back(region);
    painted.push_back(
        paint_shape(spec.shape, uint16_t(ph.regions.size() - 1), ph.region_of_voxel, threads));
    shapes.push_back(&spec.shape);
  }
  measure(ph);
  region_warnings(plan, ph, painted, shapes);
  probe_warnings(plan, ph);

  for (const AgentPlan& agent : plan.agents) {
    for (const DistributionSpec& d : agent.distributions) {
      const int r = ph.find_region(d.region);
      if (r < 0 || ph.regions[size_t(r)].voxels == 0)
        throw InputError(plan.file, d.pointer + "/region",
                         "region '" + d.region +
                             "', which has no voxel (outside the grid, smaller than a voxel, or "
                             "painted over by later regions)",
                         "a region with voxels for agent '" + agent.spec.name + "'");
    }
    ph.agents.push_back(agent_field(agent, ph, threads, ph.warnings));
  }
  return ph;
}

}  // namespace photodose::plan
