#include "nifti_header.h"

#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

#include "photodose/common/errors.h"

namespace photodose::nifti {
namespace {

// NIfTI-1 (nifti1.h) and NIfTI-2 (nifti2.h) field offsets and sizes.
constexpr int kSize1 = 348, kSize2 = 540;

template <class T>
T field(const unsigned char* h, size_t offset, bool swap) {
  unsigned char bytes[sizeof(T)];
  std::memcpy(bytes, h + offset, sizeof(T));
  if (swap)
    for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(bytes[i], bytes[sizeof(T) - 1 - i]);
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

// Datatype codes of one number per voxel: DT_UINT8 2, INT16 4, INT32 8, FLOAT32 16, FLOAT64 64,
// INT8 256, UINT16 512, UINT32 768, INT64 1024, UINT64 1280.
bool single_number_type(int code) {
  for (const int known : {2, 4, 8, 16, 64, 256, 512, 768, 1024, 1280})
    if (code == known) return true;
  return false;
}

}  // namespace

void check_header(const std::filesystem::path& path) {
  const std::string file = path.string();
  const auto fail = [&](const std::string& why) {
    throw InputError(file + ": not a NIfTI file that can be read (" + why +
                     "); expected a NIfTI-1 or NIfTI-2 single file (.nii, .nii.gz)");
  };
  unsigned char h[kSize2] = {};
  int n = 0;
  if (gzFile f = gzopen(file.c_str(), "rb")) {  // plain files are read as they are
    n = gzread(f, h, sizeof h);
    gzclose(f);
  }
  if (n < kSize1) fail("shorter than a header");
  int32_t size = field<int32_t>(h, 0, false);
  const bool swap = size != kSize1 && size != kSize2;
  if (swap) size = field<int32_t>(h, 0, true);
  int64_t dim[8];
  int datatype = 0;
  double vox_offset = 0;
  if (size == kSize1) {
    if (std::memcmp(h + 344, "n+1", 4) != 0) fail("no \"n+1\" magic");
    for (int i = 0; i < 8; ++i) dim[i] = field<int16_t>(h, 40 + 2 * size_t(i), swap);
    datatype = field<int16_t>(h, 70, swap);
    vox_offset = field<float>(h, 108, swap);
  } else if (size == kSize2) {
    if (n < kSize2) fail("shorter than a NIfTI-2 header");
    if (std::memcmp(h + 4, "n+2", 4) != 0) fail("no \"n+2\" magic");
    datatype = field<int16_t>(h, 12, swap);
    for (int i = 0; i < 8; ++i) dim[i] = field<int64_t>(h, 16 + 8 * size_t(i), swap);
    vox_offset = double(field<int64_t>(h, 168, swap));
  } else {
    fail("header size " + std::to_string(size));
  }
  if (dim[0] < 1 || dim[0] > 7) fail("dim[0] = " + std::to_string(dim[0]));
  for (int i = 1; i <= dim[0]; ++i)
    if (dim[i] < 1) fail("dim[" + std::to_string(i) + "] = " + std::to_string(dim[i]));
  if (!single_number_type(datatype)) fail("datatype code " + std::to_string(datatype));
  if (!(vox_offset >= size && vox_offset < 1e15)) fail("vox_offset " + std::to_string(vox_offset));
}

}  // namespace photodose::nifti
