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
//   .nrrd, .nhdr    NRRD (3D Slicer, ITK-SNAP; read by nrrd_reader.h, since VTK 9.1's reader
//                   drops the orientation), attached or detached, raw or gzip
//
// Which values are the labels: a .vti file's cell array named "label", else its only cell array,
// else (no cell arrays) its point array named "label", its active point scalars or its only
// point array. MetaImage, NIfTI and NRRD hold point data.
//
// Point data: each point is the centre of one voxel, so an image of n points along an axis is n
// voxels. Cell data: each cell is a voxel.
//
// Placement (VoxelPlacement): where each voxel's centre lies in the file's world, in mm, with its
// orientation honoured:
//   NIfTI      the sform, else the qform (VTK's matrices, which follow its slice order); world
//              frame RAS. Neither given: voxel axes, first voxel centred at 0, no frame.
//   MetaImage  Offset, ElementSpacing and TransformMatrix (each triplet one voxel axis's
//              direction, as ITK writes it); world frame LPS (ITK's physical space).
//   NRRD       space origin and space directions; frame from `space` (RAS, LPS; LAS becomes RAS).
//   .vti       Origin, Spacing and Direction; no anatomical frame.
// Units: lengths are mm; a NIfTI file that declares metres or micrometres is converted, and NRRD
// `space units` likewise. NIfTI scl_slope/scl_inter are applied when present.
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

// Voxel (i, j, k)'s centre lies at first_centre_mm + i axes_mm[0] + j axes_mm[1] + k axes_mm[2]
// in the file's world.
struct VoxelPlacement {
  std::array<double, 3> first_centre_mm{0, 0, 0};
  std::array<std::array<double, 3>, 3> axes_mm{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  std::string frame;   // "RAS", "LPS", or "" (a world without anatomical meaning)
  std::string source;  // what the placement comes from, for people (e.g. "NIfTI sform")

  // Each voxel axis along +x, +y, +z in turn (no rotation or flip).
  bool axis_aligned() const;
  // Corners of the world box that holds every voxel of a volume of `dims`.
  std::array<double, 3> world_min_mm(const GridDims& dims) const;
  std::array<double, 3> world_max_mm(const GridDims& dims) const;
  // Continuous voxel coordinates of a world point (voxel centres at integers). Throws
  // InputError naming `file` when the axes are degenerate.
  std::array<std::array<double, 3>, 3> inverse(const std::string& file) const;
};

struct LabelVolume {
  // The labels, x fastest (the file's voxel axes). labels.grid has the dims; its voxel_mm and
  // origin describe the voxels only when the placement is axis-aligned and geometry.cubic().
  Field3<uint16_t> labels;
  // Voxel counts, spacing per axis (lengths of the placement's axes) and, for an axis-aligned
  // placement, the corner origin, mm.
  ImageGeometry geometry;
  VoxelPlacement placement;
  std::string format;  // "NIfTI", "MetaImage", "NRRD" or "VTK image"
  // Things the user should be told; for warnings.
  std::vector<std::string> notes;

  // Label of the voxel containing the world point `point_mm`, or nullopt outside the volume.
  std::optional<uint16_t> label_at(const std::array<double, 3>& point_mm) const;
  // World position of voxel (i, j, k)'s centre.
  std::array<double, 3> centre_mm(int i, int j, int k) const;

  // placement.inverse(), set by the reader.
  std::array<std::array<double, 3>, 3> world_to_index{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
};

// Reads a label volume; unreadable files, unknown extensions and bad values are InputErrors. A
// header that states more voxels than fit in `memory_budget_bytes` (default: the memory
// available) is a RuntimeError, raised before the reader allocates them.
LabelVolume read_label_volume(const std::filesystem::path& path);
LabelVolume read_label_volume(const std::filesystem::path& path, uint64_t memory_budget_bytes);

}  // namespace photodose
