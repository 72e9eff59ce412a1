// Light: one Monte Carlo transport per source at 1 W (fluence is linear in power), with the
// optical setup of the source's wavelength.
#include <cmath>

#include "photodose/common/backend.h"
#include "photodose/common/errors.h"
#include "photodose/common/units.h"
#include "photodose/pipeline/stages.h"
#include "photodose/transport/transport.h"

namespace photodose::pipeline {

namespace {
Vec3f to_vec3f(const plan::Vec3& v) {
  return {float(v[0]), float(v[1]), float(v[2])};
}

// What a source's light per watt depends on: the plan document without the sections that do
// not move light, and the source without its power and schedule. Empty: not cacheable (a plan
// built without its document).
std::string light_key(const plan::Plan& plan, size_t source, uint64_t photons, uint64_t seed,
                      const RunSettings& settings) {
  const nlohmann::json& doc = plan.document;
  if (!doc.is_object() || !doc.contains("sources") || !doc["sources"].is_array() ||
      source >= doc["sources"].size())
    return "";
  nlohmann::json key = doc;
  for (const char* k : {"$schema", "name", "description", "thermal", "pdt", "probes", "outputs",
                        "optimize", "sources"})
    key.erase(k);
  nlohmann::json src = doc["sources"][source];
  if (src.is_object())
    for (const char* k : {"name", "power_W", "power_W_per_cm", "schedule"}) src.erase(k);
  key["source"] = src;
  key["source_index"] = source;  // the seed's stream
  key["photons"] = photons;
  key["seed"] = seed;
  key["backend"] = backend_name(settings.backend);
  key["plan_file"] = plan.file;  // relative paths inside resolve against it
  return key.dump();
}
}  // namespace

SourceSpec to_source_spec(const plan::SourcePlan& s) {
  SourceSpec out;
  out.position_mm = to_vec3f(s.position_mm);
  out.direction = to_vec3f(s.direction);
  out.power_W = 1.0f;
  switch (s.kind) {
    case plan::SourcePlanKind::pencil:
      out.kind = SourceKind::pencil;
      break;
    case plan::SourcePlanKind::gaussian:
      out.kind = SourceKind::gaussian;
      out.param = float(s.waist_mm);
      break;
    case plan::SourcePlanKind::flat:
      out.kind = SourceKind::flat;
      out.param = float(s.radius_mm);
      break;
    case plan::SourcePlanKind::cone:
      out.kind = SourceKind::cone;
      out.param = float(s.half_angle_deg * units::kPi / 180.0);
      break;
    case plan::SourcePlanKind::isotropic_point:
      out.kind = SourceKind::isotropic_point;
      break;
    case plan::SourcePlanKind::cylindrical_diffuser:
      out.kind = SourceKind::cylindrical_diffuser;
      out.param = float(s.length_mm);
      break;
    case plan::SourcePlanKind::planar:
      out.kind = SourceKind::planar;
      out.edge1_mm = float(s.size_mm[0]) * to_vec3f(s.planar_u);
      out.edge2_mm = float(s.size_mm[1]) * to_vec3f(s.planar_v);
      break;
  }
  return out;
}

double delivered_energy_J(const plan::SourcePlan& source) {
  double energy = 0;
  for (size_t i = 0; i < source.schedule.size(); ++i)
    energy += source.interval_power_W(i) * source.schedule[i].duration_s;
  return energy;
}

double delivered_energy_J(const plan::SourcePlan& source, double from_s, double to_s) {
  double energy = 0;
  for (size_t i = 0; i < source.schedule.size(); ++i) {
    const auto& in = source.schedule[i];
    const double a = std::max(from_s, in.start_s), b = std::min(to_s, in.start_s + in.duration_s);
    if (b > a) energy += source.interval_power_W(i) * (b - a);
  }
  return energy;
}

double power_at_W(const plan::SourcePlan& source, double time_s) {
  for (size_t i = 0; i < source.schedule.size(); ++i) {
    const auto& in = source.schedule[i];
    if (time_s >= in.start_s && time_s < in.start_s + in.duration_s)
      return source.interval_power_W(i);
  }
  return 0.0;
}

std::vector<SourceLight> run_light(const plan::Plan& plan, const std::vector<OpticalSetup>& optics,
                                   const RunSettings& settings) {
  std::vector<SourceLight> lights;
  const uint64_t photons = settings.photons > 0 ? settings.photons : plan.transport.photons;
  const uint64_t seed = settings.has_seed ? settings.seed : plan.transport.seed;
  for (const OpticalSetup& setup : optics) {
    TransportProblem problem;
    problem.grid = plan.grid;
    problem.labels = setup.labels;
    problem.media = setup.media;
    problem.voxel_props = setup.voxel_props;
    problem.faces = plan.transport.faces;
    problem.index_mismatch = plan.transport.index_mismatch;
    problem.specular_at_entry = true;
    problem.photons = photons;
    for (size_t s = 0; s < plan.sources.size(); ++s) {
      const plan::SourcePlan& src = plan.sources[s];
      if (src.wavelength_nm != setup.wavelength_nm) continue;
      problem.sources = {to_source_spec(src)};
      // Sources get their own streams: the same seed in another stream id of the key.
      problem.seed = seed + (uint64_t(s) << 40);
      TransportOptions options;
      options.backend = settings.backend;
      options.threads = settings.threads;
      const std::string stage = "light: " + src.name;
      if (settings.progress) options.progress = [&](double f) { settings.progress(stage, f); };
      SourceLight light;
      light.source = s;
      light.wavelength_nm = src.wavelength_nm;
      LightCache* cache = settings.light_cache;
      const std::string key = cache ? light_key(plan, s, photons, seed, settings) : std::string();
      const TransportResult* kept = nullptr;
      if (!key.empty())
        if (auto it = cache->light_by_key.find(key); it != cache->light_by_key.end())
          kept = &it->second;
      if (kept) {
        light.transport = *kept;
        ++cache->reused;
      } else {
        light.transport = run_transport(problem, options);
        if (!key.empty()) {
          cache->light_by_key.emplace(key, light.transport);
          ++cache->computed;
        }
      }
      if (settings.progress) settings.progress(stage, 1.0);
      lights.push_back(std::move(light));
    }
  }
  return lights;
}

}  // namespace photodose::pipeline
