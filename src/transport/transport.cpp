// Transport entry point: prepares the problem, runs it on a backend and normalises the tallies.
#include "photodose/transport/transport.h"

#include <chrono>
#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/transport/kernel_view.h"

namespace photodose {

double EnergyBalance::balance_error() const {
  return std::fabs(1.0 - specular - absorbed - escaped() - stopped_by_time);
}

namespace {

EnergyBalance normalise_energy(const std::array<double, kTallyScalarCount>& s) {
  EnergyBalance e;
  const double launched = s[kTallyLaunched];
  const double roulette_net = s[kTallyRouletteGain] - s[kTallyRouletteLoss];
  // Roulette creates and destroys energy (zero on average); fold it into the normalisation so
  // that the fractions add up to one and the balance checks the bookkeeping itself.
  const double total = launched + roulette_net;
  if (!(total > 0)) return e;
  e.specular = s[kTallySpecular] / total;
  e.absorbed = s[kTallyAbsorbed] / total;
  for (int f = 0; f < kFaceCount; ++f)
    e.escaped_by_face[size_t(f)] = s[size_t(kTallyEscapedFirst + f)] / total;
  e.stopped_by_time = s[kTallyStoppedByTime] / total;
  e.roulette_net = roulette_net / launched;
  return e;
}

// Standard error of each energy fraction from the spread of the per-batch fractions.
EnergyBalance energy_std_error(const BatchedTallies& t) {
  EnergyBalance se;
  const size_t batches = t.batch_scalars.size();
  if (batches < 2) return se;
  std::vector<EnergyBalance> per_batch;
  for (const auto& b : t.batch_scalars) per_batch.push_back(normalise_energy(b));
  auto spread = [&](auto get) {
    double mean = 0, sq = 0;
    for (const auto& e : per_batch) mean += get(e);
    mean /= double(batches);
    for (const auto& e : per_batch) sq += (get(e) - mean) * (get(e) - mean);
    return std::sqrt(sq / double(batches - 1) / double(batches));
  };
  se.specular = spread([](const EnergyBalance& e) { return e.specular; });
  se.absorbed = spread([](const EnergyBalance& e) { return e.absorbed; });
  for (size_t f = 0; f < size_t(kFaceCount); ++f)
    se.escaped_by_face[f] = spread([f](const EnergyBalance& e) { return e.escaped_by_face[f]; });
  se.stopped_by_time = spread([](const EnergyBalance& e) { return e.stopped_by_time; });
  se.roulette_net = spread([](const EnergyBalance& e) { return e.roulette_net; });
  return se;
}

}  // namespace

TransportResult run_transport(const TransportProblem& problem, const TransportOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const PreparedTransport prepared = prepare_transport(problem);
  BatchedTallies tallies;
  TransportResult result;
  result.backend = backend_name(options.backend);
  if (options.backend == Backend::cuda) {
#if defined(PHOTODOSE_HAVE_CUDA)
    tallies = run_batches_cuda(prepared, options.progress);
    result.threads = 0;
#else
    throw RuntimeError("this photodose was built without CUDA; use --backend cpu");
#endif
  } else {
    result.threads = resolve_cpu_threads(options.threads);
    tallies = run_batches_cpu(prepared, result.threads, options.progress, options.cpu_shared_tally);
  }
  result.device = device_description(options.backend);
  const auto stop = std::chrono::steady_clock::now();
  result.seconds = std::chrono::duration<double>(stop - start).count();

  result.grid = problem.grid;
  result.photons = problem.photons;
  result.batches = int(prepared.batches.size());
  result.energy = normalise_energy(tallies.scalars);
  result.energy_std_error = energy_std_error(tallies);
  result.photons_stopped_by_step_limit = uint64_t(tallies.scalars[kTallyStepLimitCount]);
  if (!std::isfinite(result.energy.absorbed) || result.energy.balance_error() > 1e-3)
    throw RuntimeError("photon transport lost track of energy (balance error " +
                       std::to_string(result.energy.balance_error()) +
                       "); this is a bug, please report it with the input");

  const size_t nvox = tallies.deposit_sum.size();
  const double photons = double(problem.photons);
  const double voxel_mm = problem.grid.voxel_mm;
  const double to_fluence = 1.0 / (photons * voxel_mm * voxel_mm);
  const int batches = result.batches;
  result.fluence_per_mm2.resize(nvox);
  result.fluence_rel_error.resize(nvox);
  result.absorbed_fraction.resize(nvox);
  for (size_t v = 0; v < nvox; ++v) {
    const double per_photon = tallies.deposit_sum[v] / photons;
    result.fluence_per_mm2[v] = tallies.deposit_sum[v] * to_fluence;
    float rel = 0.0f;
    if (per_photon > 0 && batches > 1) {
      const double mean_sq = tallies.per_photon_sq_sum[v] / batches;
      const double var_of_mean = std::max(0.0, mean_sq - per_photon * per_photon) / (batches - 1);
      rel = float(std::sqrt(var_of_mean) / per_photon);
    }
    result.fluence_rel_error[v] = rel;
    const uint16_t label = problem.labels[v];
    const OpticalProps& m =
        prepared.per_voxel && label != 0 ? prepared.voxel_props[v] : prepared.media[label];
    result.absorbed_fraction[v] = label == 0 ? 0.0 : double(m.mua_per_mm) * per_photon;
  }
  return result;
}

}  // namespace photodose
