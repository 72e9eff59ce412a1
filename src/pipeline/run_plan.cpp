// The coupled pipeline: phantom -> optics per wavelength -> light per source -> heat and
// damage -> PDT -> metrics and outputs.
#include "photodose/pipeline/run_plan.h"

#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "photodose/common/units.h"
#include "photodose/io/plot.h"
#include "photodose/io/series_writer.h"
#include "photodose/io/vti.h"
#include "photodose/pdt/soed.h"
#include "photodose/pipeline/computation.h"
#include "photodose/pipeline/fields.h"
#include "photodose/pipeline/goals.h"
#include "photodose/pipeline/recorder.h"
#include "photodose/thermal/thermal.h"
#include "photodose/transport/summary.h"

namespace photodose::pipeline {
namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Times at which probes and series are sampled when no thermal stage sets them: every
// probe_every_s (and series_every_s) from 0 to `end`, and `end`.
std::vector<double> sample_times(const plan::OutputSettings& out, double end) {
  std::set<double> t = {0.0, end};
  for (double every : {out.probe_every_s, out.series_every_s}) {
    if (!(every > 0)) continue;
    for (int64_t k = 1; double(k) * every < end; ++k) t.insert(double(k) * every);
  }
  return {t.begin(), t.end()};
}

bool is_series_time(const plan::OutputSettings& out, double t, double end) {
  if (!(out.series_every_s > 0)) return false;
  if (t == end) return true;
  const double k = std::round(t / out.series_every_s);
  return std::fabs(t - k * out.series_every_s) <= 1e-9 * std::max(1.0, t);
}

// Fluence rate at the probes over time, from the sources' schedules.
void record_light(ProbeRecorder& probes, const plan::Plan& plan,
                  const std::vector<SourceLight>& lights, double t) {
  for (size_t p = 0; p < probes.voxels().size(); ++p) {
    double rate = 0;
    for (const SourceLight& l : lights)
      rate += power_at_W(plan.sources[l.source], t) *
              l.transport.fluence_per_mm2[size_t(probes.voxels()[p])] *
              units::kW_per_mm2_to_mW_per_cm2;
    probes.record(t, p, "fluence_rate_mW_per_cm2", rate);
  }
}

double last_light_end_s(const plan::Plan& plan) {
  double end = 0;
  for (const auto& s : plan.sources)
    for (const auto& in : s.schedule) end = std::max(end, in.start_s + in.duration_s);
  return end;
}

// How the heat stage started: a uniform temperature, or the steady state and its solve.
nlohmann::ordered_json thermal_start_json(const ThermalStart& start) {
  if (start.kind == ThermalInitial::uniform)
    return {{"kind", "uniform"}, {"temperature_C", start.temperature_C}};
  return {{"kind", "steady_state"},
          {"iterations", start.iterations},
          {"residual_K", start.residual_K},
          {"drift_K_per_s", start.drift_K_per_s},
          {"seconds", start.seconds}};
}

}  // namespace

