#include "bench_support.h"

#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "photodose/common/embedded_text.h"
#include "photodose/common/errors.h"
#include "photodose/common/json_input.h"
#include "photodose/pipeline/run_plan.h"
#include "photodose/plan/parse.h"
#include "photodose/thermal/thermal.h"

namespace photodose {
// The preset of the gnr-ptt case, compiled in from presets/ (CMakeLists.txt).
std::span<const EmbeddedText> embedded_bench_presets();
}  // namespace photodose

namespace photodose::cli {
namespace {

constexpr const char* kHeatCase = "heat256";
constexpr int kHeatCaseSize = 256;
constexpr const char* kPresetCase = "gnr-ptt";
constexpr const char* kPresetFile = "gnr-ptt-subcutaneous.json";

std::string preset_text() {
  for (const auto& p : embedded_bench_presets())
    if (p.name == kPresetFile) return std::string(p.text);
  throw RuntimeError(std::string("the preset ") + kPresetFile +
                     " is not compiled into this photodose; rebuild it from the source tree");
}

// A fresh directory under the system's temporary folder, removed with everything in it when the
// case ends (also on an exception).
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "photodose-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw RuntimeError("cannot create a temporary directory under " +
                         std::filesystem::temp_directory_path().string() +
                         "; set TMPDIR to a writable folder");
    path_ = pattern;
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

void reset_peak_memory() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";  // resets the peak resident set size (VmHWM)
}

double peak_memory_MB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;  // kB
  return 0.0;
}

std::vector<std::string> default_bench_cases() {
  return {"cube60",     "cube60b", "cube60planar", "cubesph60b",
          "skinvessel", "vdhulst", kHeatCase,      kPresetCase};
}

bool is_heat_case(const std::string& name) {
  return name == kHeatCase;
}
bool is_preset_case(const std::string& name) {
  return name == kPresetCase;
}
std::string other_case_names() {
  return std::string(kHeatCase) + ", " + kPresetCase;
}

nlohmann::ordered_json run_heat_case(const std::string& name, const BenchCaseSettings& s) {
  if (!is_heat_case(name)) throw InputError("", "--case", "'" + name + "'", kHeatCase);
  const int n = s.heat_size > 0 ? s.heat_size : kHeatCaseSize;
  const int steps = s.heat_steps > 0 ? s.heat_steps : kHeatSteps;
  reset_peak_memory();
  const HeatBenchResult b = bench_heat_stencil({n, n, n}, s.backend, s.threads, steps);
  nlohmann::ordered_json j = {{"name", name},
                              {"kind", "heat stencil (explicit Pennes step)"},
                              {"dims", {b.dims.nx, b.dims.ny, b.dims.nz}},
                              {"steps", b.steps},
                              {"kernels", b.kernels},
                              {"voxel_updates_per_s", b.voxel_updates_per_s},
                              {"GB_per_s", b.GB_per_s},
                              {"bytes_per_update", b.bytes_per_update},
                              {"copy_GB_per_s", b.copy_GB_per_s},
                              {"fraction_of_copy", b.fraction_of_copy},
                              {"seconds", b.seconds},
                              {"implicit_voxel_updates_per_s", b.implicit_voxel_updates_per_s},
                              {"implicit_GB_per_s", b.implicit_GB_per_s},
                              {"implicit_bytes_per_update", b.implicit_bytes_per_update},
                              {"implicit_fraction_of_copy", b.implicit_fraction_of_copy},
                              {"implicit_seconds", b.implicit_seconds},
                              {"arrays_MB", b.peak_memory_MB},
                              {"peak_memory_MB", peak_memory_MB()}};
  std::fprintf(s.text,
               "%-14s %12.4g voxel updates/s  %6.2f GB/s = %5.1f %% of copy (%.2f GB/s), %s\n"
               "%-14s %12.4g voxel updates/s  %6.2f GB/s = %5.1f %% of copy (implicit ADI)\n",
               name.c_str(), b.voxel_updates_per_s, b.GB_per_s, 100.0 * b.fraction_of_copy,
               b.copy_GB_per_s, b.kernels.c_str(), "", b.implicit_voxel_updates_per_s,
               b.implicit_GB_per_s, 100.0 * b.implicit_fraction_of_copy);
  std::fflush(s.text);
  return j;
}

nlohmann::ordered_json run_preset_case(const std::string& name, const BenchCaseSettings& s) {
  if (!is_preset_case(name)) throw InputError("", "--case", "'" + name + "'", kPresetCase);
  const nlohmann::json doc = parse_json_text(preset_text(), kPresetFile);
  plan::Plan plan = plan::parse_plan(doc, kPresetFile);
  // A bench measures the computation: pictures would only add a dependency on the plot driver
  // (a GPU machine may have none) and seconds that are not the physics.
  plan.outputs.png = false;

  pipeline::RunSettings settings;
  settings.backend = s.backend;
  settings.threads = s.threads;
  settings.photons = s.photons > 0 ? s.photons : kPresetPhotons;
  reset_peak_memory();
  nlohmann::ordered_json summary;
  {
    ScratchDirectory scratch;
    summary = pipeline::run_plan(plan, settings, scratch.path());
  }
  const auto& transport = summary.at("transport").at(0);
  const double transport_s = transport.at("seconds").get<double>();
  const auto& tumor = summary.at("regions").at("tumor");
  const double rel_error = tumor.at("fluence_rate_by_wavelength")
                               .at("808nm")
                               .at("fluence_rate_rel_error_mean")
                               .get<double>();
  const double fom =
      rel_error > 0 && transport_s > 0 ? 1.0 / (rel_error * rel_error * transport_s) : 0.0;
  nlohmann::ordered_json j = {
      {"name", name},
      {"kind", "photothermal preset (presets/" + std::string(kPresetFile) + ")"},
      {"photons", transport.at("photons")},
      {"photons_per_ms", transport.at("photons_per_ms")},
      {"transport_seconds", transport_s},
      {"tumor_fluence_rate_rel_error_mean", rel_error},
      {"figure_of_merit_per_s", fom},
      {"tumor_temperature_max_C", tumor.value("temperature_max_C", 0.0)},
      {"thermal_seconds",
       summary.contains("thermal") ? summary["thermal"].value("seconds", 0.0) : 0.0},
      {"seconds", summary.at("seconds")},
      {"peak_memory_MB", peak_memory_MB()}};
  std::fprintf(s.text,
               "%-14s %12.1f photons/ms  FOM 1/(R^2 T) %9.4g /s (R %.4f, T %.2f s)  total %.2f s\n",
               name.c_str(), transport.at("photons_per_ms").get<double>(), fom, rel_error,
               transport_s, summary.at("seconds").get<double>());
  std::fflush(s.text);
  return j;
}

}  // namespace photodose::cli
