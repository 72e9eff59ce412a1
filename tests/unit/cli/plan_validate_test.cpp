// `photodose validate`: the example plans print "ok" and a summary; every broken plan of
// tests/data/plans/broken exits with its expected code (2 input, 3 memory) and names the JSON
// pointer on stderr; --set overrides; the JSON Schema accepts and rejects the same corpus.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.h"

using namespace photodose::test;
namespace fs = std::filesystem;

namespace {

const fs::path kPlans = fs::path(PHOTODOSE_TEST_DATA) / "plans";

}  // namespace

TEST_CASE("photodose validate: good plans print ok and a summary") {
  int n = 0;
  for (const auto& e : fs::directory_iterator(kPlans / "good")) {
    if (e.path().extension() != ".json") continue;
    const CommandResult r = run_photodose("validate " + e.path().string());
    INFO(e.path().string() << "\n" << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("ok\n", 0) == 0);
    CHECK(r.out.find("regions (painted in this order):") != std::string::npos);
    CHECK(r.out.find("memory: about") != std::string::npos);
    ++n;
  }
  CHECK(n >= 3);
  const CommandResult r =
      run_photodose("validate " + (kPlans / "good" / "contract_example.json").string());
  CHECK(r.out.find("laser: gaussian, 808 nm, 1 W") != std::string::npos);
  CHECK(r.out.find("tumor: tumor, ") != std::string::npos);
  CHECK(r.err.find("warning: the plan has a pdt section but no photosensitizer") !=
        std::string::npos);
}

TEST_CASE("photodose validate: every broken plan exits with its code and names the pointer") {
  std::ifstream in(kPlans / "broken" / "expected.json");
  const auto cases = nlohmann::json::parse(in)["cases"];
  for (auto it = cases.begin(); it != cases.end(); ++it) {
    const auto& want = it.value();
    const CommandResult r =
        run_photodose("validate " + (kPlans / "broken" / (it.key() + ".json")).string());
    INFO(it.key() << ": " << r.err);
    CHECK(r.exit_code == want["exit"].get<int>());
    CHECK(r.out.empty());
    CHECK(r.err.rfind("error: ", 0) == 0);
    if (want.contains("pointer"))
      CHECK(r.err.find(": " + want["pointer"].get<std::string>() + ": ") != std::string::npos);
    if (want.contains("contains"))
      for (const auto& text : want["contains"])
        CHECK(r.err.find(text.get<std::string>()) != std::string::npos);
  }
}

TEST_CASE("photodose validate reports the errors of independent sections and sources at once") {
  // Five mistakes a new user makes in one plan: each is named, in plan order, in one run.
  const CommandResult r =
      run_photodose("validate " + (kPlans / "multi" / "five_errors.json").string());
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  size_t at = 0;
  for (const std::string pointer :
       {"/thermal/duration_s: -5", "/sources/0/power_W: -1", "/sources/1/wavelength_nm: 8080",
        "/transport/photon: unknown key", "/outputs/png: \"yes\""}) {
    const size_t found = r.err.find(pointer, at);
    CHECK_MESSAGE(found != std::string::npos, pointer);
    if (found != std::string::npos) at = found;
  }
  CHECK(r.err.find("\n5 errors\n") != std::string::npos);

  // With --set fixing three of them, the two left are reported, the one a --set gave named.
  const CommandResult s = run_photodose(
      "validate " + (kPlans / "multi" / "five_errors.json").string() +
      " --set /thermal/duration_s=60 --set /sources/0/power_W=0.5 --set /outputs/png=true"
      " --set /sources/1/wavelength_nm=9000");
  INFO(s.err);
  CHECK(s.exit_code == 2);
  CHECK(s.err.find("(value from --set /sources/1/wavelength_nm=9000): /sources/1/wavelength_nm") !=
        std::string::npos);
  CHECK(s.err.find("/transport/photon: unknown key") != std::string::npos);
  CHECK(s.err.find("\n2 errors\n") != std::string::npos);
}

TEST_CASE("photodose validate --set overrides values in order") {
  const std::string plan = (kPlans / "good" / "contract_example.json").string();
  CommandResult r = run_photodose("validate " + plan +
                                  " --set /sources/0/power_W=2 --set /sources/0/power_W=2.5"
                                  " --set /sources/0/kind=flat --set /sources/0/radius_mm=1"
                                  " --set /sources/0/waist_mm=0");
  // waist_mm is not a key of a flat beam: the last --set is named in the error.
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("/sources/0/waist_mm") != std::string::npos);
  CHECK(r.err.find("value from --set /sources/0/waist_mm=0") != std::string::npos);

  r = run_photodose("validate --set /sources/0/power_W=2.5 --set /transport/seed=9 " + plan);
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("808 nm, 2.5 W") != std::string::npos);
  CHECK(r.out.find("seed 9") != std::string::npos);

  // A missing object is created on the way, so the plan's own check names the unknown key.
  r = run_photodose("validate " + plan + " --set /nothing/here=1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("/nothing: unknown key 'nothing'") != std::string::npos);
  r = run_photodose("validate " + plan + " --set power=1");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("expected /json/pointer=VALUE") != std::string::npos);
  r = run_photodose("validate " + (kPlans / "no_such_plan.json").string());
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cannot open the file") != std::string::npos);
}

TEST_CASE("the JSON Schema accepts the good plans and rejects the structurally broken ones") {
  const fs::path source(PHOTODOSE_SOURCE_DIR);
  const fs::path script = source / "tests" / "unit" / "cli" / "plan_schema_check.py";
  const std::string cmd = "/usr/bin/python3 " + script.string() + " " +
                          (source / "schema" / "plan.schema.json").string() + " " +
                          (kPlans / "good").string() + " " + (kPlans / "broken").string() + " " +
                          (source / "presets").string() + " >/dev/null 2>" +
                          (fs::temp_directory_path() / "photodose-schema-check.txt").string();
  const int status = std::system(cmd.c_str());
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(fs::temp_directory_path() / "photodose-schema-check.txt");
  const std::string text((std::istreambuf_iterator<char>(err)), std::istreambuf_iterator<char>());
  if (code == 77) {
    MESSAGE("skipped: Python's jsonschema is not installed (" << text << ")");
    return;
  }
  INFO(text);
  CHECK(code == 0);
}
