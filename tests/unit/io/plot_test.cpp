// PNG pictures drawn without a display: the stated size, not blank, coloured by the map.
// Set PHOTODOSE_TEST_PICTURES=DIR to keep the pictures for a look.
#include <cmath>
#include <cstdlib>
#include <set>

#include <doctest/doctest.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

#include "photodose/common/errors.h"
#include "photodose/io/plot.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

namespace {

struct Png {
  int width = 0, height = 0;
  std::set<uint32_t> colours;
  uint32_t corner = 0;  // top-left pixel
};

Png read_png(const std::filesystem::path& path) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  Png out;
  int dims[3];
  reader->GetOutput()->GetDimensions(dims);
  out.width = dims[0];
  out.height = dims[1];
  auto* pixels =
      vtkUnsignedCharArray::SafeDownCast(reader->GetOutput()->GetPointData()->GetScalars());
  REQUIRE(pixels);
  const int c = pixels->GetNumberOfComponents();
  for (vtkIdType n = 0; n < pixels->GetNumberOfTuples(); ++n) {
    const unsigned char* p = pixels->GetPointer(n * c);
    out.colours.insert(uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]);
  }
  const unsigned char* top_left = pixels->GetPointer(vtkIdType(dims[1] - 1) * dims[0] * c);
  out.corner = uint32_t(top_left[0]) << 16 | uint32_t(top_left[1]) << 8 | top_left[2];
  return out;
}

void keep(const std::filesystem::path& path) {
  if (const char* dir = std::getenv("PHOTODOSE_TEST_PICTURES"))
    std::filesystem::copy_file(path, std::filesystem::path(dir) / path.filename(),
                               std::filesystem::copy_options::overwrite_existing);
}

// A beam entering at z = 0 into a 6 x 6 x 4 mm block, a 1 mm tumour, and a damage integral.
struct Scene {
  Field3<float> fluence, omega, necrosis;
  Field3<uint8_t> tumour;
  Scene() {
    Grid g;
    g.dims = {60, 60, 40};
    g.voxel_mm = 0.1;
    fluence = Field3<float>(g);
    omega = Field3<float>(g);
    necrosis = Field3<float>(g);
    tumour = Field3<uint8_t>(g);
    for (int k = 0; k < 40; ++k)
      for (int j = 0; j < 60; ++j)
        for (int i = 0; i < 60; ++i) {
          const auto c = g.center_mm(i, j, k);
          const double r2 = (c[0] - 3) * (c[0] - 3) + (c[1] - 3) * (c[1] - 3);
          const double d2 = r2 + (c[2] - 2) * (c[2] - 2);
          fluence(i, j, k) = float(1e3 * std::exp(-2 * r2 / 1.5) * std::exp(-1.2 * c[2]) + 1e-3);
          omega(i, j, k) = float(50 * std::exp(-d2 / 0.8));
          necrosis(i, j, k) = d2 < 0.5 ? 1.0f : 0.0f;
          tumour(i, j, k) = d2 < 1.0 ? 1 : 0;
        }
  }
};

}  // namespace

TEST_CASE("slice picture: size as stated, white background, colour map and overlays drawn") {
  unsetenv("DISPLAY");  // must work headless
  test::TempDir dir;
  const Scene s;
  const std::array<double, 3> centre{3, 3, 2};
  SlicePicture picture;
  picture.slice = extract_slice(s.fluence, SlicePlane::xz, centre);
  picture.title = "Fluence rate, 808 nm";
  picture.colour_label = "fluence rate (mW/cm²)";
  picture.log_scale = true;
  picture.colour_map = ColourMap::inferno;
  picture.vertical_axis_down = true;
  const std::vector<SliceContour> contours{
      {extract_slice(s.tumour, SlicePlane::xz, centre), 0.5, {255, 255, 255}, "tumour", false},
      {extract_slice(s.omega, SlicePlane::xz, centre), 1.0, line_colour(5), "Ω = 1", false},
      {extract_slice(s.necrosis, SlicePlane::xz, centre), 0.5, line_colour(2), "PDT necrosis",
       true}};
  const auto path = dir / "fluence_rate_xz.png";
  plot_slice_png(path, picture, contours);
  keep(path);
  const Png png = read_png(path);
  CHECK(png.width == 1000);
  CHECK(png.height == 800);
  CHECK(png.corner == 0xFFFFFF);
  MESSAGE("distinct colours: " << png.colours.size());
  CHECK(png.colours.size() > 100);  // a continuous map, not a handful of flat colours
  // The map's dark end (inferno starts near black, not grey) appears: the low-fluence corner.
  bool dark = false;
  for (uint32_t c : png.colours)
    dark = dark || ((c >> 16) < 40 && ((c >> 8) & 255) < 20 && (c & 255) < 60 && (c & 255) > 0);
  CHECK(dark);

  // Linear scale, another size, another map, no contours.
  picture.log_scale = false;
  picture.colour_map = ColourMap::viridis;
  picture.slice = extract_slice(s.omega, SlicePlane::xy, centre);
  picture.title = "Arrhenius damage";
  picture.colour_label = "Ω";
  const auto small = dir / "omega_xy.png";
  plot_slice_png(small, picture, {}, {640, 480});
  keep(small);
  const Png p2 = read_png(small);
  CHECK(p2.width == 640);
  CHECK(p2.height == 480);
  CHECK(p2.colours.size() > 50);
}

