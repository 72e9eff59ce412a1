// run_thermal: prepares the problem, walks the timeline segment by segment on a backend,
// calls the observer at sample times and assembles the result and the energy balance.
#include "photodose/thermal/thermal.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "photodose/common/errors.h"
#include "photodose/thermal/engine.h"
#include "photodose/thermal/steady_state.h"
#include "photodose/thermal/timeline.h"
#include "segment_stepper.h"

namespace photodose {

double ThermalEnergy::balance_error() const {
  const double scale = std::max({std::fabs(deposited_J), std::fabs(perfusion_J),
                                 std::fabs(boundary_J), std::fabs(stored_J), 1e-300});
  return std::fabs(stored_J - deposited_J - perfusion_J - boundary_J) / scale;
}

double ThermalEnergy::terms_error() const {
  const double requested = light_J + magnetic_J + metabolic_J;
  const double scale =
      std::max({std::fabs(light_J), std::fabs(magnetic_J), std::fabs(metabolic_J),
                std::fabs(perfusion_J), std::fabs(boundary_J), std::fabs(stored_J), 1e-300});
  return std::fabs(stored_J - requested - perfusion_J - boundary_J) / scale;
}

namespace {

std::unique_ptr<ThermalEngine> make_engine(const PreparedThermal& prepared, Backend backend,
                                           int threads) {
  if (backend == Backend::cuda) {
#if defined(PHOTODOSE_HAVE_CUDA)
    return make_cuda_thermal_engine(prepared);
#else
    throw RuntimeError("this photodose was built without CUDA; use --backend cpu");
#endif
  }
  return make_cpu_thermal_engine(prepared, threads);
}

[[noreturn]] void throw_bad(const BadVoxel& bad, const PreparedThermal& pr, const Grid& grid,
                            double t_start, double dt) {
  const int64_t p = bad.padded_voxel;
  const int i = int(p % pr.padded.nx) - 1, j = int((p / pr.sy) % pr.padded.ny) - 1,
            k = int(p / pr.sz) - 1;
  const auto c = grid.center_mm(i, j, k);
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "thermal solver: temperature %.6g degC at voxel (%d, %d, %d) (%.4g, %.4g, %.4g mm) "
                "at t = %.6g s is outside [-273.15, 1000] degC or not finite; the heating is "
                "unphysically strong or the time step too long (try scheme 'implicit' or a "
                "smaller thermal.dt_s, and check the source powers)",
                bad.temperature_C, i, j, k, c[0], c[1], c[2], t_start + dt);
  throw RuntimeError(buf);
}

// Calls the observer with whatever the sample needs.
class SampleWriter {
 public:
  SampleWriter(const ThermalObserver* observer, const PreparedThermal& pr, const Grid& grid)
      : observer_(observer), grid_(grid) {
    if (!observer_) return;
    for (int64_t v : observer_->probe_voxels) {
      if (v < 0 || v >= grid.voxels())
        throw InputError(
            "", "/probes", "voxel index " + std::to_string(v),
            "an index inside the grid (0 to " + std::to_string(grid.voxels() - 1) + ")");
      padded_probes_.push_back(pr.padded_of(v));
    }
  }

  void sample(ThermalEngine& engine, double t, bool series, bool probe, bool final) {
    if (!observer_ || !observer_->on_sample || !(series || probe || final)) return;
    ThermalSample s;
    s.time_s = t;
    s.series = series;
    s.probe = probe;
    s.final = final;
    s.grid = &grid_;
    if (series || final || padded_probes_.empty()) {
      engine.read_fields(fields_, false);
      s.temperature_C = fields_.temperature_C;
      s.thermal_damage_omega = fields_.omega;
      s.cem43_min = fields_.cem43_min;
      s.temperature_max_C = fields_.temperature_max_C;
    }
    engine.read_probes(padded_probes_, probe_T_, probe_omega_, probe_cem_);
    s.probe_temperature_C = probe_T_;
    s.probe_damage_omega = probe_omega_;
    s.probe_cem43_min = probe_cem_;
    observer_->on_sample(s);
  }

 private:
  const ThermalObserver* observer_;
  const Grid& grid_;
  std::vector<int64_t> padded_probes_;
  ThermalFields fields_;
  std::vector<double> probe_T_, probe_omega_, probe_cem_;
};

}  // namespace

