// Fuzzes phantom files (phantoms/*.json) as a plan loads them: the input is the phantom file's
// text; the plan names it and sets its first declared parameter, then everything `validate`
// does follows (parameter expressions, grid, tissues, regions, probes, memory check and, when
// the grid is small, voxelising and describing).
#include <omp.h>

#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "photodose/plan/describe.h"
#include "photodose/plan/memory.h"
#include "photodose/plan/parse.h"
#include "photodose/plan/phantom.h"

namespace {

constexpr uint64_t kMemoryBudget_bytes = uint64_t(1) << 30;  // below -rss_limit_mb=2048
constexpr int64_t kMaxVoxelisedVoxels = int64_t(1) << 16;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  omp_set_num_threads(1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace photodose;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  fuzz::write_scratch("phantom.json", text);
  // The plan loads the file twice: with the file's defaults, and setting the first parameter
  // it declares (if the text parses) to a value inside and one outside its bounds.
  const std::string plain = R"({"phantom": {"file": "phantom.json"}})";
  const std::string plan_path = fuzz::write_scratch("plan.json", plain).string();
  fuzz::expect_clean_errors([&] {
    const plan::Plan p = plan::load_plan(plan_path);
    plan::check_run_memory(p, kMemoryBudget_bytes);
    if (p.grid.voxels() > kMaxVoxelisedVoxels) return;
    const plan::VoxelizedPhantom phantom = plan::voxelize_phantom(p, 1);
    (void)plan::describe_plan(p, phantom);
  });
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_object() && doc.contains("parameters") && doc["parameters"].is_object() &&
      !doc["parameters"].empty()) {
    const std::string name = doc["parameters"].begin().key();
    for (const double value : {0.5, 1e300}) {
      const nlohmann::json plan = {
          {"phantom", {{"file", "phantom.json"}, {"parameters", {{name, value}}}}}};
      const std::string path = fuzz::write_scratch("plan.json", plan.dump()).string();
      fuzz::expect_clean_errors([&] {
        const plan::Plan p = plan::load_plan(path);
        plan::check_run_memory(p, kMemoryBudget_bytes);
      });
    }
  }
  return 0;
}
