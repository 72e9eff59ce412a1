// --set /json/pointer=VALUE overrides, applied before validation.
#include <doctest/doctest.h>

#include "photodose/plan/parse.h"
#include "plan_support.h"
#include "unit/io/temp_dir.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {

std::string set_error(json doc, const std::string& assignment) {
  try {
    plan::apply_set_override(doc, assignment);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("--set values: JSON when it parses, otherwise a string") {
  json doc = small_plan();
  plan::apply_set_override(doc, "/sources/0/power_W=1.5");
  CHECK(doc["sources"][0]["power_W"] == 1.5);
  plan::apply_set_override(doc, "/sources/0/kind=flat");
  CHECK(doc["sources"][0]["kind"] == "flat");
  plan::apply_set_override(doc, "/sources/0/name=\"2\"");
  CHECK(doc["sources"][0]["name"] == "2");
  plan::apply_set_override(doc, "/grid/shape=[8, 9, 10]");
  CHECK(doc["grid"]["shape"] == json::array({8, 9, 10}));
  plan::apply_set_override(doc, "/thermal={\"duration_s\": 60}");  // adds a key
  CHECK(doc["thermal"]["duration_s"] == 60);
  plan::apply_set_override(doc, "/probes=[]");
  plan::apply_set_override(doc, "/probes/-={\"name\": \"a\", \"position_mm\": [1, 1, 1]}");
  plan::apply_set_override(doc, "/probes/1={\"name\": \"b\", \"position_mm\": [2, 2, 2]}");
  CHECK(doc["probes"].size() == 2);
  plan::apply_set_override(doc, "/probes/0/name=c");
  CHECK(doc["probes"][0]["name"] == "c");
  plan::apply_set_override(doc, "/description=a = b");  // the first '=' splits
  CHECK(doc["description"] == "a = b");
}

TEST_CASE("--set creates missing objects on the way, never array elements") {
  json doc = small_plan();
  plan::apply_set_override(doc, "/outputs/png=false");
  CHECK(doc["outputs"] == json({{"png", false}}));
  plan::apply_set_override(doc, "/thermal/boundaries/-z/h_W_per_m2K=20");
  CHECK(doc["thermal"]["boundaries"]["-z"]["h_W_per_m2K"] == 20);
  plan::apply_set_override(doc, "/tissues/tumor/perfusion_per_s=0.004");
  CHECK(doc["tissues"]["tumor"]["perfusion_per_s"] == 0.004);
  // Inside an existing array element too.
  plan::apply_set_override(doc, "/agents/0/distribution/profile/kind=uniform");
  CHECK(doc["agents"][0]["distribution"]["profile"]["kind"] == "uniform");
}

TEST_CASE("--set errors name the assignment and where the path fails") {
  const json doc = small_plan();
  CHECK(set_error(doc, "/sources/5/power_W=1")
            .find("--set /sources/5/power_W=1: /sources/5: "
                  "index '5'; expected an index from 0 to 0") == 0);
  CHECK(set_error(doc, "/sources/3=1").find("index from 0 to 1") != std::string::npos);
  CHECK(set_error(doc, "/sources/x=1").find("index 'x'") != std::string::npos);
  CHECK(set_error(doc, "sources/0/power_W=1").find("expected /json/pointer=VALUE") !=
        std::string::npos);
  CHECK(set_error(doc, "/sources/0/power_W").find("expected /json/pointer=VALUE") !=
        std::string::npos);
  CHECK(set_error(doc, "/name/x=1").find("an object or an array") != std::string::npos);
  CHECK(set_error(doc, "/a~2b=1").find("not a valid JSON pointer") != std::string::npos);
  // An index beyond size_t in the parent made nlohmann throw out_of_range (tests/fuzz).
  CHECK(set_error(doc, "/sources/99999999999999999999999/x=1")
            .find("/sources/99999999999999999999999: index") != std::string::npos);
}

TEST_CASE("load_plan applies overrides in order and names the --set in errors") {
  const TempDir dir;
  const auto path = dir / "plan.json";
  std::ofstream(path) << small_plan().dump(2);
  const plan::Plan p =
      plan::load_plan(path.string(), {"/sources/0/power_W=2", "/sources/0/power_W=3"});
  CHECK(p.sources[0].power_W == 3);
  try {
    plan::load_plan(path.string(), {"/sources/0/power_W=-1"});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.pointer() == "/sources/0/power_W");
    CHECK(std::string(e.what()).find("(value from --set /sources/0/power_W=-1)") !=
          std::string::npos);
  }
  // An error elsewhere in the file does not blame the override.
  try {
    plan::load_plan(path.string(), {"/sources/0/power_W=2", "/grid/voxel_mm=0"});
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.pointer() == "/grid/voxel_mm");
    CHECK(std::string(e.what()).find("--set /grid/voxel_mm=0") != std::string::npos);
    CHECK(std::string(e.what()).find("power_W") == std::string::npos);
  }
}

TEST_CASE("an override that is not UTF-8 is an InputError, not a failure when shown") {
  // Found by tests/fuzz/plan_fuzz.cpp: the bytes became a JSON string that could not be dumped
  // into the message (nlohmann type_error 316, exit 3 with a library message).
  const TempDir dir;
  const auto path = dir / "plan.json";
  std::ofstream(path) << small_plan().dump(2);
  for (const std::string bad : {"/name=\xff\xfe", "/sources/0/kind=\xff", "/\xff=1"}) {
    CAPTURE(bad);
    try {
      plan::load_plan(path.string(), {bad});
      FAIL("expected an InputError");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("not valid UTF-8") != std::string::npos);
    }
  }
}
