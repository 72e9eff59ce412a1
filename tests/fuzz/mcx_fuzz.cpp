// Fuzzes the reader of `photodose mcx` inputs (MCX's JSON format): the input is the file's text.
// Its folder holds nothing else, so a VolumeFile names a missing file unless it names the input
// itself (a shape file).
#include <string_view>

#include "fuzz_support.h"
#include "photodose/transport/mcx_input.h"

// Far below libFuzzer's -rss_limit_mb=2048, and small enough (about 300 000 voxels) that painting
// a volume the reader accepts stays quick.
constexpr uint64_t kMemoryBudget_bytes = uint64_t(1) << 20;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace photodose;
  const std::string path =
      fuzz::write_scratch("input.json", std::string_view(reinterpret_cast<const char*>(data), size))
          .string();
  fuzz::expect_clean_errors([&] { (void)load_mcx_input(path, kMemoryBudget_bytes); });
  return 0;
}
