#pragma once
// Reading a treatment plan (docs/interface.md "Plan"): JSON -> validated Plan. Every problem is an
// InputError naming the file, the JSON pointer, the value found and what is allowed; unknown
// keys are errors at every level. The JSON Schema schema/plan.schema.json describes the same
// keys for editors (a test keeps the two in step).
//
// Defaults filled in (plan.h says where each lives):
//   name             the file's stem when absent
//   grid.origin_mm   [0, 0, 0]
//   phantom          background "air"; regions [] (all background)
//   sources          name "source<i>"; direction +z; schedule: see SourcePlan::schedule
//   transport        photons 1e6, seed 1, boundaries "fresnel", index_mismatch see plan.h
//   thermal          initial_C none (steady state), arterial_C 37, air {10 W/m^2K, 25 degC}, blood
//   {1050, 3617},
//                    perfusion_shutdown false, scheme "auto"; unlisted faces: plan.h
//   pdt              model "soed"
//   outputs          series_every_s 0 (none), probe_every_s 1, png true
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/plan/plan.h"

namespace photodose::plan {

// Validates a parsed document; `file` names it in messages and anchors relative paths (label
// volumes are found relative to its folder).
Plan parse_plan(const nlohmann::json& doc, const std::string& file);

// Reads, overrides and validates a plan file. Each override is "/json/pointer=VALUE" and is
// applied in order to the document before validation (see apply_set_override). Errors at or
// below an overridden pointer say which --set produced the value.
Plan load_plan(const std::string& path, const std::vector<std::string>& set_overrides = {});

// The document as run (Plan::document), with the files it names (label volumes) made absolute,
// so that the copy kept with the results runs again from any folder.
nlohmann::json document_as_run(const Plan& plan);

// Applies one "--set /json/pointer=VALUE" to a document. VALUE is taken as JSON when it parses
// as JSON (1.5, true, [1,2,3], {"a":1}, "quoted"), otherwise as a string (flat, tumor). The
// pointer's missing objects are created on the way; an array's element must exist (an index
// from 0 to its size, or "-", appends at the end). InputError naming the assignment otherwise.
void apply_set_override(nlohmann::json& doc, const std::string& assignment);

// A phantom file (phantoms/*.json: top-level `regions`, no `phantom`) rather than a plan.
bool is_phantom_document(const nlohmann::json& doc);
// Checks a phantom file on its own, as a plan that loads it and adds nothing
// (`photodose validate phantoms/x.json`); `parameters` are "name=VALUE" settings.
Plan load_phantom_as_plan(const std::string& path);

// The keys allowed at the top level of a plan.
const std::vector<std::string>& plan_top_level_keys();

}  // namespace photodose::plan
