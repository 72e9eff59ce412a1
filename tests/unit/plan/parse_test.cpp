// Plan parsing: the example plans, defaults, cross-references and error messages.
#include <cmath>

#include <doctest/doctest.h>

#include "photodose/plan/parse.h"
#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;
using nlohmann::json;

namespace {

// Every plan in good/ and every preset: both must parse (presets may be absent).
std::vector<std::filesystem::path> good_plans() {
  std::vector<std::filesystem::path> out;
  for (const auto& dir :
       {plans_dir() / "good", std::filesystem::path(PHOTODOSE_SOURCE_DIR) / "presets"}) {
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& e : std::filesystem::directory_iterator(dir))
      if (e.path().extension() == ".json") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("every good plan and every preset parses") {
  const auto plans = good_plans();
  CHECK(plans.size() >= 3);
  for (const auto& p : plans) {
    INFO(p.string());
    CHECK_NOTHROW(plan::load_plan(p.string()));
  }
}

TEST_CASE("the CONTRACT example plan parses with its values and the documented defaults") {
  const plan::Plan p = plan::load_plan((plans_dir() / "good" / "contract_example.json").string());
  CHECK(p.name == "gnr-ptt-subcutaneous");
  CHECK(p.grid.dims.nx == 120);
  CHECK(p.grid.dims.nz == 80);
  CHECK(p.grid.voxel_mm == 0.1);
  CHECK(p.grid.origin_mm == plan::Vec3{0, 0, 0});
  REQUIRE(p.phantom.regions.size() == 2);
  CHECK(p.phantom.background == "air");
  CHECK(p.phantom.regions[1].shape.kind == plan::ShapeKind::sphere);
  CHECK(p.phantom.regions[1].shape.radius_mm == 2);
  // The plan's tumour replaces the library's: muscle with a perfusion of 0.004 /s.
  CHECK(p.tissues.at("tumor").perfusion_per_s == 0.004);
  CHECK(p.tissues.at("tumor").conductivity_W_per_mK ==
        p.tissues.at("muscle").conductivity_W_per_mK);
  REQUIRE(p.agents.size() == 1);
  CHECK(p.agents[0].spec.concentration.value == 50);
  CHECK(p.agents[0].spec.concentration.unit == optics::ConcentrationUnit::ug_per_mL);
  CHECK(p.agents[0].distributions.at(0).region == "tumor");
  CHECK(p.agents[0].distributions.at(0).profile == plan::ProfileKind::uniform);
  REQUIRE(p.sources.size() == 1);
  CHECK(p.sources[0].kind == plan::SourcePlanKind::gaussian);
  CHECK(p.sources[0].waist_mm == 2.0);
  REQUIRE(p.sources[0].schedule.size() == 1);
  CHECK(p.sources[0].interval_power_W(0) == 1.0);
  CHECK(p.transport.photons == 10000000);  // 1e7 written as a float
  CHECK(p.transport.index_mismatch);
  REQUIRE(p.thermal);
  CHECK(p.thermal->duration_s == 600);
  CHECK(p.thermal->perfusion_shutdown);
  REQUIRE(p.thermal->faces.count(4) == 1);  // "-z"
  CHECK(p.thermal->faces.at(4).kind == ThermalFaceKind::convective);
  CHECK(p.thermal->faces.size() == 1);
  CHECK(p.thermal->air_h_W_per_m2K == 10);
  CHECK(p.thermal->blood_specific_heat_J_per_kgK == 3617);
  // A pdt section without a photosensitizer is dropped with a warning.
  CHECK_FALSE(p.pdt);
  bool warned = false;
  for (const auto& w : p.warnings)
    warned = warned || w.find("no photosensitizer") != std::string::npos;
  CHECK(warned);
  CHECK(p.outputs.series_every_s == 10);
  CHECK(p.outputs.probe_every_s == 1);
  CHECK(p.probes.at(0).name == "center");
}

TEST_CASE("the full-featured plan: every kind of shape, agent and source") {
  const plan::Plan p = plan::load_plan((plans_dir() / "good" / "full_featured.json").string());
  // Label volume path resolved against the plan's folder; labels sorted.
  const auto& lv = p.phantom.regions[0].shape;
  CHECK(lv.kind == plan::ShapeKind::label_volume);
  CHECK(std::filesystem::exists(lv.file));
  CHECK_FALSE(lv.origin_from_file);
  REQUIRE(lv.labels.size() == 3);
  CHECK(lv.labels[0].region == "skin");
  CHECK(lv.labels[2].region == "tumor");
  CHECK(lv.labels[2].tissue == "tumor_core");
  // A plan tissue based on another plan tissue whatever the key order.
  CHECK(p.tissues.at("tumor_core").perfusion_per_s == 0.001);
  CHECK(p.tissues.at("gel").n == 1.33);
  // Sources: direction normalised; diffuser power from W/cm; planar centre -> corner.
  const auto& flat = p.sources[1];
  CHECK(flat.direction == plan::Vec3{0, 0, 1});
  CHECK(flat.schedule.size() == 1);  // default: the thermal duration
  CHECK(flat.schedule[0].duration_s == 300);
  CHECK(p.sources[0].schedule[1].power_W == 0.3);
  CHECK(p.sources[0].interval_power_W(1) == 0.3);
  const auto& diffuser = p.sources[5];
  CHECK(diffuser.kind == plan::SourcePlanKind::cylindrical_diffuser);
  CHECK(diffuser.power_W == doctest::Approx(0.05));  // 0.1 W/cm x 0.5 cm
  const auto& panel = p.sources[6];
  const double s = std::sqrt(0.5);
  CHECK(panel.planar_u[0] == doctest::Approx(s));
  CHECK(panel.planar_u[1] == doctest::Approx(s));
  CHECK(panel.planar_v[0] == doctest::Approx(-s));  // direction x u
  CHECK(panel.planar_v[1] == doctest::Approx(s));
  // Corner = centre - 2 u - 1 v.
  CHECK(panel.position_mm[0] == doctest::Approx(6 - 2 * s + s));
  CHECK(panel.position_mm[1] == doctest::Approx(6 - 2 * s - s));
  CHECK(panel.position_mm[2] == doctest::Approx(0));
  CHECK(p.transport.faces[0] == FaceBoundary::cyclic);
  CHECK(p.transport.faces[4] == FaceBoundary::absorb);
  CHECK(p.transport.faces[5] == FaceBoundary::mirror);
  CHECK(p.transport.faces[2] == FaceBoundary::fresnel);
  CHECK(p.thermal->scheme == ThermalSchemeRequest::implicit_adi);
  CHECK(p.thermal->air_ambient_C == 22);
  CHECK(p.thermal->faces.at(4).ambient_C == 25);
  // PDT: the photosensitizer and the 630 nm sources that excite it.
  REQUIRE(p.pdt);
  CHECK(p.pdt->agent == 2);
  CHECK(p.pdt->sources == std::vector<size_t>{1, 2, 3, 4, 5, 6});
  CHECK(p.agents[2].spec.soed.threshold_mM == 0.5);
  CHECK(p.agents[2].distributions.at(0).profile == plan::ProfileKind::rim);
  CHECK(p.agents[2].distributions.at(0).core_fraction == 0.3);
  CHECK(p.agents[0].distributions.at(0).sigma_mm == 1.0);
  CHECK_FALSE(p.agents[0].distributions.at(0).center_mm);
}

TEST_CASE("defaults: name from the file, source name, direction and schedule") {
  json doc = small_plan();
  doc.erase("name");
  doc["sources"][0].erase("name");
  const plan::Plan p = parse(doc, "some/dir/my-plan.json");
  CHECK(p.name == "my-plan");
  CHECK(p.sources[0].name == "source0");
  CHECK(p.sources[0].direction == plan::Vec3{0, 0, 1});
  // No thermal or pdt section: on for 1 s.
  REQUIRE(p.sources[0].schedule.size() == 1);
  CHECK(p.sources[0].schedule[0].start_s == 0);
  CHECK(p.sources[0].schedule[0].duration_s == 1);
  CHECK(p.transport.photons == 1000000);
  CHECK(p.transport.seed == 1);
  // The string "absorb" also turns the index mismatch off (index-matched, as MCX's DoMismatch 0).
  doc["transport"] = {{"boundaries", "absorb"}};
  const plan::Plan q = parse(doc);
  CHECK(q.transport.faces[3] == FaceBoundary::absorb);
  CHECK_FALSE(q.transport.index_mismatch);
  doc["transport"]["index_mismatch"] = true;
  CHECK(parse(doc).transport.index_mismatch);
}

TEST_CASE("schedules are sorted and a magnetic field schedule must not overlap") {
  json doc = small_plan();
  doc["sources"][0]["schedule"] = json::parse(
      R"([{"start_s": 100, "duration_s": 10}, {"start_s": 0, "duration_s": 100, "power_W": 2}])");
  const plan::Plan p = parse(doc);
  CHECK(p.sources[0].schedule[0].start_s == 0);
  CHECK(p.sources[0].interval_power_W(0) == 2);
  CHECK(p.sources[0].interval_power_W(1) == 1);
  doc["agents"][1] = json::parse(R"({"name": "mnp", "kind": "magnetic_nanoparticle",
      "sar_W_per_g": 100, "schedule": [{"start_s": 0, "duration_s": 10}, {"start_s": 5, "duration_s": 10}],
      "distribution": {"region": "tumor", "concentration_mg_per_mL": 1}})");
  const InputError e = parse_error(doc);
  CHECK(e.pointer() == "/agents/1/schedule/1");
  CHECK(std::string(e.what()).find("overlaps") != std::string::npos);
}

TEST_CASE("uniform beams take an irradiance: power = irradiance x area, one of the two") {
  json doc = small_plan();
  // 1.6 W/cm^2 on an 8 mm flat beam (the nanorod studies' protocol): 0.804 W.
  doc["sources"][0] = json::parse(R"({"name": "flat", "kind": "flat", "wavelength_nm": 808,
      "irradiance_W_per_cm2": 1.6, "position_mm": [5, 5, 0], "radius_mm": 4,
      "schedule": [{"start_s": 0, "duration_s": 10},
                   {"start_s": 10, "duration_s": 10, "irradiance_W_per_cm2": 0.5}]})");
  const plan::Plan p = parse(doc);
  const double area_cm2 = M_PI * 0.4 * 0.4;
  CHECK(p.sources[0].power_W == doctest::Approx(1.6 * area_cm2).epsilon(1e-12));
  CHECK(p.sources[0].interval_power_W(0) == doctest::Approx(1.6 * area_cm2).epsilon(1e-12));
  CHECK(p.sources[0].interval_power_W(1) == doctest::Approx(0.5 * area_cm2).epsilon(1e-12));

