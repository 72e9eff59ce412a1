// An agent in several regions: `distribution` as a list, each element with its own region,
// profile and concentration; the concentrations add up.
#include <cmath>
#include <string>

#include <doctest/doctest.h>

#include "photodose/plan/phantom.h"
#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {

// small_plan (muscle box z 1-10 mm, tumour sphere r = 2 mm at (5, 5, 5), air elsewhere) with a
// Photofrin agent whose distribution is `distribution`.
json photofrin_plan(const json& distribution) {
  json doc = small_plan();
  doc["agents"][0] = {{"name", "photofrin"},
                      {"kind", "photosensitizer"},
                      {"drug", "photofrin"},
                      {"distribution", distribution}};
  return doc;
}

std::string message_of(const json& doc) {
  return parse_error(doc).what();
}

}  // namespace

TEST_CASE("a list of distributions: each region holds its own concentration, 0 elsewhere") {
  // Tumour 5 uM, muscle 1 uM: a tumour-to-normal ratio of 5 (Photofrin's is about 2-5).
  const json d = json::array({{{"region", "tumor"}, {"concentration_uM", 5}},
                              {{"region", "muscle"}, {"concentration_uM", 1}}});
  const plan::Plan p = parse(photofrin_plan(d));
  REQUIRE(p.agents[0].distributions.size() == 2);
  CHECK(p.agents[0].distributions[0].concentration == 5);
  CHECK(p.agents[0].distributions[1].concentration == 1);
  CHECK(p.agents[0].spec.concentration.value == 5);  // the peak: the largest element's
  CHECK(p.agents[0].spec.concentration.unit == optics::ConcentrationUnit::uM);

  const auto ph = plan::voxelize_phantom(p, 2);
  const plan::AgentField& f = ph.agents.at(0);
  const int muscle = ph.find_region("muscle"), tumor = ph.find_region("tumor");
  int64_t wrong = 0;
  double sum = 0;
  for (size_t v = 0; v < f.concentration.values.size(); ++v) {
    const int r = ph.region_of_voxel.values[v];
    const float expected = r == tumor ? 5.0f : r == muscle ? 1.0f : 0.0f;
    wrong += f.concentration.values[v] != expected;
    sum += f.concentration.values[v];
  }
  CHECK(wrong == 0);
  CHECK(f.peak == 5);
  const double amount =
      5.0 * ph.regions[size_t(tumor)].volume_mm3 + 1.0 * ph.regions[size_t(muscle)].volume_mm3;
  CHECK(f.amount_unit_mm3 == doctest::Approx(amount).epsilon(1e-12));
  CHECK(sum * ph.grid.voxel_volume_mm3() == doctest::Approx(amount).epsilon(1e-12));
  REQUIRE(f.region_means.size() == 2);
  CHECK(f.region_means[0] == doctest::Approx(5.0).epsilon(1e-12));
  CHECK(f.region_means[1] == doctest::Approx(1.0).epsilon(1e-12));
}

TEST_CASE("distributions in the same region add up, profiles included") {
  // A uniform 1 uM floor plus a Gaussian of peak 4 uM (sigma 1 mm) centred on voxel (10, 10,
  // 10)'s centre (5.25 mm): 5 uM there, 1 + 4 e^-1/2 one sigma (2 voxels) away.
  const json d = json::array({{{"region", "tumor"}, {"concentration_uM", 1}},
                              {{"region", "tumor"},
                               {"profile", "gaussian"},
                               {"sigma_mm", 1.0},
                               {"center_mm", {5.25, 5.25, 5.25}},
                               {"concentration_uM", 4}}});
  const auto ph = plan::voxelize_phantom(parse(photofrin_plan(d)), 2);
  const Field3<float>& c = ph.agents.at(0).concentration;
  CHECK(c(10, 10, 10) == doctest::Approx(5.0).epsilon(1e-6));
  CHECK(c(12, 10, 10) == doctest::Approx(1.0 + 4.0 * std::exp(-0.5)).epsilon(1e-6));
  CHECK(c(10, 10, 19) == 0.0f);   // muscle: no element there
  CHECK(ph.agents[0].peak == 4);  // the largest element's concentration
}

TEST_CASE("a one-element list is the same as the object") {
  const json one = {{"region", "tumor"}, {"concentration_uM", 5}};
  const auto a = plan::voxelize_phantom(parse(photofrin_plan(one)), 2);
  const auto b = plan::voxelize_phantom(parse(photofrin_plan(json::array({one}))), 2);
  CHECK(a.agents[0].concentration.values == b.agents[0].concentration.values);
}

TEST_CASE("bad lists of distributions name the element and what is allowed") {
  SUBCASE("empty") {
    const std::string m = message_of(photofrin_plan(json::array()));
    CHECK(m.find("/agents/0/distribution") != std::string::npos);
    CHECK(m.find("empty list") != std::string::npos);
  }
  SUBCASE("an element without a concentration") {
    const std::string m = message_of(photofrin_plan(
        json::array({{{"region", "tumor"}, {"concentration_uM", 5}}, {{"region", "muscle"}}})));
    CHECK(m.find("/agents/0/distribution/1") != std::string::npos);
    CHECK(m.find("no concentration") != std::string::npos);
  }
  SUBCASE("elements in different units") {
    const std::string m = message_of(
        photofrin_plan(json::array({{{"region", "tumor"}, {"concentration_uM", 5}},
                                    {{"region", "muscle"}, {"concentration_nM", 900}}})));
    CHECK(m.find("/agents/0/distribution/1") != std::string::npos);
    CHECK(m.find("uM") != std::string::npos);
  }
  SUBCASE("a concentration in the agent beside a list") {
    json doc = photofrin_plan(json::array({{{"region", "tumor"}, {"concentration_uM", 5}}}));
    doc["agents"][0]["concentration_uM"] = 5;
    const std::string m = message_of(doc);
    CHECK(m.find("/agents/0") != std::string::npos);
    CHECK(m.find("list of distributions") != std::string::npos);
  }
  SUBCASE("an unknown region in the second element") {
    const std::string m =
        message_of(photofrin_plan(json::array({{{"region", "tumor"}, {"concentration_uM", 5}},
                                               {{"region", "liver"}, {"concentration_uM", 1}}})));
    CHECK(m.find("/agents/0/distribution/1/region") != std::string::npos);
    CHECK(m.find("liver") != std::string::npos);
  }
  SUBCASE("an unknown key in an element") {
    const std::string m = message_of(photofrin_plan(
        json::array({{{"region", "tumor"}, {"concentration_uM", 5}, {"sigma_mm", 1}}})));
    CHECK(m.find("/agents/0/distribution/0") != std::string::npos);
    CHECK(m.find("sigma_mm") != std::string::npos);
  }
}
