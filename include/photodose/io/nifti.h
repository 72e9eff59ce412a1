#pragma once
// NIfTI-1 volumes (.nii or .nii.gz), written through VTK, for 3D Slicer, ITK-SNAP and nibabel.
//
// Layout: one voxel per grid voxel (x fastest, as the grid); float32, or uint8/uint16 for
// integer arrays of those types (labels, verdicts); voxel size in mm (xyzt_units: mm and s);
// qform and sform (code 1, scanner) the same pure translation, to the centre of voxel (0,0,0),
// so a viewer overlays the volume on a label map of the same grid.
#include <filesystem>

#include "photodose/common/grid.h"
#include "photodose/io/field_array.h"

namespace photodose {

// Writes one array. RuntimeError naming the path and the reason if it cannot be written, and
// for an array whose length is not grid.voxels().
void write_nifti(const std::filesystem::path& path, const Grid& grid, const FieldView& array);

}  // namespace photodose