  doc["sources"][1] = json::parse(R"({"kind": "planar", "wavelength_nm": 808,
      "irradiance_W_per_cm2": 0.2, "position_mm": [5, 5, 0], "size_mm": [5, 4]})");
  CHECK(parse(doc).sources[1].power_W == doctest::Approx(0.2 * 0.5 * 0.4).epsilon(1e-12));

  json both = doc;
  both["sources"][0]["power_W"] = 1;
  const InputError b = parse_error(both);
  CHECK(b.pointer() == "/sources/0/irradiance_W_per_cm2");
  CHECK(b.value() == "both power_W and irradiance_W_per_cm2");

  json gaussian = small_plan();
  gaussian["sources"][0].erase("power_W");
  gaussian["sources"][0]["irradiance_W_per_cm2"] = 1;
  const InputError g = parse_error(gaussian);
  CHECK(g.pointer() == "/sources/0/irradiance_W_per_cm2");
  CHECK(g.allowed().find("2 power_W / (pi waist_mm^2)") != std::string::npos);

  json interval = small_plan();  // a Gaussian's interval takes power_W only
  interval["sources"][0]["schedule"] =
      json::parse(R"([{"start_s": 0, "duration_s": 1, "irradiance_W_per_cm2": 1}])");
  CHECK(parse_error(interval).pointer() == "/sources/0/schedule/0/irradiance_W_per_cm2");
}

