// Fuzzes what `photodose validate` and `run --set` do before any transport or heat: read the plan
// file, apply the --set overrides, validate, check the memory a run needs and, when the grid is
// small, voxelise the phantom and describe the plan.
//
// Input: the plan's JSON text, then optionally lines "--set /json/pointer=VALUE" after it (the
// first line starting with "--set " ends the plan text). The plan's folder also holds
// phantom_labels.vti (tests/data/plans/good), so label-volume regions can be reached, and the
// phantom library (phantoms/), so the presets' phantom files can be.
#include <omp.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "photodose/plan/describe.h"
#include "photodose/plan/memory.h"
#include "photodose/plan/parse.h"
#include "photodose/plan/phantom.h"

namespace {

// The memory check runs against this budget instead of the machine's, below libFuzzer's
// -rss_limit_mb=2048, so an accepted plan can never make the target allocate gigabytes.
constexpr uint64_t kMemoryBudget_bytes = uint64_t(1) << 30;
// Voxelising is linear in the voxels: beyond this the target would be slow, not more thorough.
constexpr int64_t kMaxVoxelisedVoxels = int64_t(1) << 16;
constexpr size_t kMaxOverrides = 8;

struct Input {
  std::string plan_text;
  std::vector<std::string> sets;
};

Input split(std::string_view text) {
  constexpr std::string_view kSet = "--set ";
  Input in;
  size_t first = text.substr(0, kSet.size()) == kSet ? 0 : text.find("\n--set ");
  in.plan_text = std::string(text.substr(0, first));
  for (size_t pos = first; pos < text.size() && in.sets.size() < kMaxOverrides;) {
    if (text[pos] == '\n') ++pos;
    const size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    if (line.substr(0, kSet.size()) == kSet) in.sets.emplace_back(line.substr(kSet.size()));
    pos = end;
  }
  return in;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  omp_set_num_threads(1);  // one libFuzzer job per core; results do not depend on threads
  namespace fs = std::filesystem;
  fs::copy_file(fs::path(PHOTODOSE_SOURCE_DIR) / "tests/data/plans/good/phantom_labels.vti",
                photodose::fuzz::scratch_dir() / "phantom_labels.vti");
  // The presets' phantom files (the seeds name them as phantoms/<file>).
  fs::copy(fs::path(PHOTODOSE_SOURCE_DIR) / "phantoms",
           photodose::fuzz::scratch_dir() / "phantoms");
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace photodose;
  const Input in = split(std::string_view(reinterpret_cast<const char*>(data), size));
  const std::string path = fuzz::write_scratch("plan.json", in.plan_text).string();
  fuzz::expect_clean_errors([&] {
    const plan::Plan p = plan::load_plan(path, in.sets);
    plan::check_run_memory(p, kMemoryBudget_bytes);
    if (p.grid.voxels() > kMaxVoxelisedVoxels) return;
    const plan::VoxelizedPhantom phantom = plan::voxelize_phantom(p, 1);
    (void)plan::describe_plan(p, phantom);
  });
  return 0;
}
