#pragma once
// Running a plan given as JSON text through the whole pipeline, for pipeline tests: the summary
// and the fields it wrote, read back.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "photodose/io/vti.h"
#include "photodose/pipeline/run_plan.h"
#include "photodose/plan/parse.h"

namespace photodose::test {

struct PlanRun {
  nlohmann::ordered_json summary;
  VtiImage fields;
};

// Runs `plan_json` with the --set overrides `sets` on 2 threads into a fresh temporary directory
// named after `name` (removed again), the plan named `file_name` in messages.
inline PlanRun run_plan_text(const std::string& plan_json, const std::string& file_name,
                             const std::string& name, const std::vector<std::string>& sets = {}) {
  nlohmann::json doc = nlohmann::json::parse(plan_json);
  for (const auto& s : sets) plan::apply_set_override(doc, s);
  const plan::Plan p = plan::parse_plan(doc, file_name);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("photodose-pipeline-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  pipeline::RunSettings settings;
  settings.threads = 2;
  PlanRun r;
  r.summary = pipeline::run_plan(p, settings, dir);
  r.fields = read_vti(dir / "fields.vti");
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace photodose::test
