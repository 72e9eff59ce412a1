// Round trips through VTK's XML image writer and reader: names, dimensions, spacing, origin and
// every value must come back bit for bit (the format is lossless; zlib is lossless).
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <doctest/doctest.h>
#include <vtkCellData.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkXMLImageDataReader.h>

#include "photodose/io/vti.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

namespace {

Grid odd_grid() {
  Grid g;
  g.dims = {5, 4, 3};  // different sizes, so a transposed read cannot pass
  g.voxel_mm = 0.125;
  g.origin_mm = {-1.5, 2.25, 10.0};
  return g;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

std::string file_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("vti round trip keeps names, geometry and exact values of all five element types") {
  test::TempDir dir;
  const Grid g = odd_grid();
  const size_t n = size_t(g.voxels());
  std::vector<float> f(n);
  std::vector<double> d(n);
  std::vector<uint8_t> u8(n);
  std::vector<uint16_t> u16(n);
  std::vector<int32_t> i32(n);
  for (size_t k = 0; k < n; ++k) {
    f[k] = float(std::sin(double(k)) * 1e3);
    d[k] = std::exp(double(k) / 7.0) * 1e-300;  // exercises the full double range
    u8[k] = uint8_t(k * 37);
    u16[k] = uint16_t(65535 - k * 911);
    i32[k] = int32_t(k * k) * (k % 2 ? -1 : 1);
  }
  f[1] = std::numeric_limits<float>::denorm_min();
  f[2] = std::numeric_limits<float>::quiet_NaN();
  d[3] = -std::numeric_limits<double>::infinity();
  Field3<float> field(g);
  field.values = f;
  const std::filesystem::path path = dir / "fields.vti";
  write_vti(path, g,
            {field_view("temperature_C", field), field_view("fluence_J_per_cm2", d),
             field_view("pdt_necrosis", u8), field_view("label", u16), field_view("count", i32)});

  const VtiImage image = read_vti(path);
  CHECK(image.geometry.dims.nx == 5);
  CHECK(image.geometry.dims.ny == 4);
  CHECK(image.geometry.dims.nz == 3);
  for (int a = 0; a < 3; ++a) {
    CHECK(image.geometry.spacing_mm[size_t(a)] == g.voxel_mm);
    CHECK(image.geometry.origin_mm[size_t(a)] == g.origin_mm[size_t(a)]);
  }
  REQUIRE(image.arrays.size() == 5);
  CHECK(image.arrays[0].name == "temperature_C");
  CHECK(image.arrays[1].name == "fluence_J_per_cm2");
  CHECK(image.arrays[2].name == "pdt_necrosis");
  CHECK(image.arrays[3].name == "label");
  CHECK(image.arrays[4].name == "count");
  CHECK(same_bits(image.arrays[0].as<float>(), f));
  CHECK(same_bits(image.arrays[1].as<double>(), d));
  CHECK(same_bits(image.arrays[2].as<uint8_t>(), u8));
  CHECK(same_bits(image.arrays[3].as<uint16_t>(), u16));
  CHECK(same_bits(image.arrays[4].as<int32_t>(), i32));
  CHECK_THROWS_AS(image.arrays[0].as<double>(), RuntimeError);
  CHECK(image.find("label") == &image.arrays[3]);
  CHECK(image.find("nope") == nullptr);
  CHECK(image.geometry.grid("x").voxel_mm == g.voxel_mm);

  // Independently of read_vti: VTK sees cell data on a point grid one larger, compressed.
  vtkNew<vtkXMLImageDataReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  int points[3];
  reader->GetOutput()->GetDimensions(points);
  CHECK(points[0] == 6);
  CHECK(points[1] == 5);
  CHECK(points[2] == 4);
  CHECK(reader->GetOutput()->GetCellData()->GetNumberOfArrays() == 5);
  CHECK(reader->GetOutput()->GetPointData()->GetNumberOfArrays() == 0);
  const std::string text = file_text(path);
  CHECK(text.find("compressor=\"vtkZLibDataCompressor\"") != std::string::npos);
  CHECK(text.find("format=\"appended\"") != std::string::npos);
  CHECK(text.find("<CellData") != std::string::npos);
}

TEST_CASE("zlib compression makes a smooth field's file smaller than its raw bytes") {
  test::TempDir dir;
  Grid g;
  g.dims = {64, 64, 32};
  g.voxel_mm = 0.1;
  std::vector<float> smooth(size_t(g.voxels()));
  for (size_t k = 0; k < smooth.size(); ++k) smooth[k] = float(37.0 + double(k % 64) * 0.01);
  write_vti(dir / "s.vti", g, {field_view("temperature_C", smooth)});
  const auto bytes = std::filesystem::file_size(dir / "s.vti");
  MESSAGE("raw " << smooth.size() * 4 << " bytes, file " << bytes << " bytes");
  CHECK(bytes < smooth.size() * 4 / 4);
}

TEST_CASE("write_vti rejects wrong lengths, duplicate names and unwritable places") {
  test::TempDir dir;
  const Grid g = odd_grid();
  std::vector<float> ok(size_t(g.voxels())), short_one(size_t(g.voxels()) - 1);
  CHECK_THROWS_AS(write_vti(dir / "a.vti", g, {field_view("x", short_one)}), RuntimeError);
  CHECK_THROWS_AS(write_vti(dir / "a.vti", g, {field_view("x", ok), field_view("x", ok)}),
                  RuntimeError);
  CHECK_THROWS_AS(write_vti(dir / "a.vti", g, {field_view("", ok)}), RuntimeError);
  // A directory that does not exist: the message names the path and the system's reason.
  const auto missing = dir / "no-such-dir" / "fields.vti";
  try {
    write_vti(missing, g, {field_view("x", ok)});
    FAIL("no exception");
  } catch (const RuntimeError& e) {
    const std::string what = e.what();
    CHECK(what.find(missing.string()) != std::string::npos);
    CHECK(what.find("No such file or directory") != std::string::npos);
  }
}

TEST_CASE("read_vti reports missing and corrupt files as input errors") {
  test::TempDir dir;
  CHECK_THROWS_AS(read_vti(dir / "absent.vti"), InputError);
  std::ofstream(dir / "bad.vti") << "<VTKFile type=\"ImageData\"> not really";
  CHECK_THROWS_AS(read_vti(dir / "bad.vti"), InputError);
}
