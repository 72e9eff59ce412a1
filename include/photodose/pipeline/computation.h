#pragma once
// The computation of one run, stage by stage: phantom, optics and light -> heat and damage (the
// light following the tissue when the plan asks) -> PDT -> the fields. `photodose run` calls the
// stages with observers that record probes and write series; `photodose optimize` calls the same
// stages with none, so the search measures exactly the model that the run reports.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/pdt/soed.h"
#include "photodose/pipeline/fields.h"
#include "photodose/pipeline/stages.h"
#include "photodose/thermal/observer.h"
#include "photodose/thermal/result.h"

namespace photodose::pipeline {

struct RunState {
  plan::VoxelizedPhantom phantom;
  std::vector<OpticalSetup> optics;  // in use: replaced when the light follows the tissue
  std::vector<SourceLight> lights;
  // Tissue response (transport.update_every_s): the optics and light of the start, kept for the
  // outputs and for PDT, which is solved after the heat on the light of the start.
  bool updating = false;
  std::vector<OpticalSetup> initial_optics;
  std::vector<SourceLight> initial_lights;
  EarlierFluence earlier;
  nlohmann::ordered_json light_updates = nlohmann::ordered_json::array();
  std::optional<ThermalResult> thermal;
  std::optional<SoedResult> pdt;
};

// Phantom (after the memory check), optics per wavelength and the light of every source.
RunState compute_light(const plan::Plan& plan, const RunSettings& settings,
                       std::vector<std::string>& warnings);
// Heat and thermal damage when the plan has a thermal stage; `observer` may be null.
void compute_heat(RunState& state, const plan::Plan& plan, const RunSettings& settings,
                  ThermalObserver* observer, std::vector<std::string>& warnings);
// PDT kinetics when the plan has a PDT stage; `sampling_for` (may be empty) gives the sampling
// for the problem's duration.
using SoedSamplingFor = std::function<SoedSampling(double duration_s)>;
void compute_pdt(RunState& state, const plan::Plan& plan, const RunSettings& settings,
                 const SoedSamplingFor& sampling_for, std::vector<std::string>& warnings);
// The fields of the outputs and metrics (the optics move into them: call once, last).
RunFields assemble_run_fields(RunState& state, const plan::Plan& plan);

}  // namespace photodose::pipeline
