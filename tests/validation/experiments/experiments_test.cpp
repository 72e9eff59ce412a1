// Published heating measurements reproduced by running each experiment's plan through the
// library; docs/physics.md, section 'Published heating experiments', gives every input, its
// source, and the assumptions with their sensitivity runs. Each case compares the predicted
// temperature rise with the measured one; the tolerance is the experiment's own uncertainty plus 3
// sigma of the Monte Carlo mean (sigma from the spread over three seeds). Values the papers do not
// give are assumptions fixed in the plan before the comparison ([A] in the plan's description), not
// fitted.
#include <doctest/doctest.h>

#include <string>
#include <utility>

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

// The same mice with ICG at 0.1 mg/mL under 0.6 W/cm^2: measured rise 23.3 C (abstract). At
// this lowest power the dye bleaches least, and the model's fixed ICG absorption holds.
TEST_CASE("Long 2019 in vivo, ICG 0.1 mg/mL at 0.6 W/cm^2: skin rise after 10 min") {
  const Rise r = temperature_rise("long2019_icg_mouse", {"/sources/0/power_W=0.47124"},
                                  "skin_over_tumor", 600.0, kSeeds);
  check_rise(r, {"Long 2019 ICG at 0.6 W/cm^2", 23.3, 2.0});
}

// The same mice with ICG at 0.1 mg/mL under 0.8 and 1.0 W/cm^2: measured rises 26.7 and 28.5 C.
// Documented expected miss: the model over-predicts, and more so at higher power (29.5 and
// 37.0 C), while it agrees at 0.6 W/cm^2 and with the laser alone. The measured rise grows far
// less than linearly with power (1.22x from 0.6 to 1.0 W/cm^2, where a fixed absorber gives
// 1.67x): the model keeps ICG's monomer absorption for the whole 10 min, while ICG at 129 uM
// aggregates and photobleaches, faster at higher power. This check fails once the prediction
// moves into the measured band (e.g. when bleaching is modelled): then make it a comparison.
TEST_CASE("Long 2019 in vivo, ICG at 0.8 and 1.0 W/cm^2: expected over-prediction (no bleaching)") {
  const Rise r08 = temperature_rise("long2019_icg_mouse", {"/sources/0/power_W=0.62832"},
                                    "skin_over_tumor", 600.0, kSeeds);
  const Rise r10 = temperature_rise("long2019_icg_mouse", {}, "skin_over_tumor", 600.0, kSeeds);
  const Measured m08{"Long 2019 ICG at 0.8 W/cm^2", 26.7, 2.0};
  const Measured m10{"Long 2019 ICG at 1.0 W/cm^2", 28.5, 2.0};
  for (const auto& [r, m] : {std::pair{r08, m08}, std::pair{r10, m10}})
    MESSAGE(m.what << ": measured " << m.rise_C << " +- " << m.uncertainty_C << " C, predicted "
                   << r.mean_C << " +- " << r.sd_of_mean_C << " C (expected miss)");
  // At 1.0 W/cm^2 the miss is well outside the tolerance; at 0.8 W/cm^2 it is only 0.6 C
  // outside and is not asserted on its own (it would flip with small library changes).
  CHECK(r10.mean_C - m10.rise_C > m10.uncertainty_C + kSigmas * r10.sd_of_mean_C);
  // An over-estimate of tens of percent: a factor of two would mean something other than the
  // dye's bleaching is wrong.
  CHECK(r10.mean_C < 2.0 * m10.rise_C);
  // The excess grows with power, as bleaching would make it.
  CHECK(r10.mean_C - m10.rise_C > r08.mean_C - m08.rise_C);
}