TEST_CASE("errors name the file, the pointer, the value and what is allowed") {
  json doc = small_plan();
  doc["sources"][0]["power_W"] = -2;
  const InputError e = parse_error(doc, "plans/x.json");
  CHECK(e.file() == "plans/x.json");
  CHECK(e.pointer() == "/sources/0/power_W");
  CHECK(e.value() == "-2");
  CHECK(e.allowed() == "a number > 0");
  const std::string what = e.what();
  CHECK(what.find("plans/x.json: /sources/0/power_W: -2; expected a number > 0") == 0);

  doc = small_plan();
  doc["phantom"]["regions"][1]["tissue"] = "tumour";
  const InputError t = parse_error(doc);
  CHECK(t.pointer() == "/phantom/regions/1/tissue");
  CHECK(t.allowed().find("muscle") != std::string::npos);  // lists the known tissues

  doc = small_plan();
  doc["agents"][0]["distribution"]["region"] = "tumour";
  const InputError r = parse_error(doc);
  CHECK(r.pointer() == "/agents/0/distribution/region");
  CHECK(r.allowed().find("background, muscle, tumor") != std::string::npos);
}

TEST_CASE("distribution keys depend on the profile") {
  json doc = small_plan();
  auto& d = doc["agents"][0]["distribution"];
  d["profile"] = "gaussian";
  CHECK(parse_error(doc).pointer() == "/agents/0/distribution/sigma_mm");  // required
  d["sigma_mm"] = 1.5;
  d["center_mm"] = {5, 5, 5};
  const plan::Plan p = parse(doc);
  CHECK(p.agents[0].distributions.at(0).center_mm == plan::Vec3{5, 5, 5});
  d["rim_thickness_mm"] = 0.5;  // a rim key on a gaussian
  CHECK(parse_error(doc).pointer() == "/agents/0/distribution/rim_thickness_mm");
  d.erase("rim_thickness_mm");
  d["profile"] = "ring";
  CHECK(parse_error(doc).pointer() == "/agents/0/distribution/profile");
}

