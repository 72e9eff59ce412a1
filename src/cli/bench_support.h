#pragma once
// Pieces of `photodose bench` beside the photon cases: peak memory, the heat-stencil case and
// the full photothermal preset case.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "photodose/common/backend.h"

namespace photodose::cli {

// Resets the process's peak resident memory (Linux clear_refs) so each case reports its own.
void reset_peak_memory();
double peak_memory_MB();

// What the non-photon cases read from the command line.
struct BenchCaseSettings {
  Backend backend = Backend::cpu;
  int threads = 0;       // CPU threads, 0 = all cores
  uint64_t photons = 0;  // per source of the preset case; 0 = kPresetPhotons
  int heat_size = 0;     // edge of the heat cube; 0 = the case's (256)
  int heat_steps = 0;    // timed explicit steps; 0 = kHeatSteps
  FILE* text = stdout;   // where the one-line human summary of each case goes
};

// The preset case runs this many photons unless --photons says otherwise: enough for a tumour
// mean relative error of a few per cent, few enough for a bench run.
inline constexpr uint64_t kPresetPhotons = 100000;
inline constexpr int kHeatSteps = 20;

// Every case `photodose bench` runs by default, photon cases first.
std::vector<std::string> default_bench_cases();
bool is_heat_case(const std::string& name);
bool is_preset_case(const std::string& name);
// The non-photon case names, comma separated, for messages.
std::string other_case_names();

// heat256: explicit Pennes steps on a 256^3 heterogeneous problem against a same-run copy
// (bench_heat_stencil): voxel_updates_per_s, GB_per_s, copy_GB_per_s, fraction_of_copy.
nlohmann::ordered_json run_heat_case(const std::string& name, const BenchCaseSettings& s);

// gnr-ptt: presets/gnr-ptt-subcutaneous.json (compiled in) through the whole pipeline into a
// temporary directory: photons_per_ms of its transport, and the figure of merit
// 1/(R^2 T) with R the mean relative error of the fluence rate over the tumour voxels and T the
// transport seconds.
nlohmann::ordered_json run_preset_case(const std::string& name, const BenchCaseSettings& s);

}  // namespace photodose::cli