// Long et al. 2019, abstract: aqueous ICG at 0.0187 mg/mL under 1 W/cm^2 rose by 28 C (water
// alone by 3 C). Documented expected miss, outside the model's scope: an open liquid sample
// loses heat by evaporation and by conduction into its container, and the model has neither
// (its only loss is convection at h = 10 W/(m^2 K)). Over plausible wells (100-300 uL), 5 or
// 10 min and spots of 5-6.4 mm the predicted rise is 67-134 C; only a loss coefficient five
// times the convective one brings it near 28 C (docs/physics.md, section 'Published heating
// experiments'). This check fails if the model gains those losses, or if the prediction stops
// exceeding the measurement.
TEST_CASE("Long 2019 ICG solution: expected over-prediction (no evaporation or container losses)") {
  const Rise r = temperature_rise("long2019_icg_solution", {}, "surface", 600.0, kSeeds);
  const Measured m{"Long 2019 ICG solution", 28.0, 2.0};
  const double tol = m.uncertainty_C + kSigmas * r.sd_of_mean_C;
  MESSAGE(m.what << ": measured " << m.rise_C << " +- " << m.uncertainty_C << " C, predicted "
                 << r.mean_C << " +- " << r.sd_of_mean_C << " C (expected miss)");
  CHECK(r.mean_C - m.rise_C > tol);
  // The model's own energy balance still holds: no more than the adiabatic rise of the
  // absorbed laser energy (0.3217 W for 600 s into 0.2e-6 m^3 of water, 997 kg/m^3 and
  // 4180 J/(kg K)).
  const double adiabatic_C = 0.3217 * 600.0 / (0.2e-6 * 997.0 * 4180.0);
  CHECK(r.mean_C < adiabatic_C);
}

// Manuchehrabadi et al., J Nanotechnol Eng Med 3:021003 (2012), abstract: 0.1 mL of gold
// nanorod solution in a PC3 xenograft under 1.6 W/cm^2 on the tumour surface raises tumour
// temperatures above 50 C; without rods the tumour only absorbs "some" of the light. The abstracts
// give a bound, not a value or a time course, so the checks are one-sided: with rods the tumour
// centre passes 50 C by the end of the 15 min (by more than 3 sigma), and with the laser alone
// it stays below it. The rods' concentration is an assumption (0.1 mL of a 50 OD solution over a
// 6 mm tumour, plan description); the check holds from 20 to 650 ug/mL (docs/physics.md,
// 'Published heating experiments'). Known miss, documented there: the model puts the hottest
// point under the skin above 100 C at this concentration.
TEST_CASE(
    "Manuchehrabadi 2012 in vivo, gold nanorods: tumour centre above 50 C, laser alone below") {
  constexpr double kMeasuredBound_C = 50.0;
  const Rise rods = temperature_rise("manuchehrabadi_gnr_pc3", {}, "tumor_center", 900.0, kSeeds);
  const double rods_C = rods.baseline.at(900.0) + rods.mean_C;
  MESSAGE("Manuchehrabadi 2012 with rods: tumour centre "
          << rods_C << " C (MC sd of mean " << rods.sd_of_mean_C << " C), measured > 50 C");
  CHECK(rods_C - kSigmas * rods.sd_of_mean_C > kMeasuredBound_C);
  const Rise alone = temperature_rise("manuchehrabadi_gnr_pc3", {}, "tumor_center", 900.0, 2,
                                      /*drop_agents=*/true);
  const double alone_C = alone.baseline.at(900.0) + alone.mean_C;
  MESSAGE("Manuchehrabadi 2012 laser alone: tumour centre " << alone_C << " C");
  CHECK(alone_C + kSigmas * alone.sd_of_mean_C < kMeasuredBound_C);
}

// Every experiment's plan is valid as it stands (the ex-vivo one has no assertion on its
// result: see docs/physics.md, section 'Published heating experiments').
TEST_CASE("The experiments' plans parse") {
  for (const char* name : {"long2019_icg_mouse", "long2019_icg_solution", "duong_chicken_808",
                           "manuchehrabadi_gnr_pc3"}) {
    INFO(name);
    CHECK_NOTHROW(photodose::plan::parse_plan(read_plan(name), std::string(name) + "/plan.json"));
  }
}
