// The plan's per-photosensitizer `soed` override (docs/interface.md).
#include <doctest/doctest.h>

#include <string>

#include "photodose/common/errors.h"
#include "photodose/pdt/soed_override.h"
#include "unit/pdt/soed_test_problem.h"

using namespace photodose;

namespace {

SoedParameters apply(const std::string& text) {
  const nlohmann::json doc = parse_json_text(text, "plan.json");
  return apply_soed_override(test::photofrin(1.2), JsonNode(doc, "plan.json", "/agents/0/soed"));
}

std::string input_error(const std::string& text) {
  try {
    apply(text);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an empty override keeps the library values") {
  const SoedParameters p = apply("{}");
  CHECK(p.xi_cm2_per_mW_s == 3.7e-3);
  CHECK(p.beta_uM == 11.9);
  CHECK(p.source == "docs/physics.md 5");
}

TEST_CASE("every contract key overrides its field and nothing else") {
  const SoedParameters p = apply(
      R"({"xi_cm2_per_mW_s": 0.004, "sigma_per_uM": 1e-5, "beta_uM": 10, "delta_uM": 20,
          "g_uM_per_s": 0.9, "oxygen0_uM": 35, "threshold_mM": 0.7})");
  CHECK(p.xi_cm2_per_mW_s == 0.004);
  CHECK(p.sigma_per_uM == 1e-5);
  CHECK(p.beta_uM == 10);
  CHECK(p.delta_uM == 20);
  CHECK(p.g_uM_per_s == 0.9);
  CHECK(p.oxygen0_uM == 35);
  CHECK(p.threshold_mM == 0.7);
  CHECK(p.source.find("plan override of xi_cm2_per_mW_s") != std::string::npos);
  CHECK(p.source.find("/agents/0/soed") != std::string::npos);

  const SoedParameters q = apply(R"({"g_uM_per_s": 0})");
  CHECK(q.g_uM_per_s == 0);
  CHECK(q.delta_uM == 33);
  CHECK_NOTHROW(validate_soed_parameters(q, "test"));
}

TEST_CASE("unknown keys and values out of range name the JSON pointer") {
  std::string e = input_error(R"({"xi": 0.004})");
  CHECK(e.find("/agents/0/soed/xi") != std::string::npos);
  CHECK(e.find("unknown key") != std::string::npos);
  e = input_error(R"({"beta_uM": 0})");
  CHECK(e.find("/agents/0/soed/beta_uM") != std::string::npos);
  e = input_error(R"({"oxygen0_uM": -40})");
  CHECK(e.find("/agents/0/soed/oxygen0_uM") != std::string::npos);
  e = input_error(R"({"sigma_per_uM": -1e-5})");
  CHECK(e.find("/agents/0/soed/sigma_per_uM") != std::string::npos);
  e = input_error(R"({"threshold_mM": 0})");
  CHECK(e.find("/agents/0/soed/threshold_mM") != std::string::npos);
  e = input_error(R"({"delta_uM": "33"})");
  CHECK(e.find("/agents/0/soed/delta_uM") != std::string::npos);
  e = input_error(R"([1, 2])");
  CHECK(e.find("/agents/0/soed") != std::string::npos);
}

TEST_CASE("parameter validation rejects what the solver cannot use") {
  SoedParameters p = test::photofrin(1.2);
  CHECK_NOTHROW(validate_soed_parameters(p, "photofrin"));
  p.threshold_mM = 0;  // a library drug without a known threshold
  CHECK_THROWS_AS(validate_soed_parameters(p, "photofrin"), InputError);
  p = test::photofrin(1.2);
  p.xi_cm2_per_mW_s = INFINITY;
  CHECK_THROWS_AS(validate_soed_parameters(p, "photofrin"), InputError);
}
