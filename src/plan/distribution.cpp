// Agent concentration fields from their distributions (plan.h DistributionSpec).
#include <cmath>
#include <limits>

#include "photodose/plan/agent_optics.h"
#include "photodose/plan/distance_transform.h"
#include "photodose/plan/phantom.h"

namespace photodose::plan {
namespace {

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// Rim profile: 1 to depth t, linear to f at 2t, f beyond (relative to the peak).
double rim_factor(double depth_mm, double t_mm, double core_fraction) {
  if (depth_mm <= t_mm) return 1.0;
  if (depth_mm >= 2.0 * t_mm) return core_fraction;
  return 1.0 + (core_fraction - 1.0) * (depth_mm - t_mm) / t_mm;
}

}  // namespace

namespace {

// Adds one distribution's concentration to `c` (its region's voxels only). Returns the region.
uint16_t add_distribution(const DistributionSpec& d, const std::string& who,
                          const VoxelizedPhantom& ph, int threads, Field3<float>& c,
                          std::vector<std::string>& warnings) {
  const uint16_t region = uint16_t(ph.find_region(d.region));
  const ResolvedRegion& info = ph.regions[region];
  const Grid& grid = ph.grid;
  const GridDims& g = grid.dims;
  const double h = grid.voxel_mm;

  Vec3 center = d.center_mm.value_or(info.centroid_mm);
  const double inv_2s2 = d.profile == ProfileKind::gaussian ? 0.5 / (d.sigma_mm * d.sigma_mm) : 0;
  if (d.profile == ProfileKind::gaussian && d.sigma_mm < h)
    add_warning(warnings, who + ": sigma_mm " + fmt(d.sigma_mm) + " is below the voxel size " +
                              fmt(h) + " mm; the Gaussian is barely resolved");
  RegionDepth depth;
  if (d.profile == ProfileKind::rim) {
    depth = region_depth_mm(ph.region_of_voxel, region, threads);
    if (d.rim_thickness_mm < h)
      add_warning(warnings, who + ": rim_thickness_mm " + fmt(d.rim_thickness_mm) +
                                " is below the voxel size " + fmt(h) + " mm; the rim is one voxel");
  }

  bool any_surface = d.profile != ProfileKind::rim;
#pragma omp parallel for schedule(static) num_threads(threads) reduction(|| : any_surface)
  for (int k = 0; k < g.nz; ++k)
    for (int j = 0; j < g.ny; ++j)
      for (int i = 0; i < g.nx; ++i) {
        if (ph.region_of_voxel(i, j, k) != region) continue;
        double factor = 1.0;
        if (d.profile == ProfileKind::gaussian) {
          const auto p = grid.center_mm(i, j, k);
          double r2 = 0;
          for (size_t a = 0; a < 3; ++a) r2 += (p[a] - center[a]) * (p[a] - center[a]);
          factor = std::exp(-r2 * inv_2s2);
        } else if (d.profile == ProfileKind::rim) {
          const double z = depth.at(i, j, k);
          any_surface = any_surface || std::isfinite(z);
          factor = rim_factor(z, d.rim_thickness_mm, d.core_fraction);
        }
        c(i, j, k) += float(d.concentration * factor);
      }
  if (!any_surface)
    add_warning(warnings, who + ": region '" + d.region +
                              "' fills the grid, so it has no surface for the rim profile; "
                              "it holds core_fraction x the concentration everywhere");
  return region;
}

}  // namespace

AgentField agent_field(const AgentPlan& agent, const VoxelizedPhantom& ph, int threads,
                       std::vector<std::string>& warnings) {
  AgentField out;
  out.agent = agent.spec.name;
  out.unit = agent.spec.concentration.unit;
  out.peak = agent.spec.concentration.value;
  out.concentration = Field3<float>(ph.grid, 0.0f);
  const std::string who = "agent '" + agent.spec.name + "'";
  threads = std::max(1, threads);
  std::vector<uint16_t> regions;
  for (const DistributionSpec& d : agent.distributions) {
    if (ph.find_region(d.region) < 0) continue;
    regions.push_back(add_distribution(d, who, ph, threads, out.concentration, warnings));
  }

  // Serial sums: the same result for any thread count.
  double sum = 0;
  for (float c : out.concentration.values) sum += double(c);
  out.amount_unit_mm3 = sum * ph.grid.voxel_volume_mm3();
  for (uint16_t r : regions) {
    double in_region = 0;
    for (size_t v = 0; v < out.concentration.values.size(); ++v)
      if (ph.region_of_voxel.values[v] == r) in_region += double(out.concentration.values[v]);
    const int64_t n = ph.regions[r].voxels;
    out.region_means.push_back(n > 0 ? in_region / double(n) : 0.0);
  }
  return out;
}

}  // namespace photodose::plan
