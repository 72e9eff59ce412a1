#include "plot_canvas.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>

#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGWriter.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

#include "photodose/common/errors.h"
#include "vtk_support.h"

namespace photodose::plot_support {
namespace {

std::mutex& plplot_mutex() {
  static std::mutex m;  // PLplot's stream table and current stream are process-wide
  return m;
}

// Samples of the published maps (matplotlib's viridis, inferno and magma, which van der Walt
// and Smith designed), 10 evenly spaced stops each; PLplot interpolates linearly in RGB.
struct Stops {
  unsigned rgb[10];
};
constexpr Stops kViridis{{0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779,
                          0x6DCD59, 0xB4DE2C, 0xFDE725}};
constexpr Stops kInferno{{0x000004, 0x1B0C41, 0x4A0C6B, 0x781C6D, 0xA52C60, 0xCF4446, 0xED6925,
                          0xFB9B06, 0xF7D13D, 0xFCFFA4}};
constexpr Stops kMagma{{0x000004, 0x180F3D, 0x440F76, 0x721F81, 0x9E2F7F, 0xCD4071, 0xF1605D,
                        0xFD9668, 0xFEC98D, 0xFCFDBF}};

std::filesystem::path env_or(const char* variable, const char* built_in) {
  const char* value = std::getenv(variable);
  return value && *value ? std::filesystem::path(value) : std::filesystem::path(built_in);
}

bool driver_listed(const std::filesystem::path& info, const std::string& device) {
  std::ifstream in(info);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(device + ":", 0) == 0) return true;
  return false;
}

}  // namespace
}  // namespace photodose::plot_support

namespace photodose {

// PLplot looks up a device it cannot load by prompting on stdin, and exits the process when it
// has no drivers or fonts; so check its files first and report what is missing.
void require_plot_driver() {
  using plot_support::env_or;
  const std::filesystem::path drivers = env_or("PLPLOT_DRV_DIR", PHOTODOSE_PLPLOT_DRIVER_DIR);
  const std::filesystem::path data = env_or("PLPLOT_LIB", PHOTODOSE_PLPLOT_DATA_DIR);
  const char* fix =
      "; install PLplot's cairo driver (Debian: plplot-driver-cairo), point PLPLOT_DRV_DIR and "
      "PLPLOT_LIB at its drivers and data, or set outputs.png to false";
  if (!std::filesystem::exists(drivers / "cairo.so") ||
      !plot_support::driver_listed(drivers / "cairo.driver_info", "memcairo"))
    throw RuntimeError("PNG pictures need PLplot's memcairo driver, which is not in " +
                       drivers.string() + fix);
  if (!std::filesystem::exists(data / "plxtnd5.fnt"))
    throw RuntimeError("PNG pictures need PLplot's font files, which are not in " + data.string() +
                       fix);
}

}  // namespace photodose

namespace photodose::plot_support {

Canvas::Canvas(PngSize size) : lock_(plplot_mutex()), size_(size) {
  if (size.width_px < 16 || size.height_px < 16 || size.width_px > 16384 || size.height_px > 16384)
    throw RuntimeError("picture size " + std::to_string(size.width_px) + " x " +
                       std::to_string(size.height_px) + " px is outside 16..16384 px");
  require_plot_driver();
  rgba_.assign(size_t(size.width_px) * size_t(size.height_px) * 4, 255);  // opaque white
  pls_ = std::make_unique<plstream>();
  pls_->sdev("memcairo");
  pls_->smema(size.width_px, size.height_px, rgba_.data());
  pls_->scmap0n(16);
  pls_->scol0(0, 255, 255, 255);  // background
  pls_->scol0(kBlack, 0, 0, 0);
  palette_ = {{255, 255, 255}, {0, 0, 0}};
  pls_->init();
  pls_->adv(0);
  pls_->col0(kBlack);
  pls_->schr(0, 1.0);
}

Canvas::~Canvas() {
  pls_.reset();
}

int Canvas::colour_index(Rgb colour) {
  for (size_t i = 0; i < palette_.size(); ++i)
    if (palette_[i].r == colour.r && palette_[i].g == colour.g && palette_[i].b == colour.b)
      return int(i);
  if (palette_.size() >= 16) return kBlack;  // more distinct colours than a legend can show
  palette_.push_back(colour);
  const int index = int(palette_.size()) - 1;
  pls_->scol0(index, colour.r, colour.g, colour.b);
  return index;
}

void Canvas::set_colour_map(ColourMap map) {
  const Stops& s = map == ColourMap::viridis   ? kViridis
                   : map == ColourMap::inferno ? kInferno
                                               : kMagma;
  PLFLT pos[10], r[10], g[10], b[10];
  for (int i = 0; i < 10; ++i) {
    pos[i] = i / 9.0;
    r[i] = ((s.rgb[i] >> 16) & 0xFF) / 255.0;
    g[i] = ((s.rgb[i] >> 8) & 0xFF) / 255.0;
    b[i] = (s.rgb[i] & 0xFF) / 255.0;
  }
  pls_->scmap1n(256);
  pls_->scmap1l(true, 10, pos, r, g, b, nullptr);
}

void Canvas::write_png(const std::filesystem::path& path) {
  vtk_support::check_writable(path, "picture");
  pls_.reset();  // ends the page: everything is now in rgba_
  const int w = size_.width_px, h = size_.height_px;
  vtkNew<vtkUnsignedCharArray> pixels;
  pixels->SetNumberOfComponents(3);
  pixels->SetNumberOfTuples(vtkIdType(w) * h);
  unsigned char* out = pixels->GetPointer(0);
  for (int row = 0; row < h; ++row) {  // VTK's first row is the bottom of the picture
    const unsigned char* in = &rgba_[size_t(h - 1 - row) * size_t(w) * 4];
    for (int col = 0; col < w; ++col, in += 4, out += 3) {
      out[0] = in[0];
      out[1] = in[1];
      out[2] = in[2];
    }
  }
  vtkNew<vtkImageData> image;
  image->SetDimensions(w, h, 1);
  image->GetPointData()->SetScalars(pixels);
  vtkNew<vtk_support::MessageCatcher> messages;
  vtkNew<vtkPNGWriter> writer;
  messages->watch_algorithm(writer);
  writer->SetInputData(image);
  writer->SetFileName(path.c_str());
  writer->Write();
  if (writer->GetErrorCode() != 0 || messages->has_error())
    throw RuntimeError("cannot write picture '" + path.string() +
                       "': " + vtk_support::describe_failure(writer->GetErrorCode(), *messages));
}

std::array<double, 2> nonempty_range(double lo, double hi) {
  if (hi > lo) return {lo, hi};
  const double pad = lo == 0 ? 1.0 : 0.05 * std::abs(lo);
  return {lo - pad, hi + pad};
}

}  // namespace photodose::plot_support
