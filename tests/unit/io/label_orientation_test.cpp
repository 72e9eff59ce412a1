// Label volumes keep their orientation: each voxel is found again at the world position its
// header gives (NRRD space directions, NIfTI sform, MetaImage TransformMatrix), in the frame the
// format defines (NIfTI RAS; MetaImage LPS; NRRD as its `space` says).
#include <doctest/doctest.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkNIFTIImageWriter.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkUnsignedCharArray.h>

#include <fstream>

#include "photodose/common/errors.h"
#include "photodose/io/label_volume.h"
#include "unit/io/nrrd_test_writer.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

namespace {

constexpr int kNx = 5, kNy = 4, kNz = 3;
uint8_t label_of(int i, int j, int k) {
  return uint8_t((3 * i + 7 * j + 11 * k) % 13);
}

std::vector<uint8_t> labels() {
  std::vector<uint8_t> v;
  for (int k = 0; k < kNz; ++k)
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i) v.push_back(label_of(i, j, k));
  return v;
}

using Axes = std::array<std::array<double, 3>, 3>;

// Every voxel's centre, computed from the header's numbers, reads that voxel's label; points half
// an axis step outside the first and last voxels read nothing.
void check_found_at(const LabelVolume& v, const std::array<double, 3>& origin, const Axes& axes) {
  REQUIRE(v.geometry.dims.nx == kNx);
  REQUIRE(v.geometry.dims.ny == kNy);
  REQUIRE(v.geometry.dims.nz == kNz);
  int wrong = 0;
  for (int k = 0; k < kNz; ++k)
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i) {
        std::array<double, 3> p = origin;
        for (size_t c = 0; c < 3; ++c) p[c] += i * axes[0][c] + j * axes[1][c] + k * axes[2][c];
        if (v.label_at(p) != label_of(i, j, k)) ++wrong;
        const auto centre = v.centre_mm(i, j, k);
        for (size_t c = 0; c < 3; ++c) CHECK(centre[c] == doctest::Approx(p[c]));
      }
  CHECK(wrong == 0);
  std::array<double, 3> before = origin, after = origin;
  for (size_t c = 0; c < 3; ++c) {
    before[c] -= 0.6 * axes[0][c];
    after[c] += (kNx - 0.4) * axes[0][c];
  }
  CHECK_FALSE(v.label_at(before).has_value());
  CHECK_FALSE(v.label_at(after).has_value());
}

}  // namespace

TEST_CASE("NRRD label maps (raw and gzip) are placed by space origin and space directions") {
  test::TempDir dir;
  for (const bool gzip : {true, false}) {
    CAPTURE(gzip);
    test::NrrdLabels n;
    n.sizes = {kNx, kNy, kNz};
    n.labels = labels();
    n.gzip = gzip;
    n.directions = {{{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 1.0}}};
    n.origin = {-3, -2, 1};
    write_nrrd(dir / "seg.nrrd", n);
    const LabelVolume v = read_label_volume(dir / "seg.nrrd");
    CHECK(v.format == "NRRD");
    CHECK(v.placement.frame == "LPS");
    CHECK(v.placement.axis_aligned());
    CHECK(v.geometry.spacing_mm[2] == 1.0);
    CHECK(v.geometry.origin_mm[0] == doctest::Approx(-3.25));  // corner: half a voxel before
    check_found_at(v, n.origin, n.directions);
  }
}

TEST_CASE("a rotated NRRD header gives the rotated volume; LAS is turned into RAS") {
  test::TempDir dir;
  test::NrrdLabels n;
  n.sizes = {kNx, kNy, kNz};
  n.labels = labels();
  // Voxel axis i runs along +y, j along -x, k along +z with 2 mm slices (a 90 degree turn).
  n.directions = {{{0, 0.5, 0}, {-0.5, 0, 0}, {0, 0, 2}}};
  n.origin = {4, -1, 0};
  n.space = "right-anterior-superior";
  write_nrrd(dir / "turned.nrrd", n);
  const LabelVolume v = read_label_volume(dir / "turned.nrrd");
  CHECK(v.placement.frame == "RAS");
  CHECK_FALSE(v.placement.axis_aligned());
  check_found_at(v, n.origin, n.directions);
  // The world box: x from 4 - (4 + 0.5) 0.5 to 4 + 0.25, y from -1.25 to -1 + 4.5 * 0.5.
  const auto low = v.placement.world_min_mm(v.geometry.dims);
  const auto high = v.placement.world_max_mm(v.geometry.dims);
  CHECK(low[0] == doctest::Approx(1.75));
  CHECK(high[0] == doctest::Approx(4.25));
  CHECK(low[1] == doctest::Approx(-1.25));
  CHECK(high[1] == doctest::Approx(1.25));
  CHECK(low[2] == doctest::Approx(-1));
  CHECK(high[2] == doctest::Approx(5));

  // Left-anterior-superior: the same numbers with x negated, in RAS.
  n.space = "left-anterior-superior";
  write_nrrd(dir / "las.nrrd", n);
  const LabelVolume las = read_label_volume(dir / "las.nrrd");
  CHECK(las.placement.frame == "RAS");
  Axes mirrored = n.directions;
  for (auto& axis : mirrored) axis[0] = -axis[0];
  check_found_at(las, {-4, -1, 0}, mirrored);
}

