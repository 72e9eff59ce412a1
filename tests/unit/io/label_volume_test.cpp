// Label volumes written by VTK's own writers (as another program would) and read back.
#include <fstream>

#include <doctest/doctest.h>
#include <vtkCellData.h>
#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkMetaImageWriter.h>
#include <vtkNIFTIImageWriter.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkShortArray.h>
#include <vtkSmartPointer.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>
#include <vtkXMLImageDataWriter.h>

#include "photodose/io/label_volume.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

namespace {

constexpr int kNx = 4, kNy = 3, kNz = 2;
int expected_label(int i, int j, int k) {
  return (i + 2 * j + 5 * k) % 7;
}

// A point-data image (every point one voxel), as MetaImage and NIfTI files hold.
template <class Array>
vtkSmartPointer<vtkImageData> point_image(double spacing[3], double origin[3]) {
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetDimensions(kNx, kNy, kNz);
  image->SetSpacing(spacing);
  image->SetOrigin(origin);
  vtkNew<Array> a;
  a->SetName("label");
  a->SetNumberOfTuples(kNx * kNy * kNz);
  for (int k = 0; k < kNz; ++k)
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i) a->SetValue(i + kNx * (j + kNy * k), expected_label(i, j, k));
  image->GetPointData()->SetScalars(a);
  return image;
}

void check_labels(const LabelVolume& v) {
  REQUIRE(v.geometry.dims.nx == kNx);
  REQUIRE(v.geometry.dims.ny == kNy);
  REQUIRE(v.geometry.dims.nz == kNz);
  for (int k = 0; k < kNz; ++k)
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i) CHECK(v.labels(i, j, k) == expected_label(i, j, k));
}

}  // namespace

TEST_CASE("label volume from a .vti with cell data: cells are voxels, origin is the corner") {
  test::TempDir dir;
  vtkNew<vtkImageData> image;
  image->SetDimensions(kNx + 1, kNy + 1, kNz + 1);
  image->SetSpacing(0.2, 0.2, 0.2);
  image->SetOrigin(1, 2, 3);
  vtkNew<vtkUnsignedCharArray> labels;
  labels->SetName("label");
  labels->SetNumberOfTuples(kNx * kNy * kNz);
  for (int k = 0; k < kNz; ++k)
    for (int j = 0; j < kNy; ++j)
      for (int i = 0; i < kNx; ++i)
        labels->SetValue(i + kNx * (j + kNy * k), uint8_t(expected_label(i, j, k)));
  vtkNew<vtkFloatArray> other;  // a second array: the one called "label" must be chosen
  other->SetName("density");
  other->SetNumberOfTuples(kNx * kNy * kNz);
  other->Fill(2.5);
  image->GetCellData()->AddArray(other);
  image->GetCellData()->AddArray(labels);
  vtkNew<vtkXMLImageDataWriter> writer;
  writer->SetInputData(image);
  writer->SetFileName((dir / "phantom.vti").c_str());
  REQUIRE(writer->Write() == 1);

  const LabelVolume v = read_label_volume(dir / "phantom.vti");
  check_labels(v);
  CHECK(v.geometry.spacing_mm[0] == doctest::Approx(0.2).epsilon(1e-12));
  CHECK(v.geometry.origin_mm[0] == 1.0);
  CHECK(v.geometry.origin_mm[2] == 3.0);
  CHECK(v.geometry.cubic());
  CHECK(v.labels.grid.voxel_mm == doctest::Approx(0.2));
  CHECK(v.notes.empty());
  // Voxel (1,2,1) spans x 1.2..1.4, y 2.4..2.6, z 3.2..3.4.
  CHECK(v.label_at({1.3, 2.5, 3.3}) == uint16_t(expected_label(1, 2, 1)));
  CHECK_FALSE(v.label_at({0.99, 2.5, 3.3}).has_value());
}

