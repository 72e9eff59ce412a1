// run_soed: validates, compacts, runs a backend (pausing at the sample times for the observer)
// and scatters the per-voxel results back onto the grid.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/pdt/soed.h"
#include "photodose/pdt/soed_backend.h"
#include "photodose/pdt/soed_photophysics.h"

namespace photodose {
namespace {

constexpr double kMM_per_uM = 1e-3;

std::string voxel_name(const Grid& grid, int64_t v) {
  const int64_t nx = grid.dims.nx, ny = grid.dims.ny;
  return "voxel (" + std::to_string(v % nx) + ", " + std::to_string((v / nx) % ny) + ", " +
         std::to_string(v / (nx * ny)) + ")";
}

// Throws RuntimeError for the failed voxel (or one with a non-finite value) of lowest grid
// index, so the message does not depend on the order the backend keeps the voxels in.
void check_voxels(const SoedCompact& c, const Grid& grid, const std::vector<double>& y,
                  const std::vector<int32_t>& status, double t_s) {
  int64_t failed = -1;
  for (int64_t a = 0; a < c.count(); ++a) {
    bool finite = true;
    for (int i = 0; i < kSoedStateSize; ++i)
      finite = finite && std::isfinite(y[size_t(a * kSoedStateSize + i)]);
    if (status[size_t(a)] == kSoedOk && finite) continue;
    if (failed < 0 || c.voxel[size_t(a)] < c.voxel[size_t(failed)]) failed = a;
  }
  if (failed >= 0) {
    const int64_t a = failed;
    const std::string why =
        status[size_t(a)] == kSoedStepLimit       ? "needed more than tolerances.max_steps steps"
        : status[size_t(a)] == kSoedStepUnderflow ? "step size fell below round-off"
                                                  : "gave a non-finite value";
    throw RuntimeError("SOED kinetics failed at " + voxel_name(grid, c.voxel[size_t(a)]) +
                       " before t = " + std::to_string(t_s) + " s: the integrator " + why +
                       "; check the fluence rate and SOED parameters there, or loosen "
                       "tolerances.rtol");
  }
}

// Full-grid fields, with the values of voxels without photosensitizer filled in once.
struct GridFields {
  std::vector<double> rx_mM, s0_uM, o2_uM, dose;

  explicit GridFields(const SoedProblem& p) {
    const size_t n = size_t(p.grid.voxels());
    rx_mM.assign(n, 0.0);
    s0_uM.assign(n, 0.0);
    dose.assign(n, 0.0);
    o2_uM = p.oxygen0_uM.empty() ? std::vector<double>(n, p.parameters.oxygen0_uM) : p.oxygen0_uM;
  }
  void scatter(const SoedCompact& c, const std::vector<double>& y, double dose_factor) {
    for (int64_t a = 0; a < c.count(); ++a) {
      const size_t v = size_t(c.voxel[size_t(a)]);
      const double* ya = &y[size_t(a * kSoedStateSize)];
      s0_uM[v] = ya[kSoedS0];
      o2_uM[v] = ya[kSoedO2];
      rx_mM[v] = ya[kSoedRx] * kMM_per_uM;
      dose[v] = ya[kSoedS0Phi] * dose_factor;
    }
  }
};

std::vector<double> sorted_sample_times(const SoedSampling& sampling, double duration_s) {
  std::vector<double> times = sampling.times_s;
  for (double t : times)
    if (!(t >= 0 && t <= duration_s))
      throw InputError(
          "", "SOED sample time", std::to_string(t),
          "a time in [0, " + std::to_string(duration_s) + "] s (set duration_s to sample later)");
  std::sort(times.begin(), times.end());
  return times;
}

}  // namespace

SoedResult run_soed(const SoedProblem& problem, Backend backend, int threads,
                    const SoedSampling& sampling) {
  const auto start = std::chrono::steady_clock::now();
  validate_soed_problem(problem);
  const double duration_s = soed_duration_s(problem);
  const std::vector<double> sample_times = sorted_sample_times(sampling, duration_s);
  SoedCompact compact = compact_soed_problem(problem, duration_s);
  order_soed_voxels_by_light(compact);
  const double dose_factor = pdt_dose_photons_per_cm3_per_uM_mJ_per_cm2(
      problem.molar_extinction_per_M_cm, problem.wavelength_nm);

  SoedResult result;
  result.backend = backend_name(backend);
  std::unique_ptr<SoedStepper> stepper;
  if (backend == Backend::cuda) {
#if defined(PHOTODOSE_HAVE_CUDA)
    stepper = make_soed_stepper_cuda(compact);
#else
    throw RuntimeError("this photodose was built without CUDA; use --backend cpu");
#endif
  } else {
    result.threads = resolve_cpu_threads(threads);
    stepper = make_soed_stepper_cpu(compact, result.threads);
  }
  result.device = device_description(backend);

  GridFields fields(problem);
  std::vector<double> y;
  std::vector<int32_t> status;
  for (double t_s : sample_times) {
    stepper->sample(t_s, y, status);
    check_voxels(compact, problem.grid, y, status, t_s);
    if (!sampling.observer) continue;
    fields.scatter(compact, y, dose_factor);
    SoedSnapshot snap;
    snap.time_s = t_s;
    snap.singlet_oxygen_rx_mM = fields.rx_mM;
    snap.photosensitizer_uM = fields.s0_uM;
    snap.oxygen_uM = fields.o2_uM;
    snap.pdt_dose_photons_per_cm3 = fields.dose;
    sampling.observer(snap);
  }
  stepper->finish(y, status, result.steps);
  check_voxels(compact, problem.grid, y, status, duration_s);
  fields.scatter(compact, y, dose_factor);

  result.grid = problem.grid;
  result.duration_s = duration_s;
  result.threshold_mM = problem.parameters.threshold_mM;
  result.active_voxels = compact.count();
  result.singlet_oxygen_rx_mM = std::move(fields.rx_mM);
  result.photosensitizer_uM = std::move(fields.s0_uM);
  result.oxygen_uM = std::move(fields.o2_uM);
  result.pdt_dose_photons_per_cm3 = std::move(fields.dose);
  result.pdt_necrosis.resize(result.singlet_oxygen_rx_mM.size());
  for (size_t v = 0; v < result.pdt_necrosis.size(); ++v)
    result.pdt_necrosis[v] = result.singlet_oxygen_rx_mM[v] >= result.threshold_mM ? 1 : 0;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace photodose