TEST_CASE("a NIfTI sform with a rotation places the voxels in RAS as the matrix says") {
  test::TempDir dir;
  vtkNew<vtkImageData> image;
  image->SetDimensions(kNx, kNy, kNz);
  image->SetSpacing(0.5, 0.5, 1.5);
  vtkNew<vtkUnsignedCharArray> a;
  a->SetName("label");
  const auto values = labels();
  a->SetNumberOfTuples(vtkIdType(values.size()));
  for (size_t n = 0; n < values.size(); ++n) a->SetValue(vtkIdType(n), values[n]);
  image->GetPointData()->SetScalars(a);
  // A 30 degree turn about z, then a shift.
  const double c = std::cos(M_PI / 6), s = std::sin(M_PI / 6);
  vtkNew<vtkMatrix4x4> m;
  const double rows[4][4] = {{c, -s, 0, 12}, {s, c, 0, -7}, {0, 0, 1, 30}, {0, 0, 0, 1}};
  for (int r = 0; r < 4; ++r)
    for (int k = 0; k < 4; ++k) m->SetElement(r, k, rows[r][k]);
  vtkNew<vtkNIFTIImageWriter> writer;
  writer->SetInputData(image);
  writer->SetSFormMatrix(m);
  writer->SetFileName((dir / "turned.nii.gz").c_str());
  writer->Write();
  const LabelVolume v = read_label_volume(dir / "turned.nii.gz");
  CHECK(v.format == "NIfTI");
  CHECK(v.placement.frame == "RAS");
  CHECK(v.placement.source == "NIfTI sform");
  CHECK(v.notes.empty());
  const Axes axes = {{{0.5 * c, 0.5 * s, 0}, {-0.5 * s, 0.5 * c, 0}, {0, 0, 1.5}}};
  check_found_at(v, {12, -7, 30}, axes);
}

TEST_CASE("a MetaImage TransformMatrix turns the voxel axes in LPS") {
  test::TempDir dir;
  const auto values = labels();
  std::ofstream(dir / "turned.mha", std::ios::binary)
      << "ObjectType = Image\nNDims = 3\nTransformMatrix = 0 1 0 -1 0 0 0 0 1\n"
         "Offset = 10 20 30\nElementSpacing = 0.5 0.5 1\nDimSize = "
      << kNx << " " << kNy << " " << kNz << "\nElementType = MET_UCHAR\nElementDataFile = LOCAL\n"
      << std::string(values.begin(), values.end());
  const LabelVolume v = read_label_volume(dir / "turned.mha");
  CHECK(v.format == "MetaImage");
  CHECK(v.placement.frame == "LPS");
  check_found_at(v, {10, 20, 30}, {{{0, 0.5, 0}, {-0.5, 0, 0}, {0, 0, 1}}});
}

TEST_CASE("NRRD files this reader cannot take are input errors naming the file") {
  test::TempDir dir;
  auto error_of = [&](const std::string& name, const std::string& header) {
    std::ofstream(dir / name, std::ios::binary) << header << "\n" << std::string(64, '\1');
    try {
      read_label_volume(dir / name);
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find(name) != std::string::npos);
      return std::string(e.what());
    }
    FAIL("no InputError for " << name);
    return std::string();
  };
  const std::string base = "NRRD0004\ntype: uint8\nsizes: 2 2 2\n";
  CHECK(error_of("layers.nrrd",
                 "NRRD0004\ntype: uint8\ndimension: 4\nsizes: 2 2 2 2\nencoding: "
                 "raw\n")
            .find("dimension 4; expected 3") != std::string::npos);
  CHECK(error_of("hex.nrrd", base + "dimension: 3\nencoding: hex\n").find("encoding 'hex'") !=
        std::string::npos);
  CHECK(error_of("nosizes.nrrd", "NRRD0004\ntype: uint8\ndimension: 3\nencoding: raw\n")
            .find("no 'sizes' field") != std::string::npos);
  CHECK(error_of("flat.nrrd", base + "dimension: 3\nencoding: raw\nspace: left-posterior-superior\n"
                                     "space directions: (1,0,0) (2,0,0) (0,0,1)\n")
            .find("degenerate") != std::string::npos);
  CHECK(error_of("short.nrrd",
                 "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 9 9 9\nencoding: "
                 "raw\n")
            .find("fewer") == std::string::npos);  // 64 bytes for 729: the count is named
  CHECK(error_of("magic.nrrd", "NRRD9\n").find("no NRRD magic") != std::string::npos);
  CHECK(error_of("type.nrrd", "NRRD0004\ntype: block\ndimension: 3\n").find("type 'block'") !=
        std::string::npos);
}

TEST_CASE("a detached NRRD header (.nhdr) reads its data file beside it, and only there") {
  test::TempDir dir;
  const auto values = labels();
  std::ofstream(dir / "seg.raw", std::ios::binary) << std::string(values.begin(), values.end());
  const std::string header = "NRRD0004\ntype: uint8\ndimension: 3\nsizes: 5 4 3\nencoding: raw\n"
                             "space: left-posterior-superior\n"
                             "space directions: (0.5,0,0) (0,0.5,0) (0,0,0.5)\n";
  std::ofstream(dir / "seg.nhdr") << header << "data file: seg.raw\n\n";
  const LabelVolume v = read_label_volume(dir / "seg.nhdr");
  check_found_at(v, {0, 0, 0}, {{{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 0.5}}});
  for (const char* elsewhere : {"../seg.raw", "/dev/zero", "sub/../seg.raw"}) {
    std::ofstream(dir / "away.nhdr") << header << "data file: " << elsewhere << "\n\n";
    CHECK_THROWS_WITH_AS(read_label_volume(dir / "away.nhdr"),
                         doctest::Contains("expected a file beside the header"), InputError);
  }
  std::ofstream(dir / "missing.nhdr") << header << "data file: none.raw\n\n";
  CHECK_THROWS_WITH_AS(read_label_volume(dir / "missing.nhdr"),
                       doctest::Contains("is not a readable file"), InputError);
}
