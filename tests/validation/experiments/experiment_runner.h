#pragma once
// Runs a published experiment's plan (tests/validation/experiments/<name>/plan.json) through
// the whole pipeline and returns the temperature rise at one probe: the run with the light
// minus the same plan with no light source, so that a drift of the start (a body cooling
// toward its own steady state) is not counted as heating. The Monte Carlo uncertainty is the
// spread over independent seeds.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "photodose/pipeline/run_plan.h"
#include "photodose/plan/parse.h"

namespace photodose::experiments {

namespace fs = std::filesystem;

inline fs::path experiment_dir(const std::string& name) {
  return fs::path(PHOTODOSE_TEST_DATA).parent_path() / "validation" / "experiments" / name;
}

inline nlohmann::json read_plan(const std::string& name) {
  std::ifstream in(experiment_dir(name) / "plan.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

// One column of probes.csv as (time, value) pairs.
struct Series {
  std::vector<double> time_s, value;
  double at(double t) const {  // linear interpolation
    REQUIRE(!time_s.empty());
    if (t <= time_s.front()) return value.front();
    for (size_t i = 1; i < time_s.size(); ++i)
      if (t <= time_s[i]) {
        const double w = (t - time_s[i - 1]) / (time_s[i] - time_s[i - 1]);
        return value[i - 1] + w * (value[i] - value[i - 1]);
      }
    return value.back();
  }
};

inline Series read_probe(const fs::path& csv, const std::string& column) {
  std::ifstream in(csv);
  REQUIRE(in.good());
  std::string line;
  std::getline(in, line);
  std::vector<std::string> names;
  {
    std::stringstream ss(line);
    std::string n;
    while (std::getline(ss, n, ',')) names.push_back(n);
  }
  size_t col = names.size();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == column) col = i;
  INFO("column " << column << " in " << csv);
  REQUIRE(col < names.size());
  Series s;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    for (size_t i = 0; std::getline(ss, cell, ','); ++i) {
      if (i == 0) s.time_s.push_back(std::stod(cell));
      if (i == col) s.value.push_back(std::stod(cell));
    }
  }
  return s;
}

// Runs `doc` (after `sets`) and returns the probe's temperature series.
inline Series run_probe(nlohmann::json doc, const std::vector<std::string>& sets,
                        const std::string& probe, const std::string& tag) {
  for (const auto& s : sets) plan::apply_set_override(doc, s);
  const plan::Plan p = plan::parse_plan(doc, "plan.json");
  // A random suffix: several test processes (ctest -j) may run the same plan at once.
  const fs::path dir = fs::temp_directory_path() / ("photodose-experiment-" + tag + "-" +
                                                    std::to_string(std::random_device{}()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  pipeline::RunSettings settings;
  settings.threads = 1;
  pipeline::run_plan(p, settings, dir);
  Series s = read_probe(dir / "probes.csv", probe + "_temperature_C");
  fs::remove_all(dir);
  return s;
}

struct Rise {
  double mean_C = 0, sd_of_mean_C = 0;  // over seeds
  std::vector<double> per_seed_C;
  Series baseline, heated;  // baseline and first seed's series
};

// Temperature rise at `probe` and time `t_s`: heated minus unheated, over `seeds` seeds;
// `drop_agents` removes the plan's agents (the experiment's laser-only control).
inline Rise temperature_rise(const std::string& name, const std::vector<std::string>& sets,
                             const std::string& probe, double t_s, int seeds,
                             bool drop_agents = false) {
  nlohmann::json doc = read_plan(name);
  if (drop_agents) doc.erase("agents");
  nlohmann::json dark = doc;
  dark.erase("sources");
  dark.erase("agents");
  Rise r;
  r.baseline = run_probe(dark, {}, probe, name + "-dark");
  const double t0 = r.baseline.at(t_s);
  for (int k = 0; k < seeds; ++k) {
    std::vector<std::string> s = sets;
    // Appended, not "literal" + string: GCC 12 at -O3 warns falsely (-Warray-bounds) on that.
    std::string seed_set = "/transport/seed=";
    seed_set += std::to_string(101 + k);
    s.push_back(std::move(seed_set));
    Series heated = run_probe(doc, s, probe, name + "-" + std::to_string(k));
    r.per_seed_C.push_back(heated.at(t_s) - t0);
    if (k == 0) r.heated = heated;
  }
  double sum = 0, sum2 = 0;
  for (double v : r.per_seed_C) sum += v;
  r.mean_C = sum / seeds;
  for (double v : r.per_seed_C) sum2 += (v - r.mean_C) * (v - r.mean_C);
  r.sd_of_mean_C = seeds > 1 ? std::sqrt(sum2 / (seeds - 1) / seeds) : 0.0;
  return r;
}

}  // namespace photodose::experiments
