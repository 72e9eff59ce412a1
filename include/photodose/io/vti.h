#pragma once
// VTK XML ImageData (.vti) files, written and read through VTK itself.
//
// Layout of what write_vti produces, so that any VTK client (ParaView, python3-vtk9) reads it:
// - every array is CELL data: one value per voxel, x fastest (Grid's order);
// - the image's point grid has (nx+1, ny+1, nz+1) points, origin = Grid::origin_mm (the corner of
//   voxel (0,0,0)) and spacing = Grid::voxel_mm on every axis, so cells coincide with voxels and
//   lengths read in mm;
// - raw binary appended data, zlib-compressed, 64-bit block headers (arrays over 4 GiB work).
#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/io/field_array.h"

namespace photodose {

// Writes `arrays` (each with grid.voxels() values and a distinct, non-empty name) as cell data.
// Throws RuntimeError naming the path and the reason if the file cannot be written, and for
// arrays of the wrong length or with duplicate names (a programming error upstream).
void write_vti(const std::filesystem::path& path, const Grid& grid,
               const std::vector<FieldView>& arrays);

// The geometry of an image file's voxels: dims, spacing per axis (files from other programs may
// have non-cubic voxels) and the corner of voxel (0,0,0), all in mm.
struct ImageGeometry {
  GridDims dims;
  std::array<double, 3> spacing_mm{1, 1, 1};
  std::array<double, 3> origin_mm{0, 0, 0};

  // True when the three spacings agree to a relative `tolerance`.
  bool cubic(double tolerance = 1e-6) const;
  // The Grid of these voxels; throws InputError naming `source` unless cubic().
  Grid grid(const std::string& source) const;
};

struct VtiImage {
  ImageGeometry geometry;
  std::vector<FieldArray> arrays;  // the cell arrays, in file order

  // The array called `name`, or nullptr.
  const FieldArray* find(const std::string& name) const;
};

// Reads the cell arrays of a .vti file (single-component Float32, Float64, UInt8, UInt16 or Int32
// arrays; others are an InputError naming the array and its type). A missing or unreadable file
// is an InputError naming the path and VTK's reason.
VtiImage read_vti(const std::filesystem::path& path);

}  // namespace photodose