TEST_CASE("orthogonal slices: three pictures sharing one colour range") {
  test::TempDir dir;
  const Scene s;
  const std::array<double, 3> centre{3, 3, 2};
  SlicePicture style;
  style.title = "Arrhenius damage";
  style.colour_label = "Ω";
  style.colour_map = ColourMap::viridis;
  style.vertical_axis_down = true;
  const auto paths = plot_orthogonal_slices_png(
      dir.path(), "damage", extract_orthogonal_slices(s.omega, centre), style,
      {{extract_orthogonal_slices(s.tumour, centre), 0.5, line_colour(5), "tumour"}});
  REQUIRE(paths.size() == 3);
  CHECK(paths[1].filename() == "damage_xz.png");
  for (const auto& p : paths) {
    keep(p);
    const Png png = read_png(p);
    CHECK(png.width == 1000);
    CHECK(png.colours.size() > 50);
  }
  // The range covers the three planes: f = i + 100 k on a 60 x 60 x 40 grid through voxel
  // (30, 30, 20): xy holds 2000..2059, xz and yz 30..3959 and 0..3900, so 0..3959 overall.
  Field3<float> f(s.omega.grid);
  for (int k = 0; k < 40; ++k)
    for (int j = 0; j < 60; ++j)
      for (int i = 0; i < 60; ++i) f(i, j, k) = float(i + 100 * k);
  const auto slices = extract_orthogonal_slices(f, centre);
  SlicePicture linear;
  CHECK(shared_colour_range(slices, linear) == std::array<double, 2>{0, 3959});
  SlicePicture log = linear;
  log.log_scale = true;
  log.log_decades = 2;
  CHECK(shared_colour_range(slices, log) == std::array<double, 2>{39.59, 3959});  // 0 left out
  log.value_min = 5;
  CHECK(shared_colour_range(slices, log)[0] == 5);
}

TEST_CASE("each voxel is drawn exactly over its extent: no half-voxel shift, no smoothing") {
  test::TempDir dir;
  Grid g;
  g.dims = {10, 10, 1};
  g.voxel_mm = 1.0;
  Field3<float> f(g, 0.0f);
  f(2, 7, 0) = 1.0f;  // one hot voxel: x 2..3 mm, y 7..8 mm
  SlicePicture picture;
  picture.slice = extract_slice(f, SlicePlane::xy, {5, 5, 0.5});
  picture.colour_map = ColourMap::viridis;
  plot_slice_png(dir / "voxel.png", picture);
  keep(dir / "voxel.png");
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName((dir / "voxel.png").c_str());
  reader->Update();
  int dims[3];
  reader->GetOutput()->GetDimensions(dims);
  auto* px = vtkUnsignedCharArray::SafeDownCast(reader->GetOutput()->GetPointData()->GetScalars());
  const int nc = px->GetNumberOfComponents();
  // Pixels (column x, row y counted from the bottom, as VTK stores them) of the map's two
  // colours: viridis' bright end (#FDE725) for 1, its dark end (#440154) for 0.
  auto colour_at = [&](int x, int y) {
    const unsigned char* p = px->GetPointer((vtkIdType(y) * dims[0] + x) * nc);
    return uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2];
  };
  std::array<int, 4> hot{dims[0], -1, dims[1], -1};  // x0, x1, y0, y1 of the hot voxel
  for (int y = 0; y < dims[1]; ++y)
    for (int x = 0; x < dims[0]; ++x)
      if (colour_at(x, y) == 0xFDE725 && x < dims[0] * 3 / 4)  // not the colour bar
        hot = {std::min(hot[0], x), std::max(hot[1], x), std::min(hot[2], y), std::max(hot[3], y)};
  REQUIRE(hot[1] >= hot[0]);
  // The map's edges: walk out from the hot voxel through the dark colour, until it ends. Walk
  // along a quarter of the voxel, x = 2.25 mm, y = 7.25 mm, clear of the frame's tick marks.
  const int xc = hot[0] + (hot[1] - hot[0]) / 4, yc = hot[2] + (hot[3] - hot[2]) / 4;
  auto walk = [&](int x, int y, int dx, int dy) {
    while (colour_at(x + dx, y + dy) == 0x440154 || colour_at(x + dx, y + dy) == 0xFDE725)
      x += dx, y += dy;
    return dx ? x : y;
  };
  const int left = walk(xc, yc, -1, 0), right = walk(xc, yc, 1, 0);
  const int bottom = walk(xc, yc, 0, -1), top = walk(xc, yc, 0, 1);
  const double voxel_w = (right - left + 1) / 10.0, voxel_h = (top - bottom + 1) / 10.0;
  MESSAGE("voxel " << voxel_w << " x " << voxel_h << " px; hot voxel at columns " << hot[0] << ".."
                   << hot[1] << ", rows " << hot[2] << ".." << hot[3]);
  // Within 1.5 px (antialiased edges): columns 2..3 voxels, rows 7..8 voxels from the map's edge.
  CHECK(std::abs(hot[0] - left - 2 * voxel_w) <= 1.5);
  CHECK(std::abs(hot[1] + 1 - left - 3 * voxel_w) <= 1.5);
  CHECK(std::abs(hot[2] - bottom - 7 * voxel_h) <= 1.5);
  CHECK(std::abs(hot[3] + 1 - bottom - 8 * voxel_h) <= 1.5);
  CHECK(voxel_w == doctest::Approx(voxel_h).epsilon(0.02));  // equal scales on both axes
}

