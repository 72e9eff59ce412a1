// `photodose optimize PLAN.json`: the plan's optimize section searched (optimize.h), then the
// best plan run forward; OUTDIR holds it as plan.json and its full outputs (written
// all-or-nothing), summary.json the search's result.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "commands.h"
#include "photodose/common/backend.h"
#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/io/output_directory.h"
#include "photodose/optimize/optimize.h"
#include "photodose/pipeline/run_plan.h"
#include "photodose/plan/parse.h"
#include "photodose/version.h"
#include "progress.h"

namespace photodose::cli {
namespace {

struct OptimizeOptions {
  std::string plan_path;
  std::string outdir;
  uint64_t photons = 0;
  int64_t seed = -1;
  std::string backend = "auto";
  int threads = 0;
  std::vector<std::string> sets;
  bool quiet = false;
};

std::string fixed(double v, int digits) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

void optimize(const OptimizeOptions& opt) {
  const plan::Plan plan = plan::load_plan(opt.plan_path, opt.sets);
  if (!plan.optimize)
    throw InputError(opt.plan_path, "/optimize", "missing",
                     "an optimize section: variables, target, limits and minimize "
                     "(docs/optimize.md)");
  const Backend backend = resolve_backend(parse_backend_request(opt.backend), opt.quiet);
  OutputDirectory out(opt.outdir.empty() ? "out/" + plan.name + "-optimized" : opt.outdir);
  for (const std::string& n : out.notices()) std::cerr << "note: " << n << "\n";

  pipeline::LightCache light;
  pipeline::RunSettings settings;
  settings.backend = backend;
  settings.threads = backend == Backend::cpu ? resolve_cpu_threads(opt.threads) : opt.threads;
  settings.photons = opt.photons;
  if (opt.seed >= 0) {
    settings.seed = uint64_t(opt.seed);
    settings.has_seed = true;
  }
  settings.light_cache = &light;
  std::map<std::string, std::unique_ptr<Progress>> bars;
  std::string current;
  auto progress = [&](const std::string& stage, double f) {
    if (stage != current) {
      if (bars.count(current)) bars[current]->done();
      current = stage;
      bars[stage] = std::make_unique<Progress>(stage, opt.quiet);
    }
    bars[stage]->update(f);
  };
  // The search reports evaluations; its light transports report as in a run.
  settings.progress = [&](const std::string& stage, double f) {
    if (stage == "optimize" || stage.rfind("light", 0) == 0) progress(stage, f);
  };
  const optimize::OptimizeResult result = optimize::optimize_plan(plan, settings);
  if (bars.count(current)) bars[current]->done();

  // The best plan, run forward with the light the search computed.
  const plan::Plan best = optimize::plan_with(plan, result.values);
  settings.progress = progress;
  nlohmann::ordered_json summary = pipeline::run_plan(best, settings, out.path());
  if (bars.count(current)) bars[current]->done();
  summary["photodose_version"] = kVersion;
  summary["device"] = device_description(backend);
  summary["commit"] = kCommit;
  summary["overrides"] = plan.overrides;
  summary["optimize"] = optimize::optimize_json(*plan.optimize, result, light);
  for (const auto& w : result.warnings) summary["warnings"].push_back(w);
  std::ofstream(out.file("plan.json")) << plan::document_as_run(best).dump(2) << "\n";
  std::ofstream(out.file("summary.json")) << summary.dump(2) << "\n";
  out.commit();

  const auto& o = summary["optimize"];
  std::cout << plan.name << ": " << (result.met ? "goals met" : "goals not met (infeasible)")
            << " after " << result.evaluations << " evaluations in " << fixed(result.seconds, 1)
            << " s; results in " << out.final_path().string() << "\n";
  for (const auto& [pointer, value] : o["variables"].items())
    std::cout << "  " << pointer << " = " << format_significant(value.get<double>()) << "\n";
  std::cout << "  " << plan.optimize->target.region << " coverage "
            << fixed(100 * result.best.target_coverage, 1) << " % (was "
            << fixed(100 * result.initial.target_coverage, 1) << " %, goal "
            << fixed(100 * plan.optimize->target.coverage, 1) << " %)\n";
  for (const auto& l : result.best.limits)
    std::cout << "  " << l.limit.region << " " << plan::limit_quantity_name(l.limit.quantity) << " "
              << format_significant(l.value) << " (limit " << format_significant(l.limit.bound)
              << ")" << (l.met ? "" : "  NOT MET") << "\n";
  std::cout << "  " << plan::objective_name(plan.optimize->minimize) << " "
            << format_significant(result.best.objective()) << " (was "
            << format_significant(result.initial.objective()) << ")\n";
  for (const auto& b : result.binding)
    std::cout << "  " << (result.met ? "at its bound: " : "missed: ") << b << "\n";
  for (const auto& w : summary["warnings"])
    std::cerr << "warning: " << w.get<std::string>() << "\n";
}

}  // namespace

void add_optimize_command(CLI::App& app) {
  auto opt = std::make_shared<OptimizeOptions>();
  auto* cmd = app.add_subcommand(
      "optimize", "Search the plan's optimize variables for the goals, then run the best plan");
  cmd->add_option("plan", opt->plan_path, "Treatment plan with an optimize section (JSON)")
      ->required();
  cmd->add_option("-o,--output", opt->outdir,
                  "Output directory (default ./out/<plan name>-optimized)");
  cmd->add_option("--photons", opt->photons, "Photon packets per source (overrides the plan)");
  cmd->add_option("--seed", opt->seed, "Random seed (overrides the plan)");
  cmd->add_option("--backend", opt->backend, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--threads", opt->threads, "CPU threads (default: all cores)");
  cmd->add_option("--set", opt->sets, "Override a plan value: /json/pointer=VALUE (repeatable)");
  cmd->add_flag("--quiet", opt->quiet, "No progress on stderr");
  cmd->callback([opt] { optimize(*opt); });
}

}  // namespace photodose::cli
