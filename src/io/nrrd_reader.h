#pragma once
// NRRD label maps (3D Slicer's and ITK-SNAP's segmentation format; private to src/io).
//
// Read here rather than through VTK 9.1's vtkNrrdReader, which ignores `space directions` (the
// orientation) and takes the first axis of a 3-D file for vector components. Supported: NRRD0001
// to NRRD0005 headers, dimension 3, integer and floating-point types of either byte order, raw
// and gzip encodings, the data attached or in one detached file (`data file`), `line skip` and
// `byte skip`. Placement: `space origin` is the first sample's centre and `space directions`
// the world step of each axis (else `spacings` along the axes); the frame follows `space`.
#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "photodose/common/grid.h"

namespace photodose::nrrd {

enum class Type { int8, uint8, int16, uint16, int32, uint32, int64, uint64, float32, float64 };

struct Header {
  GridDims dims;
  Type type = Type::uint8;
  bool big_endian = false;
  bool gzip = false;
  std::filesystem::path data_file;  // where the data is (the header's own file when attached)
  int64_t data_offset = 0;          // bytes of the data file before the data (attached, or skips)
  int64_t line_skip = 0;
  int64_t byte_skip = 0;  // -1: the data ends the (raw) file
  std::array<double, 3> first_centre_mm{0, 0, 0};
  std::array<std::array<double, 3>, 3> axes_mm{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  std::string frame;      // "RAS", "LPS" or "" (a space without anatomical meaning)
  std::string placement;  // what the placement came from, for people
  double unit_mm = 1;     // `space units`

  size_t value_bytes() const;
};

// Reads and checks the header; InputError naming `file` for anything unsupported or malformed.
Header read_header(const std::filesystem::path& path, const std::string& file);

// The data, converted to native byte order: dims.voxels() values of value_bytes() each. The
// caller has checked the size against the memory budget.
std::vector<unsigned char> read_data(const Header& header, const std::string& file);

}  // namespace photodose::nrrd
