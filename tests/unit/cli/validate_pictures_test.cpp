// `photodose validate --pictures DIR` draws a phantom's three mid-planes with every region's
// outline named in the legend: each of the prostate's eight outlined regions has its line colour
// in the legend rows below the axes (an earlier call passed PLplot's row and entry counts shifted
// by one, and legends of more than two entries lost the rest).
#include <doctest/doctest.h>

#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>

#include <filesystem>
#include <set>

#include "cli_support.h"
#include "photodose/io/plot.h"

using namespace photodose;
using namespace photodose::test;
namespace fs = std::filesystem;

namespace {

// Colours (0xRRGGBB) of the pixels in rows [first_row, last row] of a PNG (row 0 at the top).
std::set<uint32_t> colours_below(const fs::path& path, int first_row) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  vtkDataArray* pixels = image->GetPointData()->GetScalars();
  std::set<uint32_t> out;
  // VTK's rows run from the bottom of the picture.
  for (int y = 0; y < dims[1] - first_row; ++y)
    for (int x = 0; x < dims[0]; ++x) {
      const vtkIdType n = vtkIdType(y) * dims[0] + x;
      uint32_t c = 0;
      for (int k = 0; k < 3; ++k) c = c * 256 + uint32_t(pixels->GetComponent(n, k));
      out.insert(c);
    }
  return out;
}

}  // namespace

TEST_CASE("validate --pictures draws the phantom's mid-planes with every region in the legend") {
  const fs::path dir = fresh_dir("validate-pictures");
  const fs::path phantom = fs::path(PHOTODOSE_SOURCE_DIR) / "phantoms" / "prostate-gland.json";
  const CommandResult r =
      run_photodose("validate " + phantom.string() + " --pictures " + (dir / "pics").string());
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  for (const char* plane : {"xy", "xz", "yz"}) {
    CAPTURE(plane);
    const fs::path png = dir / "pics" / (std::string("prostate-gland_") + plane + ".png");
    REQUIRE(fs::exists(png));
    CHECK(r.out.find("picture: " + png.string()) != std::string::npos);
  }
  // The legend sits below the axes, in the lowest quarter of the 800-pixel picture.
  const std::set<uint32_t> legend = colours_below(dir / "pics" / "prostate-gland_xz.png", 600);
  for (int i = 0; i < 8; ++i) {
    const Rgb c = line_colour(i);
    CAPTURE(i);
    CHECK(legend.count(uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | c.b) == 1);
  }
}
