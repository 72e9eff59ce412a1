#include <algorithm>
#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/io/plot.h"
#include "plot_canvas.h"

namespace photodose {
namespace {

using plot_support::Canvas;

// Colour range in display units (log10 of the value on a log scale) and whether values were cut.
struct DisplayRange {
  double lo = 0, hi = 1;
  bool below = false, above = false;
};

DisplayRange display_range(const SlicePicture& p) {
  double vmin = INFINITY, vmax = -INFINITY;
  for (double v : p.slice.values) {
    if (!std::isfinite(v) || (p.log_scale && !(v > 0))) continue;
    vmin = std::min(vmin, v);
    vmax = std::max(vmax, v);
  }
  double lo = p.value_min.value_or(vmin), hi = p.value_max.value_or(vmax);
  if (p.log_scale) {
    if (!std::isfinite(hi) || !(hi > 0)) hi = 1;
    if (!p.value_min) lo = std::max(lo, hi * std::pow(10.0, -p.log_decades));
    if (!std::isfinite(lo) || !(lo > 0)) lo = hi * std::pow(10.0, -p.log_decades);
    lo = std::log10(lo);
    hi = std::log10(hi);
  }
  if (!std::isfinite(lo) || !std::isfinite(hi)) lo = 0, hi = 1;
  const auto r = plot_support::nonempty_range(lo, hi);
  DisplayRange out{r[0], r[1]};
  for (double v : p.slice.values) {
    if (std::isnan(v)) continue;
    const double d = p.log_scale ? (v > 0 ? std::log10(v) : -INFINITY) : v;
    out.below = out.below || d < out.lo;
    out.above = out.above || d > out.hi;
  }
  return out;
}

// Index space to mm. plimagefr passes voxel-corner indices (0..nu); plfcont passes value
// indices, which are voxel centres (hence the half-voxel offset).
struct IndexTransform {
  double u0, du, v0, dv;
};
void corner_to_mm(PLFLT i, PLFLT j, PLFLT* x, PLFLT* y, PLPointer data) {
  const auto* t = static_cast<const IndexTransform*>(data);
  *x = t->u0 + i * t->du;
  *y = t->v0 + j * t->dv;
}
void centre_to_mm(PLFLT i, PLFLT j, PLFLT* x, PLFLT* y, PLPointer data) {
  corner_to_mm(i + 0.5, j + 0.5, x, y, data);
}
PLFLT slice_value(PLINT i, PLINT j, PLPointer data) {
  return static_cast<const Slice*>(data)->at(i, j);
}

void check_contour(const Slice& s, const SliceContour& c) {
  if (c.field.nu != s.nu || c.field.nv != s.nv || c.field.plane != s.plane ||
      c.field.values.size() != s.values.size())
    throw RuntimeError("contour '" + c.label + "' is not on the picture's slice (" +
                       s.description() + ")");
}

void draw_map(plstream& pls, const SlicePicture& p, const DisplayRange& range,
              IndexTransform& transform) {
  const Slice& s = p.slice;
  // Display values, clamped so that out-of-range voxels take the end colours; NaN is left out
  // of the image (drawn as background) by putting it outside [zmin, zmax].
  const double skip = range.lo - (range.hi - range.lo);
  std::vector<PLFLT> values(size_t(s.nu) * size_t(s.nv));
  std::vector<const PLFLT*> columns(size_t(s.nu));
  for (int u = 0; u < s.nu; ++u) {
    PLFLT* column = &values[size_t(u) * size_t(s.nv)];
    columns[size_t(u)] = column;
    for (int v = 0; v < s.nv; ++v) {
      const double x = s.at(u, v);
      double d = std::isnan(x) ? skip : p.log_scale ? (x > 0 ? std::log10(x) : range.lo) : x;
      if (!std::isnan(x)) d = std::clamp(d, range.lo, range.hi);
      column[v] = d;
    }
  }
  pls.imagefr(columns.data(), s.nu, s.nv, s.u_range_mm[0], s.u_range_mm[1], s.v_range_mm[0],
              s.v_range_mm[1], range.lo, range.hi, range.lo, range.hi, corner_to_mm, &transform);
}

void draw_colour_bar(plstream& pls, const SlicePicture& p, const DisplayRange& range) {
  PLINT opt = PL_COLORBAR_IMAGE | PL_COLORBAR_LABEL_RIGHT;
  if (range.below) opt |= PL_COLORBAR_CAP_LOW;
  if (range.above) opt |= PL_COLORBAR_CAP_HIGH;
  PLINT label_opts[] = {PL_COLORBAR_LABEL_RIGHT};
  const char* labels[] = {p.colour_label.c_str()};
  const char* axis_opts[] = {p.log_scale ? "bcvtml" : "bcvtm"};
  PLFLT ticks[] = {0.0};
  PLINT sub_ticks[] = {0};
  PLFLT range_values[] = {range.lo, range.hi};
  const PLFLT* values[] = {range_values};
  PLINT n_values[] = {2};
  PLFLT width = 0, height = 0;
  pls.col0(plot_support::kBlack);
  pls.colorbar(&width, &height, opt, PL_POSITION_RIGHT | PL_POSITION_OUTSIDE | PL_POSITION_VIEWPORT,
               0.04, 0.0, 0.04, 1.0, 0, plot_support::kBlack, 1, 0.0, 1.0, 0, 0.0, 1, label_opts,
               labels, 1, axis_opts, ticks, sub_ticks, n_values, values);
}

// At most two entries side by side, so that long region names stay on the canvas.
PLINT legend_columns(PLINT entries) {
  return entries < 2 ? entries : 2;
}

void draw_legend(Canvas& canvas, const std::vector<SliceContour>& contours) {
  if (contours.empty()) return;
  const PLINT n = PLINT(contours.size());
  const size_t count = static_cast<size_t>(n);
  std::vector<PLINT> opts(count, PL_LEGEND_LINE), colours(count), styles(count);
  std::vector<PLFLT> widths(count, 2.5);
  std::vector<const char*> text(count);
  std::vector<PLINT> text_colours(count, plot_support::kBlack);
  for (PLINT i = 0; i < n; ++i) {
    colours[size_t(i)] = canvas.colour_index(contours[size_t(i)].colour);
    styles[size_t(i)] = contours[size_t(i)].dashed ? 2 : 1;
    text[size_t(i)] = contours[size_t(i)].label.c_str();
  }
  // Light grey behind the samples, so that white or pale outlines stay visible in the legend.
  const int background = canvas.colour_index({225, 225, 225});
  const PLINT columns = legend_columns(n), rows = (n + columns - 1) / columns;
  PLFLT width = 0, height = 0;
  canvas.pls().legend(&width, &height, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
                      PL_POSITION_BOTTOM | PL_POSITION_INSIDE | PL_POSITION_SUBPAGE, 0.0, 0.02,
                      0.06, background, plot_support::kBlack, 1, rows, columns, n, opts.data(), 1.0,
                      0.85, 1.6, 0.0, text_colours.data(), text.data(), nullptr, nullptr, nullptr,
                      nullptr, colours.data(), styles.data(), widths.data(), nullptr, nullptr,
                      nullptr, nullptr);
}

}  // namespace

void plot_slice_png(const std::filesystem::path& path, const SlicePicture& picture,
                    const std::vector<SliceContour>& contours, PngSize size) {
  const Slice& s = picture.slice;
  if (s.nu < 1 || s.nv < 1 || s.values.size() != size_t(s.nu) * size_t(s.nv) ||
      !(s.u_range_mm[1] > s.u_range_mm[0]) || !(s.v_range_mm[1] > s.v_range_mm[0]))
    throw RuntimeError("cannot draw '" + path.string() + "': the slice is empty or malformed");
  for (const SliceContour& c : contours) check_contour(s, c);
  const DisplayRange range = display_range(picture);

  Canvas canvas(size);
  plstream& pls = canvas.pls();
  canvas.set_colour_map(picture.colour_map);
  const double width_mm = s.u_range_mm[1] - s.u_range_mm[0];
  const double height_mm = s.v_range_mm[1] - s.v_range_mm[0];
  // Equal scales on both axes (lengths are true), inside the room left for bar and legend.
  // Room below the axes for the legend's rows.
  const PLINT n = PLINT(contours.size());
  const PLINT legend_rows = n == 0 ? 0 : (n + legend_columns(n) - 1) / legend_columns(n);
  pls.vpas(0.10, 0.78, 0.12 + 0.055 * legend_rows, 0.88, height_mm / width_mm);
  if (picture.vertical_axis_down)
    pls.wind(s.u_range_mm[0], s.u_range_mm[1], s.v_range_mm[1], s.v_range_mm[0]);
  else
    pls.wind(s.u_range_mm[0], s.u_range_mm[1], s.v_range_mm[0], s.v_range_mm[1]);
  IndexTransform transform{s.u_range_mm[0], width_mm / s.nu, s.v_range_mm[0], height_mm / s.nv};
  draw_map(pls, picture, range, transform);
  for (const SliceContour& c : contours) {
    if (s.nu < 2 || s.nv < 2) break;  // a contour needs a 2 x 2 grid of values
    pls.col0(canvas.colour_index(c.colour));
    pls.width(2.5);
    pls.lsty(c.dashed ? 2 : 1);
    PLFLT level[] = {c.level};
    pls.fcont(slice_value, const_cast<Slice*>(&c.field), s.nu, s.nv, 1, s.nu, 1, s.nv, level, 1,
              centre_to_mm, &transform);
  }
  pls.lsty(1);
  pls.width(1.0);
  pls.col0(plot_support::kBlack);
  pls.box("bcnst", 0, 0, "bcnstv", 0, 0);
  const std::string u_label = std::string(1, s.u_axis) + " (mm)";
  const std::string v_label = std::string(1, s.v_axis) + " (mm)";
  pls.mtex("b", 3.0, 0.5, 0.5, u_label.c_str());
  pls.mtex("l", 3.6, 0.5, 0.5, v_label.c_str());
  pls.schr(0, 1.3);
  pls.mtex("t", 2.6, 0.5, 0.5, picture.title.c_str());
  pls.schr(0, 1.0);
  pls.mtex("t", 1.0, 0.5, 0.5, s.description().c_str());
  draw_colour_bar(pls, picture, range);
  draw_legend(canvas, contours);
  canvas.write_png(path);
}

}  // namespace photodose
