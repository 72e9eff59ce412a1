// plan.thermal (Pennes bioheat settings) and plan.pdt.
#include "parse_internal.h"
#include "photodose/plan/limits.h"

namespace photodose::plan::detail {
namespace {

double temperature(const JsonNode& node) {
  return node.number_in(
      kMinTemperature_C, kMaxTemperature_C,
      "a temperature from " + fmt(kMinTemperature_C) + " to " + fmt(kMaxTemperature_C) + " degC");
}

ThermalFace parse_face(const JsonNode& node, double default_ambient_C) {
  node.expect_object();
  const std::string kind = node.at("kind").one_of({"adiabatic", "dirichlet", "convective"});
  if (kind == "adiabatic") {
    node.allow_only({"kind"});
    return ThermalFace::adiabatic();
  }
  if (kind == "dirichlet") {
    node.allow_only({"kind", "temperature_C"});
    return ThermalFace::dirichlet(temperature(node.at("temperature_C")));
  }
  node.allow_only({"kind", "h_W_per_m2K", "ambient_C"});
  const double h = node.at("h_W_per_m2K")
                       .number_in(0.0, 1e6, "a heat-transfer coefficient from 0 to 1e6 W/(m^2 K)");
  const double ambient =
      node.has("ambient_C") ? temperature(node.at("ambient_C")) : default_ambient_C;
  return ThermalFace::convective(h, ambient);
}

}  // namespace

void parse_thermal(const JsonNode& node, Plan& plan) {
  node.allow_only({"duration_s", "dt_s", "scheme", "initial_C", "arterial_C", "boundaries", "air",
                   "blood", "perfusion_shutdown"});
  ThermalSettings t;
  const JsonNode duration = node.at("duration_s");
  t.duration_s = duration.positive();
  if (t.duration_s > kMaxDuration_s) duration.fail(duration.shown(), "a duration > 0 and <= 1e6 s");
  if (auto dt = node.find("dt_s")) {
    t.dt_s = dt->positive();
    if (*t.dt_s > t.duration_s)
      dt->fail(dt->shown(), "a time step > 0 and <= duration_s (" + fmt(t.duration_s) + " s)");
  }
  if (auto s = node.find("scheme")) {
    const std::string scheme = s->one_of({"auto", "explicit", "implicit"});
    t.scheme = parse_thermal_scheme(scheme);
  }
  if (auto v = node.find("initial_C")) t.initial_C = temperature(*v);  // else: steady state
  if (auto v = node.find("arterial_C")) t.arterial_C = temperature(*v);
  if (auto air = node.find("air")) {
    air->allow_only({"h_W_per_m2K", "ambient_C"});
    if (auto h = air->find("h_W_per_m2K"))
      t.air_h_W_per_m2K =
          h->number_in(0.0, 1e6, "a heat-transfer coefficient from 0 to 1e6 W/(m^2 K)");
    if (auto a = air->find("ambient_C")) t.air_ambient_C = temperature(*a);
  }
  if (auto blood = node.find("blood")) {
    blood->allow_only({"density_kg_per_m3", "specific_heat_J_per_kgK"});
    if (auto d = blood->find("density_kg_per_m3")) t.blood_density_kg_per_m3 = d->positive();
    if (auto c = blood->find("specific_heat_J_per_kgK"))
      t.blood_specific_heat_J_per_kgK = c->positive();
  }
  if (auto b = node.find("boundaries")) {
    b->expect_object();
    std::vector<std::string> faces(kFaceNames.begin(), kFaceNames.end());
    b->allow_only(faces);
    for (int f = 0; f < kFaceCount; ++f)
      if (auto face = b->find(kFaceNames[size_t(f)]))
        t.faces[f] = parse_face(*face, t.air_ambient_C);
  }
  if (auto p = node.find("perfusion_shutdown")) t.perfusion_shutdown = p->boolean();
  plan.thermal = t;
}

void parse_pdt(const JsonNode& node, Plan& plan) {
  node.allow_only({"model", "duration_s"});
  PdtSettings p;
  if (auto m = node.find("model")) p.model = m->one_of({"soed"});
  if (auto d = node.find("duration_s")) {
    p.duration_s = d->positive();
    if (*p.duration_s > kMaxDuration_s) d->fail(d->shown(), "a duration > 0 and <= 1e6 s");
  }
  plan.pdt = p;
}

}  // namespace photodose::plan::detail