ThermalResult run_thermal(const ThermalProblem& problem, Backend backend, int threads,
                          const ThermalObserver* observer, const LightUpdater* updater) {
  const auto start = std::chrono::steady_clock::now();
  validate_thermal_problem(problem);
  PreparedThermal prepared = prepare_thermal(problem);
  ThermalResult result;
  result.threads = backend == Backend::cpu ? resolve_cpu_threads(threads) : 0;
  result.start.kind = problem.initial;
  result.start.temperature_C = problem.initial_C;
  if (problem.initial == ThermalInitial::steady_state) {
    // On the CPU for either backend: one solve before the run, and the same start for both.
    SteadyStateSolve steady =
        solve_steady_state(prepared, resolve_cpu_threads(threads), problem.steady_tolerance_K);
    prepared.T0 = std::move(steady.T_padded);
    result.start.iterations = steady.iterations;
    result.start.residual_K = steady.residual_K;
    result.start.drift_K_per_s = steady.drift_K_per_s;
    result.start.seconds = steady.seconds;
  }
  const ThermalTimeline timeline = build_timeline(problem, observer);
  const TimeStepChoice choice = choose_time_step(problem, prepared);
  SampleWriter writer(observer, prepared, problem.grid);

  std::unique_ptr<ThermalEngine> engine = make_engine(prepared, backend, result.threads);
  result.backend = backend_name(backend);
  result.device = device_description(backend);
  result.grid = problem.grid;
  result.scheme = choice.scheme;
  result.adaptive = choice.adaptive;
  result.dt_s = choice.dt_s;
  result.dt_stable_explicit_s = choice.dt_stable_s;
  result.duration_s = problem.duration_s;
  result.warnings = choice.warnings;

  writer.sample(*engine, 0.0, timeline.series_at_start, timeline.probe_at_start, false);
  SegmentStepper stepper(*engine, problem, prepared, choice, observer,
                         [&](const BadVoxel& bad, double t_start_s, double dt_s) {
                           throw_bad(bad, prepared, problem.grid, t_start_s, dt_s);
                         });
  // Light energy piece by piece: the sources may change inside a segment.
  const size_t n_light = problem.light_sources.size();
  ThermalEnergy& e = result.energy;
  const ThermalSegment* current = nullptr;
  double piece_start_s = 0;
  auto add_light_energy = [&](double until_s) {
    for (size_t s = 0; s < n_light; ++s)
      e.light_J += current->weights[s] * prepared.source_total_W[s] * (until_s - piece_start_s);
    piece_start_s = until_s;
  };
  size_t next_update = 0;
  ThermalFields state;
  if (updater && updater->update && !updater->times_s.empty())
    stepper.set_source_hook([&](double t_end_s) {
      const double eps = 1e-9 * problem.duration_s;
      if (next_update >= updater->times_s.size() || t_end_s < updater->times_s[next_update] - eps)
        return false;
      while (next_update < updater->times_s.size() &&
             updater->times_s[next_update] <= t_end_s + eps)
        ++next_update;
      engine->read_fields(state, false);
      LightUpdateState now;
      now.time_s = t_end_s;
      now.thermal_damage_omega = state.omega;
      now.cem43_min = state.cem43_min;
      now.temperature_C = state.temperature_C;
      const auto densities = updater->update(now);
      if (!densities) return false;
      if (densities->size() != n_light)
        throw RuntimeError("light update: " + std::to_string(densities->size()) + " sources for " +
                           std::to_string(n_light));
      add_light_energy(t_end_s);
      for (size_t s = 0; s < n_light; ++s) {
        const std::vector<double>& d = (*densities)[s];
        if (int64_t(d.size()) != problem.grid.voxels())
          throw RuntimeError("light update: a source's heat has the wrong size");
        std::vector<float>& padded = prepared.sources[s];
        double total = 0;
        for (int64_t n = 0; n < problem.grid.voxels(); ++n) {
          const size_t p = size_t(prepared.padded_of(n));
          if (!(prepared.inv_c[p] > 0)) continue;  // not solved
          const double w = d[size_t(n)] * prepared.voxel_volume_m3;
          padded[p] = float(w);
          total += w;
        }
        prepared.source_total_W[s] = total;
      }
      engine->reload_sources();
      engine->set_source_weights(current->weights);
      return true;
    });
  for (size_t s = 0; s < timeline.segments.size(); ++s) {
    const ThermalSegment& seg = timeline.segments[s];
    current = &seg;
    piece_start_s = seg.start_s;
    stepper.run(seg, s > 0 ? &timeline.segments[s - 1] : nullptr);
    add_light_energy(seg.end_s);
    const bool final = s + 1 == timeline.segments.size();
    writer.sample(*engine, seg.end_s, seg.series_at_end, seg.probe_at_end, final);
  }
  result.steps = stepper.steps();
  result.rejected_steps = stepper.rejected();
  result.dt_min_s = stepper.dt_min_s();
  result.dt_max_s = stepper.dt_max_s();
  if (choice.adaptive)
    result.dt_s = problem.duration_s / double(std::max<int64_t>(1, result.steps));

  ThermalFields fields;
  engine->read_fields(fields, true);
  result.temperature_C = std::move(fields.temperature_C);
  result.temperature_max_C = std::move(fields.temperature_max_C);
  result.thermal_damage_omega = std::move(fields.omega);
  result.cem43_min = std::move(fields.cem43_min);
  result.omega1_time_s = std::move(fields.omega1_time_s);
  result.thermal_necrosis = necrosis_verdict(problem.necrosis_rules, problem.necrosis_rule_of_voxel,
                                             result.thermal_damage_omega, result.cem43_min);

  for (const ThermalSegment& seg : timeline.segments) {
    const double length = seg.end_s - seg.start_s;
    for (size_t s = n_light; s < seg.weights.size(); ++s)
      e.magnetic_J += seg.weights[s] * prepared.source_total_W[s] * length;
  }
  e.metabolic_J = prepared.metabolic_total_W * problem.duration_s;
  e.deposited_J = stepper.deposited_J();
  const FlowEnergy flows = engine->flow_energy();
  e.boundary_J = flows.boundary_J;
  e.perfusion_J = flows.perfusion_J;
  std::vector<double> T_padded;
  engine->read_padded_temperature(T_padded);
  e.stored_J = stored_energy_J(prepared, T_padded);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace photodose
