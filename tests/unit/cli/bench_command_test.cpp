// `photodose bench --json -`: stdout is one JSON document with the fields docs/interface.md names,
// for a photon case and a (shrunk) heat case; an unknown case is an input error. Speeds are only
// checked to be positive: a test never asserts wall-clock speed.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "cli_support.h"

using namespace photodose::test;

namespace {

nlohmann::json run_bench_json(const std::string& args) {
  const CommandResult r = run_photodose("bench " + args + " --threads 2 --json -");
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);  // throws, failing the test, unless stdout is pure JSON
}

void check_report_header(const nlohmann::json& j) {
  CHECK(j["backend"] == "cpu");
  CHECK(j["threads"] == 2);
  CHECK(j["device"].is_string());
  CHECK(j["commit"].is_string());
  REQUIRE(j["cases"].size() == 1);
}

}  // namespace

TEST_CASE("bench --case cube60 reports photons/ms, absorbed fraction and memory") {
  const nlohmann::json j = run_bench_json("--case cube60 --photons 2000 --backend cpu");
  check_report_header(j);
  const auto& c = j["cases"][0];
  CHECK(c["name"] == "cube60");
  CHECK(c["photons"] == 2000);
  CHECK(c["photons_per_ms"].get<double>() > 0);
  CHECK(c["seconds"].get<double>() > 0);
  CHECK(c["peak_memory_MB"].get<double>() > 0);
  // 2000 photons: the absorbed fraction is near MCX's 17.69 % (a few-per-cent spread).
  CHECK(c["absorbed_percent"].get<double>() > 14.0);
  CHECK(c["absorbed_percent"].get<double>() < 21.0);
}

TEST_CASE("bench --case heat256 with a small cube reports the stencil's bandwidth") {
  const nlohmann::json j =
      run_bench_json("--case heat256 --heat-size 16 --heat-steps 2 --backend cpu");
  check_report_header(j);
  const auto& c = j["cases"][0];
  CHECK(c["name"] == "heat256");
  CHECK(c["dims"] == nlohmann::json::array({16, 16, 16}));
  CHECK(c["steps"] == 2);
  const double updates = c["voxel_updates_per_s"].get<double>();
  const double gb = c["GB_per_s"].get<double>();
  CHECK(updates > 0);
  CHECK(gb == doctest::Approx(updates * c["bytes_per_update"].get<double>() * 1e-9));
  CHECK(c["fraction_of_copy"].get<double>() ==
        doctest::Approx(gb / c["copy_GB_per_s"].get<double>()));
  CHECK(c["peak_memory_MB"].get<double>() > 0);
}

TEST_CASE("bench with an unknown case exits 2 and lists the cases") {
  const CommandResult r = run_photodose("bench --case cube61 --backend cpu");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("cube61") != std::string::npos);
  CHECK(r.err.find("cubesph60b") != std::string::npos);
  CHECK(r.err.find("heat256") != std::string::npos);
}
