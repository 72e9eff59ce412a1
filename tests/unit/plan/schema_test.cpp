// schema/plan.schema.json against the parser: the schema is valid JSON of draft 2020-12, forbids
// unknown keys everywhere, and lists at each object exactly the keys the parser accepts there.
// The parser's accepted keys are read from its own error for an unknown key ("one of the keys
// a, b, c"), so the two cannot drift apart unnoticed. (A full JSON Schema validation of the
// example and broken plans runs in the CLI tests, with Python's jsonschema where installed.)
#include <functional>
#include <set>

#include <doctest/doctest.h>

#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {

const json& schema() {
  static const json s =
      read_json(std::filesystem::path(PHOTODOSE_SOURCE_DIR) / "schema" / "plan.schema.json");
  return s;
}

std::set<std::string> schema_keys(const std::string& pointer) {
  const json& node = schema().at(json::json_pointer(pointer));
  std::set<std::string> keys;
  for (auto it = node.at("properties").begin(); it != node.at("properties").end(); ++it)
    keys.insert(it.key());
  return keys;
}

// The keys the parser accepts at `where` in `doc`: add an unknown key there and read them
// back from the error.
std::set<std::string> parser_keys(json doc, const std::string& where, const std::string& file) {
  const std::string bogus = "zz_not_a_key";
  doc[json::json_pointer(where)][bogus] = 1;
  std::set<std::string> keys;
  try {
    plan::parse_plan(doc, file);
  } catch (const InputError& e) {
    REQUIRE_MESSAGE(e.pointer() == where + "/" + bogus, e.what());
    std::string list = e.allowed();
    const std::string lead = "one of the keys ";
    REQUIRE(list.rfind(lead, 0) == 0);
    list = list.substr(lead.size());
    for (size_t start = 0; start <= list.size();) {
      const size_t comma = list.find(", ", start);
      keys.insert(
          list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 2;
    }
    return keys;
  }
  FAIL("the unknown key at " << where << " was accepted");
  return keys;
}

struct Probe {
  std::string where;   // JSON pointer in the plan
  std::string schema;  // JSON pointer of the object schema
};

}  // namespace

TEST_CASE("the schema is draft 2020-12 and forbids unknown keys in every object") {
  CHECK(schema().at("$schema") == "https://json-schema.org/draft/2020-12/schema");
  int objects = 0;
  std::function<void(const json&, const std::string&)> walk = [&](const json& n,
                                                                  const std::string& at) {
    if (n.is_object()) {
      if (n.contains("properties")) {
        ++objects;
        INFO(at);
        CHECK(n.contains("additionalProperties"));
        CHECK(n.value("additionalProperties", json(true)) == json(false));
        for (auto it = n["properties"].begin(); it != n["properties"].end(); ++it) {
          INFO(at << "/properties/" << it.key());
          CHECK((it->contains("description") || it->contains("$ref")));
        }
      }
      // An "if" is a condition on values that other keywords define, not an object definition.
      for (auto it = n.begin(); it != n.end(); ++it)
        if (it.key() != "if") walk(*it, at + "/" + it.key());
    } else if (n.is_array()) {
      for (size_t i = 0; i < n.size(); ++i) walk(n[i], at + "/" + std::to_string(i));
    }
  };
  walk(schema(), "");
  CHECK(objects > 40);
}

TEST_CASE("the schema lists exactly the top-level keys the parser accepts") {
  std::set<std::string> parser(plan::plan_top_level_keys().begin(),
                               plan::plan_top_level_keys().end());
  CHECK(schema_keys("") == parser);
  CHECK(schema().at("required") == json::array({"phantom"}));  // a phantom file may give the grid
}