nlohmann::ordered_json run_plan(const plan::Plan& plan, const RunSettings& settings,
                                const std::filesystem::path& directory) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::string> warnings = plan.warnings;
  auto progress = [&](const std::string& stage, double f) {
    if (settings.progress) settings.progress(stage, f);
  };
  if (plan.outputs.png) require_plot_driver();  // before the computation it would waste

  // Phantom and memory, optics per wavelength, light per source.
  progress("phantom", 0.0);
  RunState state = compute_light(plan, settings, warnings);
  const plan::VoxelizedPhantom& phantom = state.phantom;
  const std::vector<SourceLight>& lights = state.lights;  // replaced in place by light updates

  ProbeRecorder probes(plan);
  std::unique_ptr<SeriesWriter> series;
  auto series_writer = [&]() -> SeriesWriter& {
    if (!series) series = std::make_unique<SeriesWriter>(directory, plan.grid, "series");
    return *series;
  };

  // Heat and thermal damage.
  if (plan.thermal) {
    ThermalObserver observer;
    observer.series_every_s = plan.outputs.series_every_s;
    observer.probe_every_s = plan.outputs.probe_every_s;
    observer.probe_voxels = probes.voxels();
    const double duration = plan.thermal->duration_s;
    observer.on_sample = [&](const ThermalSample& s) {
      for (size_t p = 0; p < probes.voxels().size(); ++p) {
        probes.record(s.time_s, p, "temperature_C", s.probe_temperature_C[p]);
        probes.record(s.time_s, p, "thermal_damage_omega", s.probe_damage_omega[p]);
        probes.record(s.time_s, p, "cem43_min", s.probe_cem43_min[p]);
      }
      record_light(probes, plan, lights, s.time_s);
      if ((s.series || s.final) && plan.outputs.series_every_s > 0 && !s.temperature_C.empty())
        series_writer().write(s.time_s, {{"temperature_C", s.temperature_C},
                                         {"temperature_max_C", s.temperature_max_C},
                                         {"thermal_damage_omega", s.thermal_damage_omega},
                                         {"cem43_min", s.cem43_min}});
      progress("heat", duration > 0 ? s.time_s / duration : 1.0);
    };
    compute_heat(state, plan, settings, &observer, warnings);
    progress("heat", 1.0);
  }
  const std::optional<ThermalResult>& thermal = state.thermal;

  // Photodynamic dose, sampled at the probes' and series' times.
  auto pdt_sampling = [&](double duration) {
    SoedSampling sampling;
    std::set<double> times;
    if (thermal)
      for (double t : probes.times())
        if (t <= duration) times.insert(t);
    for (double t : sample_times(plan.outputs, duration)) times.insert(t);
    sampling.times_s.assign(times.begin(), times.end());
    std::map<double, std::string> thermal_series_files;
    if (series)
      for (const auto& e : series->entries()) thermal_series_files[e.time_s] = e.file;
    sampling.observer = [&, duration, thermal_series_files](const SoedSnapshot& s) {
      probes.record_field(s.time_s, "singlet_oxygen_rx_mM", s.singlet_oxygen_rx_mM);
      probes.record_field(s.time_s, "photosensitizer_uM", s.photosensitizer_uM);
      probes.record_field(s.time_s, "oxygen_uM", s.oxygen_uM);
      if (!thermal) record_light(probes, plan, lights, s.time_s);
      const std::vector<FieldView> pdt_fields = {{"singlet_oxygen_rx_mM", s.singlet_oxygen_rx_mM},
                                                 {"photosensitizer_uM", s.photosensitizer_uM},
                                                 {"oxygen_uM", s.oxygen_uM}};
      auto file = thermal_series_files.find(s.time_s);
      if (file != thermal_series_files.end()) {
        // Add the PDT fields to the image the heat stage wrote for this time.
        const std::filesystem::path path = directory / file->second;
        const VtiImage image = read_vti(path);
        std::vector<FieldView> all;
        for (const auto& a : image.arrays) all.push_back(field_view(a));
        all.insert(all.end(), pdt_fields.begin(), pdt_fields.end());
        write_vti(path, plan.grid, all);
      } else if (!thermal && is_series_time(plan.outputs, s.time_s, duration)) {
        series_writer().write(s.time_s, pdt_fields);
      }
      progress("pdt", duration > 0 ? s.time_s / duration : 1.0);
    };
    return sampling;
  };
  compute_pdt(state, plan, settings, pdt_sampling, warnings);
  if (plan.pdt) progress("pdt", 1.0);
  const std::optional<SoedResult>& pdt = state.pdt;
  if (!thermal && !pdt)
    for (double t : sample_times(plan.outputs, last_light_end_s(plan)))
      record_light(probes, plan, lights, t);

  // Metrics and outputs.
  RunFields fields = assemble_run_fields(state, plan);
  const nlohmann::ordered_json metrics = region_metrics(fields, warnings);

  progress("outputs", 0.0);
  write_fields_vti(directory / "fields.vti", fields);
  if (plan.outputs.nifti) write_fields_nifti(directory / "nifti", fields);
  if (!probes.empty()) probes.write_csv(directory / "probes.csv");
  write_dvh(directory / "dvh.csv", fields);
  std::vector<std::string> pictures;
  if (plan.outputs.png) pictures = write_pictures(directory, fields, probes);
  progress("outputs", 1.0);

  nlohmann::ordered_json summary;
  summary["photodose_version"] = nullptr;  // filled in by the caller, first in the file
  summary["plan"] = plan.name;
  summary["description"] = plan.description;
  summary["backend"] = backend_name(settings.backend);
  summary["device"] = nullptr;
  summary["threads"] = lights.empty() ? settings.threads : lights.front().transport.threads;
  summary["seed"] = settings.has_seed ? settings.seed : plan.transport.seed;
  summary["grid"] = {{"shape", {plan.grid.dims.nx, plan.grid.dims.ny, plan.grid.dims.nz}},
                     {"voxel_mm", plan.grid.voxel_mm},
                     {"origin_mm", plan.grid.origin_mm}};
  if (!plan.phantom.file.empty()) {
    nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
    for (const auto& [name, value] : plan.phantom.parameters) parameters[name] = value;
    summary["phantom_file"] = {
        {"file", plan.phantom.file}, {"name", plan.phantom.file_name}, {"parameters", parameters}};
  }
  if (!phantom.label_volumes.empty()) {
    nlohmann::ordered_json volumes = nlohmann::ordered_json::array();
    for (const plan::LabelVolumeReport& v : phantom.label_volumes)
      volumes.push_back(
          {{"file", v.file},
           {"format", v.format},
           {"frame", v.frame.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(v.frame)},
           {"placement", v.placement},
           {"shape", {v.dims.nx, v.dims.ny, v.dims.nz}},
           {"spacing_mm", v.spacing_mm},
           {"axis_aligned", v.axis_aligned},
           {"resampled", v.resampled}});
    summary["label_volumes"] = volumes;
  }
  nlohmann::ordered_json transport = nlohmann::ordered_json::array();
  for (const SourceLight& l : lights) {
    nlohmann::ordered_json t = {{"source", plan.sources[l.source].name},
                                {"wavelength_nm", l.wavelength_nm},
                                {"power_W", plan.sources[l.source].power_W},
                                {"delivered_J", delivered_energy_J(plan.sources[l.source])}};
    t.update(transport_summary_json(l.transport));
    transport.push_back(t);
  }
  summary["transport"] = transport;
  if (state.updating) summary["light_updates"] = state.light_updates;
  summary["regions"] = metrics["regions"];
  summary["healthy_tissue"] = metrics["healthy_tissue"];
  if (plan.optimize) {
    // The goals of the optimize section, for the plan as given (photodose optimize's result
    // re-run says whether it still meets them).
    const GoalInputs goals{&plan, &phantom, fields.thermal, fields.pdt, fields.fluence_J_per_cm2};
    summary["goals"] = goals_json(*plan.optimize, evaluate_goals(*plan.optimize, goals));
  }
  if (thermal)
    summary["thermal"] = {{"duration_s", thermal->duration_s},
                          {"dt_s", thermal->dt_s},
                          {"steps", thermal->steps},
                          {"scheme", thermal_scheme_name(thermal->scheme)},
                          {"adaptive", thermal->adaptive},
                          {"dt_min_s", thermal->dt_min_s},
                          {"dt_max_s", thermal->dt_max_s},
                          {"rejected_steps", thermal->rejected_steps},
                          {"seconds", thermal->seconds},
                          {"initial", thermal_start_json(thermal->start)},
                          {"energy_J",
                           {{"light", thermal->energy.light_J},
                            {"magnetic", thermal->energy.magnetic_J},
                            {"metabolic", thermal->energy.metabolic_J},
                            {"perfusion", thermal->energy.perfusion_J},
                            {"boundary", thermal->energy.boundary_J},
                            {"stored", thermal->energy.stored_J},
                            {"balance_error", thermal->energy.balance_error()},
                            {"terms_error", thermal->energy.terms_error()}}}};
  if (pdt)
    summary["pdt"] = {{"model", "soed"},
                      {"agent", plan.agents[plan.pdt->agent].spec.name},
                      {"duration_s", pdt->duration_s},
                      {"threshold_mM", pdt->threshold_mM},
                      {"active_voxels", pdt->active_voxels},
                      {"seconds", pdt->seconds}};
  nlohmann::ordered_json phantom_json = nlohmann::ordered_json::array();
  for (const auto& r : phantom.regions)
    phantom_json.push_back({{"name", r.name},
                            {"tissue", r.tissue},
                            {"voxels", r.voxels},
                            {"volume_mm3", r.volume_mm3}});
  summary["phantom"] = phantom_json;
  // Only files that were written: no empty names.
  nlohmann::ordered_json outputs = {{"plan", "plan.json"}, {"fields", "fields.vti"}};
  if (series) outputs["series"] = "series.pvd";
  if (!probes.empty()) outputs["probes"] = "probes.csv";
  outputs["dvh"] = "dvh.csv";
  if (plan.outputs.nifti) outputs["nifti"] = "nifti/";
  outputs["pictures"] = pictures;
  summary["outputs"] = outputs;
  summary["seconds"] = seconds_since(start);
  summary["warnings"] = warnings;
  return summary;
}

}  // namespace photodose::pipeline
