#include <algorithm>
#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/io/plot.h"

namespace photodose {

std::array<double, 2> shared_colour_range(const std::array<Slice, 3>& slices,
                                          const SlicePicture& style) {
  double vmin = INFINITY, vmax = -INFINITY;
  for (const Slice& s : slices)
    for (double v : s.values) {
      if (!std::isfinite(v) || (style.log_scale && !(v > 0))) continue;
      vmin = std::min(vmin, v);
      vmax = std::max(vmax, v);
    }
  const double hi = style.value_max.value_or(std::isfinite(vmax) ? vmax : NAN);
  double lo = style.value_min.value_or(std::isfinite(vmin) ? vmin : NAN);
  if (style.log_scale && !style.value_min)
    lo = std::max(lo, hi * std::pow(10.0, -style.log_decades));
  return {lo, hi};
}

std::vector<std::filesystem::path> plot_orthogonal_slices_png(
    const std::filesystem::path& directory, const std::string& stem,
    const std::array<Slice, 3>& slices, const SlicePicture& style,
    const std::vector<OrthogonalContour>& contours, PngSize size) {
  SlicePicture picture = style;
  const auto range = shared_colour_range(slices, style);
  if (std::isfinite(range[0])) picture.value_min = range[0];
  if (std::isfinite(range[1])) picture.value_max = range[1];
  static constexpr const char* kSuffix[] = {"_xy.png", "_xz.png", "_yz.png"};
  std::vector<std::filesystem::path> written;
  for (size_t p = 0; p < 3; ++p) {
    picture.slice = slices[p];
    picture.vertical_axis_down = style.vertical_axis_down && p > 0;
    std::vector<SliceContour> planar;
    for (const OrthogonalContour& c : contours)
      planar.push_back({c.fields[p], c.level, c.colour, c.label, c.dashed});
    written.push_back(directory / (stem + kSuffix[p]));
    plot_slice_png(written.back(), picture, planar, size);
  }
  return written;
}

}  // namespace photodose
