// A photosensitizer's plan-given soed.g_uM_per_s is the oxygen supply of its kinetics; a
// plan-given tissue oxygen_supply_uM_per_s for voxels that hold the drug as well is an input
// error naming both places (docs/interface.md, agents).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "photodose/common/errors.h"
#include "photodose/pdt/soed.h"
#include "photodose/pipeline/stages.h"
#include "photodose/plan/parse.h"
#include "photodose/plan/phantom.h"

using namespace photodose;

namespace {

struct Built {
  SoedProblem problem;
  plan::VoxelizedPhantom phantom;
};

Built build(const std::vector<std::string>& sets) {
  const auto file =
      std::filesystem::path(PHOTODOSE_TEST_DATA) / "plans" / "good" / "pdt_photofrin.json";
  std::ifstream in(file);
  nlohmann::json doc = nlohmann::json::parse(in);
  for (const auto& s : sets) plan::apply_set_override(doc, s);
  const plan::Plan p = plan::parse_plan(doc, file.string());
  Built b{{}, plan::voxelize_phantom(p, 1)};
  pipeline::SourceLight light;  // no light needed for the supply: zero fluence
  light.source = 0;
  light.wavelength_nm = p.sources[0].wavelength_nm;
  light.transport.fluence_per_mm2.assign(size_t(b.phantom.grid.voxels()), 0.0);
  std::vector<std::string> warnings;
  pipeline::check_oxygen_supply(p, b.phantom);
  b.problem = pipeline::build_soed_problem(p, b.phantom, {light}, nullptr, warnings);
  return b;
}

// The supply in the voxels with drug (all equal in these plans).
std::vector<double> supply_with_drug(const Built& b) {
  std::vector<double> out;
  for (size_t v = 0; v < b.problem.photosensitizer0_uM.size(); ++v)
    if (b.problem.photosensitizer0_uM[v] > 0) out.push_back(b.problem.oxygen_supply_uM_per_s[v]);
  REQUIRE(!out.empty());
  return out;
}

}  // namespace

TEST_CASE("the tissue library's oxygen supply applies when the plan gives none") {
  for (double s : supply_with_drug(build({}))) CHECK(s > 0);
}

TEST_CASE("a plan-given soed.g_uM_per_s is the oxygen supply of the drug's kinetics") {
  const Built base = build({});
  const Built given = build({"/agents/0/soed={\"g_uM_per_s\": 2.5}"});
  for (double s : supply_with_drug(given)) CHECK(s == 2.5);
  CHECK(supply_with_drug(base)[0] != 2.5);
}

TEST_CASE("a plan-given tissue oxygen_supply_uM_per_s applies to its voxels") {
  const Built b =
      build({"/tissues={\"tumor\": {\"base\": \"tumor\", \"oxygen_supply_uM_per_s\": 1.5}}"});
  for (double s : supply_with_drug(b)) CHECK(s == 1.5);
}

TEST_CASE("both given for the voxels with drug: an error naming both places") {
  try {
    build({"/agents/0/soed={\"g_uM_per_s\": 2.5}",
           "/tissues={\"tumor\": {\"base\": \"tumor\", \"oxygen_supply_uM_per_s\": 1.5}}"});
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string m = e.what();
    INFO(m);
    CHECK(e.pointer() == "/agents/0/soed/g_uM_per_s");
    CHECK(m.find("/tissues/tumor/oxygen_supply_uM_per_s") != std::string::npos);
    CHECK(m.find("pdt_photofrin.json") != std::string::npos);
  }
  // A tissue without the drug may give its own supply beside the drug's g.
  CHECK_NOTHROW(
      build({"/agents/0/soed={\"g_uM_per_s\": 2.5}",
             "/tissues={\"fat\": {\"base\": \"fat\", \"oxygen_supply_uM_per_s\": 1.5}}"}));
}
