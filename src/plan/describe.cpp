// The human summary of a plan (describe.h).
#include <cstdio>
#include <sstream>

#include "photodose/optics/concentration.h"
#include "photodose/plan/describe.h"
#include "photodose/plan/memory.h"
#include "photodose/transport/boundary.h"

namespace photodose::plan {
namespace {

std::string g(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

std::string vec(const Vec3& v) {
  std::string out = "[";
  out += g(v[0]) + ", " + g(v[1]) + ", " + g(v[2]) + "]";
  return out;
}

const char* source_kind(SourcePlanKind k) {
  switch (k) {
    case SourcePlanKind::pencil:
      return "pencil";
    case SourcePlanKind::gaussian:
      return "gaussian";
    case SourcePlanKind::flat:
      return "flat";
    case SourcePlanKind::cone:
      return "cone";
    case SourcePlanKind::isotropic_point:
      return "isotropic_point";
    case SourcePlanKind::cylindrical_diffuser:
      return "cylindrical_diffuser";
    case SourcePlanKind::planar:
      return "planar";
  }
  return "?";
}

const char* profile_name(ProfileKind p) {
  return p == ProfileKind::gaussian ? "gaussian" : p == ProfileKind::rim ? "rim" : "uniform";
}

void regions(std::ostream& out, const VoxelizedPhantom& ph) {
  out << "regions (painted in this order):\n";
  for (const auto& r : ph.regions) {
    out << "  " << r.name << ": " << r.tissue << ", " << r.voxels << " voxels, " << g(r.volume_mm3)
        << " mm^3";
    if (r.shape_volume_mm3 > 0) out << " (shape " << g(r.shape_volume_mm3) << " mm^3)";
    if (!r.file_labels.empty()) {
      out << ", file labels";
      for (auto l : r.file_labels) out << " " << l;
    }
    out << "\n";
  }
}

void sources(std::ostream& out, const Plan& plan) {
  if (plan.sources.empty()) {
    out << "sources: none\n";
    return;
  }
  out << "sources:\n";
  for (const auto& s : plan.sources) {
    double energy_J = 0;
    for (size_t i = 0; i < s.schedule.size(); ++i)
      energy_J += s.interval_power_W(i) * s.schedule[i].duration_s;
    // A planar source is shown by its centre, as the plan gives it (SourcePlan keeps the corner).
    Vec3 at = s.position_mm;
    if (s.kind == SourcePlanKind::planar)
      for (size_t a = 0; a < 3; ++a)
        at[a] += 0.5 * (s.size_mm[0] * s.planar_u[a] + s.size_mm[1] * s.planar_v[a]);
    out << "  " << s.name << ": " << source_kind(s.kind) << ", " << g(s.wavelength_nm) << " nm, "
        << g(s.power_W) << " W"
        << (s.uniform_beam_area_cm2() > 0
                ? " (" + g(s.power_W / s.uniform_beam_area_cm2()) + " W/cm^2 over " +
                      g(s.uniform_beam_area_cm2()) + " cm^2)"
                : std::string())
        << ", at " << vec(at) << " mm along " << vec(s.direction) << "; on";
    for (const auto& i : s.schedule)
      out << " [" << g(i.start_s) << ", " << g(i.start_s + i.duration_s) << ") s"
          << (i.power_W ? " at " + g(*i.power_W) + " W" : "");
    out << "; " << g(energy_J) << " J\n";
  }
}

void thermal(std::ostream& out, const Plan& plan) {
  if (!plan.thermal) {
    out << "thermal: none\n";
    return;
  }
  const ThermalSettings& t = *plan.thermal;
  out << "thermal: " << g(t.duration_s) << " s, dt "
      << (t.dt_s ? g(*t.dt_s) + " s" : std::string("automatic")) << ", initial "
      << (t.initial_C ? g(*t.initial_C) + " degC" : std::string("steady state")) << ", arterial "
      << g(t.arterial_C) << " degC, perfusion shutdown " << (t.perfusion_shutdown ? "on" : "off")
      << "\n  faces:";
  for (int f = 0; f < kFaceCount; ++f) {
    out << " " << kFaceNames[size_t(f)] << " ";
    auto it = t.faces.find(f);
    if (it == t.faces.end()) {
      out << "default";
      continue;
    }
    const ThermalFace& face = it->second;
    out << thermal_face_kind_name(face.kind);
    if (face.kind == ThermalFaceKind::dirichlet) out << " " << g(face.temperature_C) << " degC";
    if (face.kind == ThermalFaceKind::convective)
      out << " h " << g(face.h_W_per_m2K) << " W/m^2K to " << g(face.ambient_C) << " degC";
  }
  out << "\n";
}

}  // namespace

std::string describe_plan(const Plan& plan, const VoxelizedPhantom& ph) {
  std::ostringstream out;
  const auto& d = plan.grid.dims;
  const auto extent = plan.grid.extent_mm();
  out << "plan: " << plan.name << (plan.description.empty() ? "" : " - " + plan.description)
      << "\n";
  out << "grid: " << d.nx << " x " << d.ny << " x " << d.nz << " voxels of "
      << g(plan.grid.voxel_mm) << " mm (" << plan.grid.voxels() << " voxels), " << g(extent[0])
      << " x " << g(extent[1]) << " x " << g(extent[2]) << " mm from " << vec(plan.grid.origin_mm)
      << " mm\n";
  if (!plan.phantom.file.empty()) {
    out << "phantom file: " << plan.phantom.file << " (" << plan.phantom.file_name << ")";
    for (size_t k = 0; k < plan.phantom.parameters.size(); ++k)
      out << (k == 0 ? "; " : ", ") << plan.phantom.parameters[k].first << " = "
          << g(plan.phantom.parameters[k].second);
    out << "\n";
  }
  for (const LabelVolumeReport& v : ph.label_volumes) {
    out << "label volume: " << v.file << " (" << v.format << ", " << v.dims.nx << " x " << v.dims.ny
        << " x " << v.dims.nz << " voxels of " << g(v.spacing_mm[0]) << " x " << g(v.spacing_mm[1])
        << " x " << g(v.spacing_mm[2]) << " mm), placed by " << v.placement << "; "
        << (v.frame.empty() ? "no anatomical frame" : "world frame " + v.frame)
        << (v.axis_aligned ? "" : ", rotated or flipped against the grid")
        << (v.resampled ? "; resampled to the grid (nearest label)" : "; voxels are the grid's")
        << "\n";
  }
  regions(out, ph);
  if (!plan.agents.empty()) out << "agents:\n";
  for (size_t i = 0; i < plan.agents.size(); ++i) {
    const AgentPlan& a = plan.agents[i];
    const char* unit = optics::concentration_unit_name(a.spec.concentration.unit);
    out << "  " << a.spec.name << ": " << optics::agent_kind_name(a.spec.kind)
        << (a.spec.drug.empty() ? "" : " (" + a.spec.drug + ")") << ", "
        << g(a.spec.concentration.value) << " " << unit << " peak";
    for (size_t k = 0; k < a.distributions.size(); ++k) {
      const DistributionSpec& d = a.distributions[k];
      out << (k ? "; " : ", ") << g(d.concentration) << " " << unit << " "
          << profile_name(d.profile) << " in " << d.region;
      if (i < ph.agents.size() && k < ph.agents[i].region_means.size())
        out << ", mean " << g(ph.agents[i].region_means[k]) << " " << unit;
    }
    out << "\n";
  }
  sources(out, plan);
  if (!plan.sources.empty()) {
    out << "transport: " << plan.transport.photons << " photons, seed " << plan.transport.seed
        << ", faces";
    for (int f = 0; f < kFaceCount; ++f)
      out << " " << kFaceNames[size_t(f)] << " "
          << face_boundary_name(plan.transport.faces[size_t(f)]);
    out << ", index mismatch " << (plan.transport.index_mismatch ? "on" : "off") << "\n";
  }
  thermal(out, plan);
  if (plan.pdt) {
    out << "pdt: " << plan.pdt->model << " with agent " << plan.agents[plan.pdt->agent].spec.name
        << ", driven by";
    for (size_t s : plan.pdt->sources) out << " " << plan.sources[s].name;
    if (plan.pdt->duration_s) out << ", until " << g(*plan.pdt->duration_s) << " s";
    out << "\n";
  } else {
    out << "pdt: none\n";
  }
  for (size_t p = 0; p < plan.probes.size(); ++p)
    out << "probe " << plan.probes[p].name << ": " << vec(plan.probes[p].position_mm) << " mm, "
        << probe_location(plan, ph, p) << "\n";
  out << "memory: about " << g(double(estimate_run_memory_bytes(plan)) / double(1 << 20))
      << " MiB for a run\n";
  return out.str();
}

}  // namespace photodose::plan
