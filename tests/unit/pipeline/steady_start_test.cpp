// The heat stage of a plan starts from the steady state without light unless the plan gives
// thermal.initial_C, and the steady state follows thermal.arterial_C (an animal's core, e.g.
// 36.1 degC for an anaesthetised mouse on a warm-water blanket, docs/physics.md section 4).
// Checks: the skin below T_a, muscle between T_a and its local balance T_a + Q_met / W
// (W = omega rho_b c_b), and the voxel next to the body face within 0.05 K of T_a.
#include <doctest/doctest.h>

#include <algorithm>

#include "photodose/pipeline/stages.h"
#include "photodose/plan/parse.h"
#include "photodose/plan/phantom.h"
#include "photodose/thermal/thermal.h"

using namespace photodose;

namespace {

// Skin over 98 mm of muscle (7 perfusion lengths); the body goes on below (+z); air above.
const char* kPlan = R"({
  "name": "steady-start",
  "grid": { "shape": [4, 4, 100], "voxel_mm": 1.0 },
  "phantom": { "background": "muscle", "regions": [
    { "name": "air", "tissue": "air", "shape": { "type": "layer", "z_min_mm": 0, "z_max_mm": 1 } },
    { "name": "skin", "tissue": "skin", "shape": { "type": "layer", "z_min_mm": 1, "z_max_mm": 2 } } ] },
  "thermal": { "duration_s": 1, "arterial_C": 36.1,
               "boundaries": { "-x": { "kind": "adiabatic" }, "+x": { "kind": "adiabatic" },
                               "-y": { "kind": "adiabatic" }, "+y": { "kind": "adiabatic" } } }
})";

struct Start {
  ThermalProblem problem;
  ThermalResult result;
};

Start start(const std::vector<std::string>& sets) {
  nlohmann::json doc = nlohmann::json::parse(kPlan);
  for (const auto& s : sets) plan::apply_set_override(doc, s);
  const plan::Plan p = plan::parse_plan(doc, "steady-start.json");
  const plan::VoxelizedPhantom phantom = plan::voxelize_phantom(p, 1);
  std::vector<std::string> warnings;
  Start s;
  s.problem = pipeline::build_thermal_problem(p, phantom, {}, warnings);
  s.result = run_thermal(s.problem, Backend::cpu, 1);
  return s;
}

double at_depth(const Start& s, int k) {
  return s.result.temperature_C[size_t(s.problem.grid.dims.index(2, 2, k))];
}

}  // namespace

TEST_CASE("without initial_C the run starts from the steady state at the plan's arterial_C") {
  const Start s = start({});
  CHECK(s.result.start.kind == ThermalInitial::steady_state);
  // The body face below is held at the arterial temperature, not at 37 degC.
  CHECK(s.problem.faces[5].kind == ThermalFaceKind::dirichlet);
  CHECK(s.problem.faces[5].temperature_C == 36.1);
  // Muscle's local balance: 0.91 W/kg and 37 mL/(min kg) (IT'IS v4.1) give Q/W ~ 0.39 K.
  const double skin = at_depth(s, 1), deep = at_depth(s, 99);
  double warmest = -1e9;
  for (int k = 1; k < 100; ++k) warmest = std::max(warmest, at_depth(s, k));
  const double W = s.problem.perfusion_per_s.back() * 1050 * 3617;
  const double balance = 36.1 + s.problem.metabolic_W_per_m3.back() / W;
  MESSAGE("skin " << skin << " degC, warmest muscle " << warmest << " degC, at the body face "
                  << deep << " degC; muscle balance " << balance << " degC");
  CHECK(skin < 36.1);        // the air cools the surface
  CHECK(warmest > 36.1);     // metabolism warms muscle above the arterial blood ...
  CHECK(warmest < balance);  // ... but not beyond its local balance
  CHECK(deep > 36.1);
  CHECK(deep < 36.1 + 0.05);  // half a voxel from the face held at 36.1 degC
}

TEST_CASE("a plan-given initial_C is a uniform start") {
  const Start s = start({"/thermal/initial_C=37"});
  CHECK(s.result.start.kind == ThermalInitial::uniform);
  CHECK(s.result.start.temperature_C == 37);
}
