// Label volumes from files painted onto the plan grid (phantom.h states the sampling rule).
#include <algorithm>
#include <cmath>

#include "label_paint.h"
#include "photodose/common/errors.h"
#include "photodose/io/label_volume.h"
#include "photodose/plan/agent_optics.h"

namespace photodose::plan {
namespace {

std::string fmt(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

void paint_label_volume(const Plan& plan, const RegionSpec& spec, VoxelizedPhantom& ph,
                        std::vector<int64_t>& painted, int threads) {
  const ShapeSpec& shape = spec.shape;
  LabelVolume volume;
  try {
    volume = read_label_volume(shape.file);
  } catch (const InputError& e) {
    throw InputError(spec.file.empty() ? plan.file : spec.file, shape.pointer + "/file", e.what(),
                     "a readable label volume (.vti, .mha/.mhd, .nii/.nii.gz, .nrrd/.nhdr)");
  }
  for (const auto& note : volume.notes) add_warning(ph.warnings, shape.file + ": " + note);

  // File label -> index of its resolved region (-1: not mapped, paints nothing).
  std::vector<int32_t> region_of_label(65536, -1);
  const size_t first = ph.regions.size();
  for (const auto& m : shape.labels) {
    int32_t index = -1;
    for (size_t r = first; r < ph.regions.size(); ++r)
      if (ph.regions[r].name == m.region) index = int32_t(r);
    if (index < 0) {
      if (ph.regions.size() > 65535)
        throw InputError(spec.file.empty() ? plan.file : spec.file, shape.pointer + "/labels",
                         "more than 65535 regions", "at most 65535 regions besides the background");
      ResolvedRegion region;
      region.name = m.region;
      region.tissue = m.tissue;
      region.pointer = shape.pointer + "/labels/" + std::to_string(m.file_label);
      index = int32_t(ph.regions.size());
      ph.regions.push_back(region);
      painted.push_back(0);
    }
    ph.regions[size_t(index)].file_labels.push_back(m.file_label);
    region_of_label[m.file_label] = index;
  }

  // Plan point p lies at world point p + shift: the file's own world, or its voxels' world box
  // with its low corner placed at origin_mm.
  const GridDims& fd = volume.geometry.dims;
  Vec3 shift{0, 0, 0};
  if (!shape.origin_from_file) {
    const auto low = volume.placement.world_min_mm(fd);
    for (size_t a = 0; a < 3; ++a) shift[a] = low[a] - shape.origin_mm[a];
  }

  const Grid& grid = plan.grid;
  std::vector<int64_t> count(65536, 0);  // plan voxels per file label
  const GridDims& d = grid.dims;
  const int n_threads = std::max(1, threads);
#pragma omp parallel num_threads(n_threads)
  {
    std::vector<int64_t> mine(65536, 0);
#pragma omp for schedule(static)
    for (int k = 0; k < d.nz; ++k)
      for (int j = 0; j < d.ny; ++j)
        for (int i = 0; i < d.nx; ++i) {
          Vec3 p = grid.center_mm(i, j, k);
          for (size_t a = 0; a < 3; ++a) p[a] += shift[a];
          const auto label = volume.label_at(p);
          if (!label) continue;
          ++mine[*label];
          const int32_t r = region_of_label[*label];
          if (r >= 0) ph.region_of_voxel(i, j, k) = uint16_t(r);
        }
#pragma omp critical
    for (size_t l = 0; l < mine.size(); ++l) count[l] += mine[l];
  }

  // File voxels per label whose centres lie inside the grid: the volume each label should keep.
  std::vector<int64_t> in_file(65536, 0);
  const Vec3 lo = grid.origin_mm;
  const Vec3 hi = {lo[0] + d.nx * grid.voxel_mm, lo[1] + d.ny * grid.voxel_mm,
                   lo[2] + d.nz * grid.voxel_mm};
  for (int k = 0; k < fd.nz; ++k)
    for (int j = 0; j < fd.ny; ++j)
      for (int i = 0; i < fd.nx; ++i) {
        const auto w = volume.centre_mm(i, j, k);
        bool inside = true;
        for (size_t a = 0; a < 3; ++a) {
          const double p = w[a] - shift[a];
          inside = inside && p >= lo[a] && p < hi[a];
        }
        if (inside) ++in_file[volume.labels(i, j, k)];
      }

  std::string unmapped;
  for (size_t l = 1; l < count.size(); ++l) {
    if (count[l] > 0 && region_of_label[l] < 0)
      unmapped += (unmapped.empty() ? "" : ", ") + std::to_string(l) + " (" +
                  std::to_string(count[l]) + " voxels)";
    if (region_of_label[l] >= 0) painted[size_t(region_of_label[l])] += count[l];
  }
  if (region_of_label[0] >= 0) painted[size_t(region_of_label[0])] += count[0];
  if (!unmapped.empty())
    add_warning(ph.warnings, shape.file + ": labels " + unmapped +
                                 " are not in the plan's labels map; those voxels keep what "
                                 "was painted before");

  // Nearest-label resampling keeps a structure's volume on average, but one thinner than the
  // grid's voxels can lose most of it or vanish.
  const auto& ax = volume.placement.axes_mm;
  const double file_voxel_mm3 = std::abs(ax[0][0] * (ax[1][1] * ax[2][2] - ax[1][2] * ax[2][1]) -
                                         ax[0][1] * (ax[1][0] * ax[2][2] - ax[1][2] * ax[2][0]) +
                                         ax[0][2] * (ax[1][0] * ax[2][1] - ax[1][1] * ax[2][0]));
  const double grid_voxel_mm3 = std::pow(grid.voxel_mm, 3);
  for (const auto& m : shape.labels) {
    const double before_mm3 = double(in_file[m.file_label]) * file_voxel_mm3;
    const double after_mm3 = double(count[m.file_label]) * grid_voxel_mm3;
    if (before_mm3 > 0 && after_mm3 < 0.5 * before_mm3)
      add_warning(ph.warnings, shape.file + ": label " + std::to_string(m.file_label) + " ('" +
                                   m.region + "') keeps " + fmt(after_mm3) + " of its " +
                                   fmt(before_mm3) +
                                   " mm^3 on the grid; a structure thinner than the grid's " +
                                   fmt(grid.voxel_mm) + " mm voxels is lost by the resampling");
  }

  LabelVolumeReport report;
  report.file = shape.file;
  report.format = volume.format;
  report.frame = volume.placement.frame;
  report.placement = volume.placement.source;
  report.dims = fd;
  report.spacing_mm = volume.geometry.spacing_mm;
  report.axis_aligned = volume.placement.axis_aligned();
  report.resampled = !report.axis_aligned;
  for (size_t a = 0; a < 3; ++a) {
    const double offset =
        (volume.geometry.origin_mm[a] - shift[a] - grid.origin_mm[a]) / grid.voxel_mm;
    if (std::abs(report.spacing_mm[a] - grid.voxel_mm) > 1e-6 * grid.voxel_mm ||
        std::abs(offset - std::round(offset)) > 1e-6)
      report.resampled = true;
  }
  ph.label_volumes.push_back(report);
  const auto& s = volume.geometry.spacing_mm;
  const double finest = std::min({s[0], s[1], s[2]});
  if (finest < 0.5 * grid.voxel_mm)
    add_warning(ph.warnings, shape.file + ": its voxels (" + fmt(finest) +
                                 " mm) are finer than the grid's (" + fmt(grid.voxel_mm) +
                                 " mm); each grid voxel takes the label at its centre");
}

}  // namespace photodose::plan