TEST_CASE("every object of the schema lists exactly the keys the parser accepts there") {
  const auto path = plans_dir() / "good" / "full_featured.json";
  const json base = read_json(path);
  const std::string file = path.string();
  const std::vector<Probe> probes = {
      {"", ""},
      {"/grid", "/$defs/grid"},
      {"/phantom", "/$defs/phantom"},
      {"/phantom/regions/0", "/$defs/label_volume_region"},
      {"/phantom/regions/0/shape", "/$defs/shape_label_volume"},
      {"/phantom/regions/0/shape/labels/2", "/$defs/label_mapping"},
      {"/phantom/regions/1", "/$defs/region"},
      {"/phantom/regions/1/shape", "/$defs/shape_layer"},
      {"/phantom/regions/2/shape", "/$defs/shape_box"},
      {"/phantom/regions/3/shape", "/$defs/shape_sphere"},
      {"/phantom/regions/4/shape", "/$defs/shape_ellipsoid"},
      {"/phantom/regions/5/shape", "/$defs/shape_cylinder"},
      {"/phantom/regions/6/shape", "/$defs/shape_tube"},
      {"/tissues/gel", "/$defs/tissue"},
      {"/agents/0", "/$defs/agent_gold_nanoshell"},
      {"/agents/0/distribution", "/$defs/distribution_gaussian"},
      {"/agents/1", "/$defs/agent_magnetic_nanoparticle"},
      {"/agents/1/distribution", "/$defs/distribution_uniform"},
      {"/agents/1/schedule/0", "/$defs/field_interval"},
      {"/agents/2", "/$defs/agent_photosensitizer"},
      {"/agents/2/distribution", "/$defs/distribution_rim"},
      {"/agents/2/soed", "/$defs/soed"},
      {"/sources/0", "/$defs/source_gaussian"},
      {"/sources/0/schedule/0", "/$defs/schedule_interval"},
      {"/sources/1", "/$defs/source_flat"},
      {"/sources/2", "/$defs/source_pencil"},
      {"/sources/3", "/$defs/source_cone"},
      {"/sources/4", "/$defs/source_isotropic_point"},
      {"/sources/5", "/$defs/source_cylindrical_diffuser"},
      {"/sources/6", "/$defs/source_planar"},
      {"/transport", "/$defs/transport"},
      {"/transport/boundaries", "/$defs/transport_faces"},
      {"/thermal", "/$defs/thermal"},
      {"/thermal/air", "/$defs/thermal_air"},
      {"/thermal/blood", "/$defs/thermal_blood"},
      {"/thermal/boundaries", "/$defs/thermal_faces"},
      {"/thermal/boundaries/-z", "/$defs/thermal_face_convective"},
      {"/thermal/boundaries/+z", "/$defs/thermal_face_dirichlet"},
      {"/thermal/boundaries/-x", "/$defs/thermal_face_adiabatic"},
      {"/pdt", "/$defs/pdt"},
      {"/probes/0", "/$defs/probe"},
      {"/outputs", "/$defs/outputs"},
      {"/optimize", "/$defs/optimize"},
      {"/optimize/variables/0", "/$defs/optimize_variable"},
      {"/optimize/target", "/$defs/optimize_target"},
      {"/optimize/limits/0", "/$defs/optimize_limit"},
  };
  for (const auto& p : probes) {
    INFO(p.where << " vs schema " << p.schema);
    CHECK(parser_keys(base, p.where, file) == schema_keys(p.schema));
  }
  {  // A uniform beam's interval also takes an irradiance.
    json with_schedule = base;
    with_schedule["sources"][1]["schedule"] = json::parse(R"([{"start_s": 0, "duration_s": 1}])");
    CHECK(parser_keys(with_schedule, "/sources/1/schedule/0", file) ==
          schema_keys("/$defs/schedule_interval_uniform_beam"));
  }
  // Agent kinds the full plan does not hold: one agent of each in a copy.
  const std::vector<std::pair<std::string, json>> agents = {
      {"gold_nanosphere", {{"diameter_nm", 40}}},
      {"gold_nanorod", {{"length_nm", 40}, {"diameter_nm", 10}}},
      {"carbon_nanotube", json::object()},
      {"graphene_oxide", json::object()},
      {"icg", json::object()},
  };
  for (const auto& [kind_binding, extra] : agents) {
    const auto& kind = kind_binding;  // clang 14 cannot capture a structured binding (INFO)
    json doc = base;
    json agent = {{"name", "a"},
                  {"kind", kind},
                  {"distribution", {{"region", "tumor"}, {"concentration_ug_per_mL", 1}}}};
    agent.update(extra);
    doc["agents"] = json::array({agent});
    INFO(kind);
    CHECK(parser_keys(doc, "/agents/0", file) == schema_keys("/$defs/agent_" + kind));
  }
}
