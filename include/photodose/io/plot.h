#pragma once
// Pictures for people: PNG slice maps and line plots, drawn without a display (PLplot's memcairo
// device into memory, written as PNG through VTK). White background, perceptual colour maps,
// axes in mm, a colour bar with units, contour overlays with a legend.
//
// Every picture is PngSize (1000 x 800 pixels unless asked otherwise). PLplot keeps global
// state, so drawing is serialised behind one lock; the functions are safe to call from several
// threads and always close their PLplot stream, including when they throw.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "photodose/io/slice.h"

namespace photodose {

struct PngSize {
  int width_px = 1000;
  int height_px = 800;
};

struct Rgb {
  uint8_t r = 0, g = 0, b = 0;
};

// Perceptually uniform maps (van der Walt and Smith's viridis family): brightness rises
// monotonically, so they read correctly in grey and for colour-blind viewers.
enum class ColourMap { viridis, inferno, magma };

// RuntimeError, naming what is missing and where, when PLplot's memcairo driver or its font
// files cannot be found: a run that will write pictures checks this before it starts, so a
// missing driver costs no computation.
void require_plot_driver();

// Colour-blind-safe line colours (Okabe and Ito), for contours and curves.
Rgb line_colour(int index);

struct SlicePicture {
  Slice slice;
  std::string title;         // what is shown, e.g. "Fluence rate, 808 nm"
  std::string colour_label;  // the colour bar's label with units, e.g. "mW/cm²"
  ColourMap colour_map = ColourMap::inferno;
  bool log_scale = false;
  // Colour range; values outside are drawn in the end colours (and the bar gets a cap). When
  // absent: linear min..max of the slice, or on a log scale max/10^log_decades..max.
  std::optional<double> value_min, value_max;
  double log_decades = 4;
  // Draw the vertical axis increasing downwards: for xz and yz slices of a beam entering at
  // z = 0, depth then reads downwards as in a tissue cross-section.
  bool vertical_axis_down = false;
};

struct SliceContour {
  Slice field;         // same plane and size as the picture's slice
  double level = 0.5;  // e.g. 0.5 for a 0/1 mask outline, 1 for Omega = 1
  Rgb colour;
  std::string label;  // legend text, e.g. "tumour", "Ω = 1"
  bool dashed = false;
};

// Draws the slice as one coloured rectangle per voxel (no interpolation), with the contours.
// RuntimeError if the contours do not match the slice or the file cannot be written.
void plot_slice_png(const std::filesystem::path& path, const SlicePicture& picture,
                    const std::vector<SliceContour>& contours = {}, PngSize size = {});

// The three orthogonal slices (xy, xz, yz, in that order) through the voxel containing a point.
template <class T>
std::array<Slice, 3> extract_orthogonal_slices(const Field3<T>& field,
                                               const std::array<double, 3>& through_mm) {
  return {extract_slice(field, SlicePlane::xy, through_mm),
          extract_slice(field, SlicePlane::xz, through_mm),
          extract_slice(field, SlicePlane::yz, through_mm)};
}

// A contour for all three planes (fields from extract_orthogonal_slices of the same point).
struct OrthogonalContour {
  std::array<Slice, 3> fields;
  double level = 0.5;
  Rgb colour;
  std::string label;
  bool dashed = false;
};

// The colour range plot_orthogonal_slices_png uses: style's value_min/value_max where set, else
// from the finite values of the three slices together (log scale: positive values only, and at
// most log_decades decades below the maximum). {NaN, NaN} when no value qualifies.
std::array<double, 2> shared_colour_range(const std::array<Slice, 3>& slices,
                                          const SlicePicture& style);

// Writes `<directory>/<stem>_xy.png`, `_xz.png` and `_yz.png`, all with one colour range (taken
// from the three slices together unless `style` fixes it), so that colours compare across the
// planes. `style` gives everything but the slice; its vertical_axis_down applies to the xz and
// yz planes only (their vertical axis is z). Returns the paths written.
std::vector<std::filesystem::path> plot_orthogonal_slices_png(
    const std::filesystem::path& directory, const std::string& stem,
    const std::array<Slice, 3>& slices, const SlicePicture& style,
    const std::vector<OrthogonalContour>& contours = {}, PngSize size = {});

struct LineSeries {
  std::string name;          // legend text
  std::vector<double> x, y;  // same length; non-finite points break the line
};

struct LinePlot {
  std::string title, x_label, y_label;                    // labels with units, e.g. "time (s)"
  bool log_x = false, log_y = false;                      // log axes use only positive values
  std::optional<std::array<double, 2>> x_range, y_range;  // automatic when absent
};

// Draws the series as lines (colours line_colour(0), (1), ...; line styles vary after eight)
// with a legend. RuntimeError if a series' x and y differ in length or the file cannot be
// written.
void plot_lines_png(const std::filesystem::path& path, const LinePlot& plot,
                    const std::vector<LineSeries>& series, PngSize size = {});

}  // namespace photodose
