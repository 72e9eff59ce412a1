// `photodose run PLAN.json`: a treatment plan through light, heat, damage and PDT, results in
// OUTDIR (written all-or-nothing).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "commands.h"
#include "photodose/common/backend.h"
#include "photodose/common/format.h"
#include "photodose/io/output_directory.h"
#include "photodose/pipeline/run_plan.h"
#include "photodose/plan/parse.h"
#include "photodose/version.h"
#include "progress.h"

namespace photodose::cli {
namespace {

struct RunOptions {
  std::string plan_path;
  std::string outdir;
  uint64_t photons = 0;
  int64_t seed = -1;
  std::string backend = "auto";
  int threads = 0;
  std::vector<std::string> sets;
  bool quiet = false;
};

void run(const RunOptions& opt) {
  const plan::Plan plan = plan::load_plan(opt.plan_path, opt.sets);
  const Backend backend = resolve_backend(parse_backend_request(opt.backend), opt.quiet);
  OutputDirectory out(opt.outdir.empty() ? "out/" + plan.name : opt.outdir);
  for (const std::string& n : out.notices()) std::cerr << "note: " << n << "\n";

  pipeline::RunSettings settings;
  settings.backend = backend;
  settings.threads = backend == Backend::cpu ? resolve_cpu_threads(opt.threads) : opt.threads;
  settings.photons = opt.photons;
  if (opt.seed >= 0) {
    settings.seed = uint64_t(opt.seed);
    settings.has_seed = true;
  }
  std::map<std::string, std::unique_ptr<Progress>> bars;
  std::string current;
  settings.progress = [&](const std::string& stage, double f) {
    if (stage != current) {
      if (bars.count(current)) bars[current]->done();
      current = stage;
      bars[stage] = std::make_unique<Progress>(stage, opt.quiet);
    }
    bars[stage]->update(f);
  };
  nlohmann::ordered_json summary = pipeline::run_plan(plan, settings, out.path());
  if (bars.count(current)) bars[current]->done();
  summary["photodose_version"] = kVersion;
  summary["device"] = device_description(backend);
  summary["commit"] = kCommit;
  summary["overrides"] = plan.overrides;  // the --set values, also applied in plan.json
  std::ofstream(out.file("plan.json")) << plan::document_as_run(plan).dump(2) << "\n";
  std::ofstream(out.file("summary.json")) << summary.dump(2) << "\n";
  out.commit();

  // Figures to what they support: volumes and fluence rates to 3 significant digits (Monte
  // Carlo errors are a few per cent), temperatures to 0.1 degC, fractions to 0.1 %.
  const auto fixed1 = [](double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return std::string(buf);
  };
  const auto percent = [&](const nlohmann::json& fraction) {
    return fixed1(100 * fraction.get<double>()) + " %";
  };
  std::cout << plan.name << ": done in " << fixed1(summary["seconds"].get<double>()) << " s on "
            << backend_name(backend) << "; results in " << out.final_path().string() << "\n";
  for (const auto& [name, m] : summary["regions"].items()) {
    std::cout << "  " << name << (m.value("target", false) ? " (target)" : "") << ": "
              << format_significant(m["volume_mm3"].get<double>()) << " mm³";
    if (!summary["transport"].empty())
      std::cout << ", fluence rate "
                << format_significant(m["fluence_rate_mean_mW_per_cm2"].get<double>()) << " mW/cm²";
    if (m.contains("temperature_max_C"))
      std::cout << ", T_max " << fixed1(m["temperature_max_C"].get<double>())
                << " °C, thermal necrosis in " << percent(m["thermal_necrosis_fraction"])
                << " (Ω ≥ 1 in " << percent(m["thermal_damage_fraction"]) << ")";
    if (m.contains("pdt_necrosis_fraction"))
      std::cout << ", PDT necrosis in " << percent(m["pdt_necrosis_fraction"]);
    std::cout << "\n";
  }
  for (const auto& w : summary["warnings"])
    std::cerr << "warning: " << w.get<std::string>() << "\n";
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto opt = std::make_shared<RunOptions>();
  auto* cmd = app.add_subcommand("run", "Run a treatment plan: light, heat, damage and PDT");
  cmd->add_option("plan", opt->plan_path, "Treatment plan (JSON)")->required();
  cmd->add_option("-o,--output", opt->outdir, "Output directory (default ./out/<plan name>)");
  cmd->add_option("--photons", opt->photons, "Photon packets per source (overrides the plan)");
  cmd->add_option("--seed", opt->seed, "Random seed (overrides the plan)");
  cmd->add_option("--backend", opt->backend, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--threads", opt->threads, "CPU threads (default: all cores)");
  cmd->add_option("--set", opt->sets, "Override a plan value: /json/pointer=VALUE (repeatable)");
  cmd->add_flag("--quiet", opt->quiet, "No progress on stderr");
  cmd->callback([opt] { run(*opt); });
}

}  // namespace photodose::cli