TEST_CASE("cross-checks: PDT needs complete SOED parameters and a source the drug absorbs") {
  json doc = small_plan();
  doc["agents"][1] = json::parse(R"({"name": "pf", "kind": "photosensitizer", "drug": "photofrin",
      "distribution": {"region": "tumor", "concentration_uM": 5}})");
  doc["pdt"] = json::object();
  InputError e = parse_error(doc);
  CHECK(e.pointer() == "/pdt");
  CHECK(std::string(e.what()).find("808 nm") != std::string::npos);
  doc["sources"][1] = json::parse(R"({"name": "red", "kind": "flat", "wavelength_nm": 630,
      "power_W": 0.1, "position_mm": [5, 5, 0], "radius_mm": 2})");
  const plan::Plan p = parse(doc);
  REQUIRE(p.pdt);
  CHECK(p.pdt->agent == 1);
  CHECK(p.pdt->sources == std::vector<size_t>{1});
  // The drug is taken as transparent at 808 nm, with a warning.
  bool warned = false;
  for (const auto& w : p.warnings)
    warned = warned || w.find("not absorbing at 808 nm") != std::string::npos;
  CHECK(warned);
  // Two photosensitizers cannot share one SOED run.
  doc["agents"][2] = doc["agents"][1];
  doc["agents"][2]["name"] = "pf2";
  CHECK(parse_error(doc).pointer() == "/agents/2");
  doc["agents"].erase(2);
  // An out-of-range SOED override.
  doc["agents"][1]["soed"] = {{"beta_uM", 0}};
  CHECK(parse_error(doc).pointer() == "/agents/1/soed");
}

TEST_CASE("a photosensitizer without a pdt section only warns") {
  json doc = small_plan();
  doc["agents"][1] = json::parse(R"({"name": "pf", "kind": "photosensitizer", "drug": "photofrin",
      "distribution": {"region": "tumor", "concentration_uM": 5}})");
  const plan::Plan p = parse(doc);
  CHECK_FALSE(p.pdt);
  bool warned = false;
  for (const auto& w : p.warnings) warned = warned || w.find("no pdt section") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("label volume regions: names, merged labels and conflicts") {
  json doc = small_plan();
  doc["phantom"]["regions"][0] = json::parse(R"({"shape": {"type": "label_volume",
      "file": "good/phantom_labels.vti", "labels": {"2": "muscle", "10": {"region": "muscle", "tissue": "muscle"},
      "3": {"tissue": "tumor", "region": "core"}}}})");
  const std::string file = (plans_dir() / "plan.json").string();
  const plan::Plan p = parse(doc, file);
  const auto& labels = p.phantom.regions[0].shape.labels;
  REQUIRE(labels.size() == 3);
  CHECK(labels[0].file_label == 2);
  CHECK(labels[1].file_label == 3);
  CHECK(labels[2].file_label == 10);
  CHECK(labels[2].region == "muscle");
  CHECK(p.phantom.regions[0].shape.origin_from_file);
  // A region of the label map may not clash with a shape region's name.
  doc["phantom"]["regions"][1]["name"] = "core";
  CHECK(parse_error(doc, file).pointer() == "/phantom/regions/1/name");
  doc["phantom"]["regions"][1]["name"] = "tumor";
  // Labels of one region must agree on the tissue.
  doc["phantom"]["regions"][0]["shape"]["labels"]["10"]["tissue"] = "fat";
  CHECK(parse_error(doc, file).pointer() == "/phantom/regions/0/shape/labels/10");
  doc["phantom"]["regions"][0]["shape"]["labels"].erase("10");
  doc["phantom"]["regions"][0]["shape"]["labels"]["07"] = "fat";
  CHECK(parse_error(doc, file).pointer() == "/phantom/regions/0/shape/labels/07");
  doc["phantom"]["regions"][0]["shape"]["labels"].erase("07");
  doc["phantom"]["regions"][0]["tissue"] = "fat";  // the map gives the tissues
  CHECK(parse_error(doc, file).pointer() == "/phantom/regions/0/tissue");
}
