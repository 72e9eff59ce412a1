// photodose optimize end to end: the optimised plan it writes runs again to the same goals, a
// goal out of reach is exit 0 with a warning, and a bad optimize section is exit 2 naming the
// pointer, with nothing written.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_support.h"

using namespace photodose::test;
namespace fs = std::filesystem;

namespace {

// A tumour sphere in muscle around a point fibre; light transported once, heat for 100 s.
nlohmann::json fibre_plan() {
  return nlohmann::json::parse(R"({
    "name": "optimize-cli",
    "grid": { "shape": [16, 16, 16], "voxel_mm": 1.0 },
    "phantom": { "background": "muscle", "regions": [
      { "name": "tumor", "tissue": "tumor",
        "shape": { "type": "sphere", "center_mm": [8, 8, 8], "radius_mm": 3 } } ] },
    "sources": [ { "name": "fibre", "kind": "isotropic_point", "wavelength_nm": 808,
                   "power_W": 1.0, "position_mm": [8, 8, 8],
                   "schedule": [ { "start_s": 0, "duration_s": 90 } ] } ],
    "transport": { "photons": 20000, "boundaries": "absorb" },
    "thermal": { "duration_s": 100 },
    "outputs": { "png": false },
    "optimize": {
      "variables": [ { "pointer": "/sources/0/power_W", "min": 0.2, "max": 4 } ],
      "target": { "region": "tumor", "coverage": 0.9 },
      "limits": [ { "region": "background", "necrosis_volume_mm3": 200 } ],
      "minimize": "energy_J" }
  })");
}

nlohmann::json read_summary(const fs::path& dir) {
  std::ifstream in(dir / "summary.json");
  return nlohmann::json::parse(in);
}

}  // namespace

TEST_CASE("photodose optimize: the plan it writes runs again to the goals it reports") {
  const fs::path dir = fresh_dir("optimize-cli");
  write_text(dir / "plan.json", fibre_plan().dump(2));
  const CommandResult r = run_photodose("optimize " + (dir / "plan.json").string() +
                                        " --quiet --threads 2 -o " + (dir / "opt").string());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("goals met") != std::string::npos);
  const nlohmann::json s = read_summary(dir / "opt");
  const nlohmann::json& o = s["optimize"];
  CHECK(o["status"] == "met");
  CHECK(o["light"]["transports"] == 1);
  CHECK(o["history"].size() == o["iterations"]);
  CHECK(o["initial"]["target_coverage"].get<double>() < o["target_coverage"].get<double>());
  const double power = o["variables"]["/sources/0/power_W"].get<double>();
  // The forward run in OUTDIR is the optimised plan's, and reports its goals met.
  CHECK(s["goals"]["met"] == true);
  CHECK(s["goals"]["target"]["coverage"] == o["target_coverage"]);
  CHECK(s["transport"][0]["power_W"].get<double>() == power);
  // photodose run of OUTDIR/plan.json: the same goals, to the last bit.
  const CommandResult again = run_photodose("run " + (dir / "opt" / "plan.json").string() +
                                            " --quiet --threads 2 -o " + (dir / "rerun").string());
  REQUIRE(again.exit_code == 0);
  const nlohmann::json rerun = read_summary(dir / "rerun");
  CHECK(rerun["goals"] == s["goals"]);
  fs::remove_all(dir);
}

TEST_CASE("photodose optimize: goals out of reach are the best compromise, exit 0, a warning") {
  const fs::path dir = fresh_dir("optimize-cli-infeasible");
  nlohmann::json plan = fibre_plan();
  plan["optimize"]["limits"][0] = {{"region", "background"}, {"temperature_max_C", 41.0}};
  plan["optimize"]["target"]["coverage"] = 1.0;
  plan["optimize"]["max_evaluations"] = 20;
  write_text(dir / "plan.json", plan.dump(2));
  const CommandResult r = run_photodose("optimize " + (dir / "plan.json").string() +
                                        " --quiet --threads 2 -o " + (dir / "opt").string());
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.find("the best compromise is written") != std::string::npos);
  const nlohmann::json s = read_summary(dir / "opt");
  CHECK(s["optimize"]["status"] == "infeasible");
  CHECK(s["optimize"]["limits"][0]["met"] == true);
  fs::remove_all(dir);
}

TEST_CASE("photodose optimize: bad sections exit 2, name the pointer and write nothing") {
  struct Case {
    const char* what;
    std::string pointer, value;  // a --set
    std::string named;
  };
  const std::vector<Case> cases = {
      {"no optimize section", "/optimize", "null", "/optimize"},
      {"unknown pointer", "/optimize/variables/0/pointer", "/sources/0/watts",
       "/optimize/variables/0/pointer"},
      {"empty bounds", "/optimize/variables/0/min", "5", "/optimize/variables/0/max"},
      {"a bound the plan refuses", "/optimize/variables/0/pointer", "/sources/0/position_mm/0",
       "/optimize/variables/0/max"},
      {"limit on a missing region", "/optimize/limits/0/region", "bone",
       "/optimize/limits/0/region"},
  };
  const fs::path dir = fresh_dir("optimize-cli-bad");
  for (const Case& c : cases) {
    CAPTURE(c.what);
    nlohmann::json plan = fibre_plan();
    if (c.value == "null")
      plan.erase("optimize");
    else
      plan[nlohmann::json::json_pointer(c.pointer)] =
          nlohmann::json::parse(c.value, nullptr, false).is_discarded()
              ? nlohmann::json(c.value)
              : nlohmann::json::parse(c.value);
    if (std::string(c.what) == "a bound the plan refuses") {
      plan["optimize"]["variables"][0]["min"] = 2;
      plan["optimize"]["variables"][0]["max"] = 40;  // outside the 16 mm grid
      plan["sources"][0]["position_mm"][0] = 8;
    }
    write_text(dir / "plan.json", plan.dump(2));
    const CommandResult r = run_photodose("optimize " + (dir / "plan.json").string() +
                                          " --quiet -o " + (dir / "out").string());
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(c.named) != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "out"));
  }
  fs::remove_all(dir);
}
