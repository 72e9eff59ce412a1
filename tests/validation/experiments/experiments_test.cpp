// Published heating measurements reproduced by running each experiment's plan through the
// library (docs/physics.md section 7 gives every input, its source and the assumptions with
// their sensitivity runs). Each case compares the predicted temperature rise with the measured
// one; the tolerance is the experiment's own uncertainty plus 3 sigma of the Monte Carlo mean
// (sigma from the spread over three seeds). Values the papers do not give are assumptions fixed
// in the plan before the comparison ([A] in the plan's description), not fitted.
#include <doctest/doctest.h>

#include <string>

#include "experiment_runner.h"

using namespace photodose::experiments;

namespace {

constexpr int kSeeds = 3;
constexpr double kSigmas = 3.0;

struct Measured {
  std::string what;
  double rise_C;
  double uncertainty_C;
};

void check_rise(const Rise& r, const Measured& m) {
  const double tol = m.uncertainty_C + kSigmas * r.sd_of_mean_C;
  INFO(m.what << ": measured rise " << m.rise_C << " +- " << m.uncertainty_C << " C, predicted "
              << r.mean_C << " C (MC sd of mean " << r.sd_of_mean_C << " C), tolerance " << tol
              << " C");
  MESSAGE(m.what << ": measured " << m.rise_C << " +- " << m.uncertainty_C << " C, predicted "
                 << r.mean_C << " +- " << r.sd_of_mean_C << " C");
  CHECK(std::abs(r.mean_C - m.rise_C) <= tol);
}

}  // namespace

// Long et al., Oncol Lett 17:3952 (2019), abstract: laser alone at 1 W/cm^2 raised the skin
// over a subcutaneous mouse tumour by 6.9 C (infrared thermometer). The abstract gives no
// spread; 2 C is assumed [A] (thermometer accuracy and mouse-to-mouse spread). Depends on the
// tissue library (skin, muscle and tumour optics, perfusion) and on the thermal start.
TEST_CASE("Long 2019 in vivo, laser alone: skin rise over the tumour after 10 min") {
  const Rise r = temperature_rise("long2019_icg_mouse", {}, "skin_over_tumor", 600.0, kSeeds,
                                  /*drop_agents=*/true);
  check_rise(r, {"Long 2019 laser alone", 6.9, 2.0});
}

// The same mice with ICG at 0.1 mg/mL injected into the tumour: measured rise 28.5 C.
// Documented expected miss: the model over-predicts by ~30 %. The laser-alone control above
// agrees, so the excess is in the ICG term: the model keeps ICG's monomer absorption for the
// whole 10 min, while ICG at 129 uM aggregates and photobleaches under 1 W/cm^2 (both lower
// its heating), and the injected dye does not fill the tumour evenly. This check fails once
// the prediction moves into (or below) the measured band, e.g. when bleaching is modelled:
// then turn it into a plain comparison.
TEST_CASE("Long 2019 in vivo, ICG 0.1 mg/mL: expected over-prediction (no ICG bleaching)") {
  const Rise r = temperature_rise("long2019_icg_mouse", {}, "skin_over_tumor", 600.0, kSeeds);
  const Measured m{"Long 2019 ICG 0.1 mg/mL", 28.5, 2.0};
  const double tol = m.uncertainty_C + kSigmas * r.sd_of_mean_C;
  MESSAGE(m.what << ": measured " << m.rise_C << " +- " << m.uncertainty_C << " C, predicted "
                 << r.mean_C << " +- " << r.sd_of_mean_C << " C (expected miss)");
  CHECK(r.mean_C - m.rise_C > tol);
  // Energy bound: the rise cannot exceed what the absorbed laser power could give; the miss is
  // an over-estimate of tens of percent, not a wrong order of magnitude.
  CHECK(r.mean_C < 2.0 * m.rise_C);
}

// Long et al. 2019, abstract: aqueous ICG at 0.0187 mg/mL under 1 W/cm^2 rose by 28 C (water
// alone by 3 C). Documented expected miss, outside the model's scope: an open liquid sample
// loses heat by evaporation and by conduction into its container, and the model has neither
// (its only loss is convection at h = 10 W/(m^2 K)). Over the plausible wells (100-300 uL), 5
// or 10 min and spots of 5-6.4 mm the predicted rise is 52-134 C; only a loss coefficient five
// times the convective one brings it to ~28 C (docs/physics.md section 7). This check fails
// if the model gains those losses, or if the prediction stops exceeding the measurement.
TEST_CASE("Long 2019 ICG solution: expected over-prediction (no evaporation or container losses)") {
  const Rise r = temperature_rise("long2019_icg_solution", {}, "surface", 600.0, kSeeds);
  const Measured m{"Long 2019 ICG solution", 28.0, 2.0};
  const double tol = m.uncertainty_C + kSigmas * r.sd_of_mean_C;
  MESSAGE(m.what << ": measured " << m.rise_C << " +- " << m.uncertainty_C << " C, predicted "
                 << r.mean_C << " +- " << r.sd_of_mean_C << " C (expected miss)");
  CHECK(r.mean_C - m.rise_C > tol);
  // The model's own energy balance still holds: no more than the adiabatic rise of the
  // absorbed laser energy (0.3217 W for 600 s into 200 uL = 0.2e-6 m^3 of water at 997 kg/m^3, 4180
  // J/(kg K)).
  const double adiabatic_C = 0.3217 * 600.0 / (0.2e-6 * 997.0 * 4180.0);
  CHECK(r.mean_C < adiabatic_C);
}

// Every experiment's plan is valid as it stands (the ex-vivo one has no assertion on its
// result: see docs/physics.md section 7).
TEST_CASE("The experiments' plans parse") {
  for (const char* name : {"long2019_icg_mouse", "long2019_icg_solution", "duong_chicken_808"}) {
    INFO(name);
    CHECK_NOTHROW(photodose::plan::parse_plan(read_plan(name), std::string(name) + "/plan.json"));
  }
}
