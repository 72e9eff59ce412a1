// The plan's optimize section: what it accepts, and each mistake named by its pointer.
#include <doctest/doctest.h>

#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {

json plan_with_optimize() {
  json doc = small_plan();
  doc["thermal"] = {{"duration_s", 60}};
  doc["optimize"] = {
      {"variables",
       {{{"pointer", "/sources/0/power_W"}, {"min", 0.1}, {"max", 3}},
        {{"pointer", "/sources/0/position_mm/1"}, {"min", 4}, {"max", 6}}}},
      {"target", {{"region", "tumor"}, {"criterion", "thermal_necrosis"}, {"coverage", 0.9}}},
      {"limits",
       {{{"region", "muscle"}, {"temperature_max_C", 45}},
        {{"region", "muscle"}, {"necrosis_volume_mm3", 5}}}},
      {"minimize", "energy_J"}};
  return doc;
}

}  // namespace

TEST_CASE("optimize section: variables, target, limits and objective as written") {
  const plan::Plan p = parse(plan_with_optimize());
  REQUIRE(p.optimize);
  REQUIRE(p.optimize->variables.size() == 2);
  CHECK(p.optimize->variables[0].initial == 1.0);  // the plan's own value
  CHECK(p.optimize->variables[1].initial == 5.0);
  CHECK(p.optimize->target.region == "tumor");
  CHECK(p.optimize->target.coverage == 0.9);
  REQUIRE(p.optimize->limits.size() == 2);
  CHECK(p.optimize->limits[1].quantity == plan::LimitQuantity::necrosis_volume_mm3);
  CHECK(p.optimize->minimize == plan::OptimizeObjective::energy_J);
}

TEST_CASE("optimize section: a start outside the bounds is moved inside, with a warning") {
  json doc = plan_with_optimize();
  doc["optimize"]["variables"][0]["min"] = 1.5;
  const plan::Plan p = parse(doc);
  CHECK(p.optimize->variables[0].initial == 1.5);
  CHECK(has_warning(p.warnings, "/sources/0/power_W = 1 lies outside its bounds"));
}

TEST_CASE("optimize section: mistakes name the pointer, the value and what is allowed") {
  struct Case {
    const char* what;
    std::string pointer;  // set to `value` in the optimize section
    json value;
    std::string error_pointer;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"unknown pointer", "/variables/0/pointer", "/sources/0/power_mW",
       "/optimize/variables/0/pointer", "a pointer to a value the plan gives"},
      {"pointer past a list", "/variables/0/pointer", "/sources/3/power_W",
       "/optimize/variables/0/pointer", "a pointer to a value the plan gives"},
      {"non-numeric target", "/variables/0/pointer", "/sources/0/kind",
       "/optimize/variables/0/pointer", "a pointer to a numeric value"},
      {"a vector, not an element", "/variables/0/pointer", "/sources/0/position_mm",
       "/optimize/variables/0/pointer", "a pointer to a numeric value"},
      {"inside optimize", "/variables/0/pointer", "/optimize/variables/1/min",
       "/optimize/variables/0/pointer", "outside `optimize`"},
      {"empty bounds", "/variables/0/max", 0.1, "/optimize/variables/0/max",
       "the range must not be empty"},
      {"no variables", "/variables", json::array(), "/optimize/variables", "a non-empty list"},
      {"limit on a missing region", "/limits/0/region", "liver", "/optimize/limits/0/region",
       "a region of the phantom"},
      {"target on a missing region", "/target/region", "tumour", "/optimize/target/region",
       "a region of the phantom"},
      {"unknown criterion", "/target/criterion", "necrotic", "/optimize/target/criterion",
       "one of thermal_necrosis, pdt_necrosis, necrosis"},
      {"coverage above 1", "/target/coverage", 1.5, "/optimize/target/coverage", "(0, 1]"},
      {"two quantities in one limit", "/limits/0/necrosis_fraction", 0.1, "/optimize/limits/0",
       "one limit per entry"},
      {"unknown objective", "/minimize", "cost", "/optimize/minimize",
       "healthy_necrosis_volume_mm3, treatment_time_s, energy_J"},
      {"unknown key", "/maximize", "energy_J", "/optimize/maximize", ""},
      {"pdt criterion without pdt", "/target/criterion", "pdt_necrosis",
       "/optimize/target/criterion", "pdt_necrosis a `pdt` section"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    json doc = plan_with_optimize();
    doc["optimize"][json::json_pointer(c.pointer)] = c.value;
    const InputError e = parse_error(doc);
    CHECK(e.pointer() == c.error_pointer);
    CHECK(e.file() == "test.json");
    CHECK_MESSAGE(std::string(e.what()).find(c.says) != std::string::npos, e.what());
  }
}

TEST_CASE("optimize section: a temperature limit needs a heat stage") {
  json doc = plan_with_optimize();
  doc.erase("thermal");
  doc["optimize"]["target"]["criterion"] = "thermal_necrosis";
  const InputError e = parse_error(doc);
  CHECK(e.pointer() == "/optimize/target/criterion");
  doc["optimize"]["target"].erase("criterion");
  const InputError f = parse_error(doc);  // no thermal and no pdt: nothing to cover
  CHECK(f.pointer() == "/optimize/target");
}