TEST_CASE("slice picture errors: mismatched contour, unwritable path") {
  test::TempDir dir;
  const Scene s;
  SlicePicture picture;
  picture.slice = extract_slice(s.fluence, SlicePlane::xy, {3, 3, 2});
  const SliceContour wrong{extract_slice(s.tumour, SlicePlane::xz, {3, 3, 2}), 0.5, {}, "x"};
  CHECK_THROWS_AS(plot_slice_png(dir / "a.png", picture, {wrong}), RuntimeError);
  CHECK_THROWS_AS(plot_slice_png(dir / "missing" / "a.png", picture), RuntimeError);
  // NaN voxels are left blank, not drawn and not contoured, without upsetting PLplot.
  SliceContour with_nan{picture.slice, 10.0, {255, 255, 255}, "10 mW/cm²"};
  for (size_t n = 0; n < with_nan.field.values.size(); n += 7) with_nan.field.values[n] = NAN;
  picture.slice.values[3] = NAN;
  plot_slice_png(dir / "nan.png", picture, {with_nan});
  CHECK(read_png(dir / "nan.png").colours.size() > 50);
  // The lock and the PLplot stream were released: drawing still works afterwards.
  plot_slice_png(dir / "b.png", picture);
  CHECK(read_png(dir / "b.png").colours.size() > 50);
}

TEST_CASE("line plot: probes' T(t) and a DVH, with legend") {
  test::TempDir dir;
  LineSeries centre{"center", {}, {}}, rim{"rim", {}, {}};
  for (int t = 0; t <= 600; t += 5) {
    const double heat =
        t <= 300 ? 1 - std::exp(-t / 60.0) : (1 - std::exp(-5.0)) * std::exp(-(t - 300) / 80.0);
    centre.x.push_back(t);
    centre.y.push_back(37 + 15 * heat);
    rim.x.push_back(t);
    rim.y.push_back(37 + 6 * heat);
  }
  rim.y[10] = NAN;  // a gap, not a crash
  LinePlot plot;
  plot.title = "Temperature at the probes";
  plot.x_label = "time (s)";
  plot.y_label = "temperature (°C)";
  const auto path = dir / "probes_temperature.png";
  plot_lines_png(path, plot, {centre, rim});
  keep(path);
  const Png png = read_png(path);
  CHECK(png.width == 1000);
  CHECK(png.height == 800);
  CHECK(png.corner == 0xFFFFFF);
  const uint32_t blue = 0x0072B2, vermillion = 0xD55E00;  // line_colour(0), (1)
  CHECK(png.colours.count(blue) == 1);
  CHECK(png.colours.count(vermillion) == 1);

  LinePlot dvh;
  dvh.title = "Cumulative DVH, tumor";
  dvh.x_label = "fluence (J/cm²)";
  dvh.y_label = "volume fraction";
  dvh.log_x = true;
  dvh.y_range = std::array<double, 2>{0, 1.02};
  LineSeries curve{"tumor", {0.01, 0.1, 1, 10, 100}, {1, 1, 0.8, 0.3, 0}};
  plot_lines_png(dir / "dvh.png", dvh, {curve});
  keep(dir / "dvh.png");
  CHECK(read_png(dir / "dvh.png").colours.count(blue) == 1);
  CHECK_THROWS_AS(plot_lines_png(dir / "x.png", plot, {{"bad", {1, 2}, {1}}}), RuntimeError);
}