TEST_CASE("label volume from MetaImage (.mha): points are voxel centres") {
  test::TempDir dir;
  double spacing[3] = {0.5, 0.25, 1.0}, origin[3] = {1, 2, 3};
  auto image = point_image<vtkUnsignedShortArray>(spacing, origin);
  vtkNew<vtkMetaImageWriter> writer;
  writer->SetInputData(image);
  writer->SetFileName((dir / "phantom.mha").c_str());
  writer->Write();
  const LabelVolume v = read_label_volume(dir / "phantom.mha");
  check_labels(v);
  // Compressed by MetaIO itself (it states CompressedDataSize).
  vtkNew<vtkMetaImageWriter> packer;
  packer->SetInputData(image);
  packer->SetCompression(true);
  packer->SetFileName((dir / "packed.mha").c_str());
  packer->Write();
  check_labels(read_label_volume(dir / "packed.mha"));
  CHECK(v.geometry.spacing_mm[1] == 0.25);
  CHECK_FALSE(v.geometry.cubic());
  CHECK_THROWS_AS(v.geometry.grid("phantom.mha"), InputError);
  // Corner = first centre - half a voxel.
  CHECK(v.geometry.origin_mm[0] == doctest::Approx(0.75));
  CHECK(v.geometry.origin_mm[1] == doctest::Approx(1.875));
  CHECK(v.geometry.origin_mm[2] == doctest::Approx(2.5));
  CHECK(v.label_at({1.0, 2.0, 3.0}) == uint16_t(expected_label(0, 0, 0)));
}

TEST_CASE("label volume from NIfTI (.nii and .nii.gz), placed by its qform translation") {
  test::TempDir dir;
  double spacing[3] = {0.3, 0.3, 0.3}, origin[3] = {-1.5, 0.6, 9};
  auto image = point_image<vtkShortArray>(spacing, origin);
  for (const char* name : {"phantom.nii", "phantom.nii.gz"}) {
    CAPTURE(name);
    vtkNew<vtkNIFTIImageWriter> writer;
    writer->SetInputData(image);
    writer->SetFileName((dir / name).c_str());
    writer->Write();
    const LabelVolume v = read_label_volume(dir / name);
    check_labels(v);
    CHECK(v.geometry.spacing_mm[2] == doctest::Approx(0.3));
    CHECK(v.geometry.origin_mm[0] == doctest::Approx(-1.65));
    CHECK(v.geometry.origin_mm[1] == doctest::Approx(0.45));
    CHECK(v.geometry.origin_mm[2] == doctest::Approx(8.85));
    CHECK(v.notes.empty());
  }
}

TEST_CASE("label volumes with values that are not labels are input errors") {
  test::TempDir dir;
  double spacing[3] = {1, 1, 1}, origin[3] = {0, 0, 0};
  SUBCASE("integral floats are accepted") {
    auto image = point_image<vtkFloatArray>(spacing, origin);
    vtkNew<vtkMetaImageWriter> writer;
    writer->SetInputData(image);
    writer->SetFileName((dir / "f.mha").c_str());
    writer->Write();
    check_labels(read_label_volume(dir / "f.mha"));
  }
  SUBCASE("a fractional value names the voxel") {
    auto image = point_image<vtkFloatArray>(spacing, origin);
    vtkFloatArray::SafeDownCast(image->GetPointData()->GetScalars())->SetValue(5, 1.5f);
    vtkNew<vtkMetaImageWriter> writer;
    writer->SetInputData(image);
    writer->SetFileName((dir / "f.mha").c_str());
    writer->Write();
    try {
      read_label_volume(dir / "f.mha");
      FAIL("no exception");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("voxel (1, 1, 0) holds 1.5") != std::string::npos);
    }
  }
  SUBCASE("a negative value") {
    auto image = point_image<vtkShortArray>(spacing, origin);
    vtkShortArray::SafeDownCast(image->GetPointData()->GetScalars())->SetValue(0, -1);
    vtkNew<vtkNIFTIImageWriter> writer;
    writer->SetInputData(image);
    writer->SetFileName((dir / "n.nii").c_str());
    writer->Write();
    CHECK_THROWS_AS(read_label_volume(dir / "n.nii"), InputError);
  }
  SUBCASE("unknown extension, missing file, garbage") {
    CHECK_THROWS_AS(read_label_volume(dir / "phantom.raw"), InputError);
    CHECK_THROWS_AS(read_label_volume(dir / "absent.nii"), InputError);
    std::ofstream(dir / "junk.mha") << "this is not a MetaImage header\n";
    CHECK_THROWS_AS(read_label_volume(dir / "junk.mha"), InputError);
  }
}
