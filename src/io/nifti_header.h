#pragma once
// Checks of a NIfTI header made before VTK reads the file (private to src/io).
#include <filesystem>

namespace photodose::nifti {

// InputError unless `path` (.nii or .nii.gz) starts with a NIfTI-1 or NIfTI-2 single-file header
// of either byte order that VTK's reader can take: magic "n+1" or "n+2", 1 to 7 dimensions of
// positive size, a datatype of single numbers and a data offset after the header. VTK 9.1's
// vtkNIFTIImageReader trusts these fields and reads through null or wild pointers on a corrupt
// header (found by tests/fuzz/label_volume_fuzz.cpp).
void check_header(const std::filesystem::path& path);

}  // namespace photodose::nifti
