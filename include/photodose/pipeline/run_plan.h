#pragma once
// `photodose run`: a validated plan through every stage, its outputs written into a directory.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "photodose/pipeline/stages.h"
#include "photodose/plan/plan.h"

namespace photodose::pipeline {

// Runs the plan and writes fields.vti, series.pvd + series/, probes.csv, dvh.csv and the PNGs
// into `directory` (normally an OutputDirectory's staging path). Returns summary.json's content,
// which the caller writes last.
nlohmann::ordered_json run_plan(const plan::Plan& plan, const RunSettings& settings,
                                const std::filesystem::path& directory);

}  // namespace photodose::pipeline
