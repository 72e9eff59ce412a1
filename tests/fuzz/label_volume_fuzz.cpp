// Fuzzes the label-volume readers (VTI, MetaImage, NIfTI, NRRD): the first byte picks the file's
// extension, the rest is the file. Hostile sizes, spacings and types must end in an InputError,
// never in a crash or a huge allocation.
#include <array>
#include <string_view>

#include "fuzz_support.h"
#include "photodose/io/label_volume.h"

// Far below libFuzzer's -rss_limit_mb=2048, so that an accepted header cannot make the target
// allocate gigabytes.
constexpr uint64_t kMemoryBudget_bytes = uint64_t(64) << 20;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace photodose;
  if (size == 0) return 0;
  static constexpr std::array<const char*, 7> kNames = {
      "labels.vti",    "labels.mha",  "labels.mhd", "labels.nii",
      "labels.nii.gz", "labels.nrrd", "labels.nhdr"};
  const char* name = kNames[data[0] % kNames.size()];
  const auto path = fuzz::write_scratch(
      name, std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  fuzz::expect_clean_errors([&] {
    const LabelVolume v = read_label_volume(path, kMemoryBudget_bytes);
    (void)v.label_at({0, 0, 0});
  });
  return 0;
}
