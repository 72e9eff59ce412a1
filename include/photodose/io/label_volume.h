#pragma once
// Label volumes from files (a phantom painted by another program): one integer tissue label per
// voxel, read through VTK's readers.
//
// Formats, chosen by the file's extension (case-insensitive):
//   .vti            VTK XML ImageData (vtkXMLImageDataReader)
//   .mha, .mhd      MetaImage (vtkMetaImageReader)
//   .nii, .nii.gz   NIfTI-1 or NIfTI-2 single file (vtkNIFTIImageReader; the header is checked
//                   first, since VTK 9.1 crashes on some corrupt ones: an Analyze header
//                   without the "n+1" magic is refused)
//
// Which values are the labels: a .vti file's cell array named "label", else its only cell array,
// else (no cell arrays) its point array named "label", its active point scalars or its only
// point array. MetaImage and NIfTI hold point data.
//
// Point data (every .mha/.nii file): each point is taken as the centre of one voxel, so an image
// of n points along an axis is n voxels and the corner origin is the first point minus half a
// voxel. Cell data: each cell is a voxel and the corner origin is the image origin.
//
// Units: lengths are mm; a NIfTI file that declares metres or micrometres is converted. NIfTI
// placement: the origin comes from the sform (else qform) when that matrix is a pure translation
// (axes aligned with the file's voxel axes); a rotated or flipped orientation cannot be honoured
// on an axis-aligned grid, so the volume is then placed by its voxel axes with its corner at
// 0 and a note says so. VTK itself reverses NIfTI slice order when qfac = -1 (its voxel axes are
// always right-handed). NIfTI scl_slope/scl_inter are applied when present.
//
// Values must be integers in [0, 65535]; floating-point files are accepted when every value is
// such an integer. Anything else (negative or fractional values, NaN, several components) is an
// InputError naming the file, the first offending voxel and its value.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "photodose/common/field3.h"
#include "photodose/io/vti.h"

namespace photodose {

struct LabelVolume {
  // The labels, x fastest. labels.grid has the dims and corner origin; its voxel_mm is
  // geometry.spacing_mm[0], which describes the voxels only when geometry.cubic().
  Field3<uint16_t> labels;
  // Authoritative geometry: spacing per axis and corner origin, mm.
  ImageGeometry geometry;
  // Things the user should be told (e.g. an orientation that was not applied); for warnings.
  std::vector<std::string> notes;

  // Label of the voxel containing `point_mm`, or nullopt outside the volume.
  std::optional<uint16_t> label_at(const std::array<double, 3>& point_mm) const;
};

// Reads a label volume; unreadable files, unknown extensions and bad values are InputErrors. A
// header that states more voxels than fit in `memory_budget_bytes` (default: the memory
// available) is a RuntimeError, raised before the reader allocates them.
LabelVolume read_label_volume(const std::filesystem::path& path);
LabelVolume read_label_volume(const std::filesystem::path& path, uint64_t memory_budget_bytes);

}  // namespace photodose
