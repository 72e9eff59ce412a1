// `photodose bench`: speed on the standard cases, compiled into the program: MCX's benchmarks and
// the van de Hulst slab in MCX format (photons per millisecond), the heat stencil (voxel
// updates per second and memory bandwidth) and one full photothermal preset (figure of merit).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>

#include "bench_support.h"
#include "commands.h"
#include "photodose/common/backend.h"
#include "photodose/common/embedded_text.h"
#include "photodose/common/errors.h"
#include "photodose/transport/mcx_input.h"
#include "photodose/transport/transport.h"
#include "photodose/version.h"

namespace photodose::cli {
namespace {

struct BenchOptions {
  std::vector<std::string> cases;
  uint64_t photons = 0;
  std::string backend = "auto";
  int threads = 0;
  std::string json_path;
  int heat_size = 0;
  int heat_steps = 0;
};

std::vector<std::string> known_cases() {
  std::vector<std::string> names;
  for (const auto& c : embedded_bench_cases()) {
    std::string n(c.name);
    if (n.size() > 5 && n.substr(n.size() - 5) == ".json")
      names.push_back(n.substr(0, n.size() - 5));
  }
  return names;
}

constexpr uint64_t kCudaWarmUpPhotons = 10000;

nlohmann::ordered_json run_photon_case(const std::string& name, const BenchOptions& opt,
                                       const BenchCaseSettings& settings) {
  std::string_view text;
  for (const auto& c : embedded_bench_cases())
    if (c.name == name + ".json") text = c.text;
  const nlohmann::json doc = parse_json_text(std::string(text), name + ".json");
  McxInput in = parse_mcx_input(doc, name + ".json", ".");
  if (opt.photons > 0) in.problem.photons = opt.photons;
  TransportOptions options;
  options.backend = settings.backend;
  options.threads = settings.threads;
  if (settings.backend == Backend::cuda) {
    // Untimed warm-up: the GPU context, module loading and clocks are not the kernel's speed.
    TransportProblem warm_up = in.problem;
    warm_up.photons = std::min<uint64_t>(warm_up.photons, kCudaWarmUpPhotons);
    run_transport(warm_up, options);
  }
  reset_peak_memory();
  const TransportResult r = run_transport(in.problem, options);
  nlohmann::ordered_json j = {{"name", name},
                              {"kind", "photon transport"},
                              {"photons", r.photons},
                              {"photons_per_ms", r.photons_per_ms()},
                              {"seconds", r.seconds},
                              {"absorbed_percent", 100.0 * r.energy.absorbed},
                              {"reflectance", r.energy.escaped_by_face[4]},
                              {"transmittance", r.energy.escaped_by_face[5]},
                              {"peak_memory_MB", peak_memory_MB()}};
  std::fprintf(settings.text, "%-14s %12.1f photons/ms  %8.2f s  absorbed %6.2f %%\n", name.c_str(),
               r.photons_per_ms(), r.seconds, 100.0 * r.energy.absorbed);
  std::fflush(settings.text);
  return j;
}

// Written to a neighbour and renamed into place, so a reader never sees half a file.
void write_report(const nlohmann::ordered_json& report, const std::string& path) {
  const std::string partial = path + ".partial";
  {
    std::ofstream out(partial);
    if (!(out << report.dump(2) << "\n"))
      throw RuntimeError("cannot write " + partial + "; check the path and permissions");
  }
  std::error_code ec;
  std::filesystem::rename(partial, path, ec);
  if (ec) throw RuntimeError("cannot rename " + partial + " to " + path + ": " + ec.message());
}

void run_bench(const BenchOptions& opt) {
  const std::vector<std::string> all = known_cases();
  std::vector<std::string> selected = opt.cases.empty() ? default_bench_cases() : opt.cases;
  for (const auto& c : selected)
    if (std::find(all.begin(), all.end(), c) == all.end() && !is_heat_case(c) &&
        !is_preset_case(c)) {
      std::string list;
      for (const auto& a : all) list += a + ", ";
      throw InputError("", "--case", "'" + c + "'", "one of " + list + other_case_names());
    }
  const Backend backend = resolve_backend(parse_backend_request(opt.backend));
  const int threads = backend == Backend::cpu ? resolve_cpu_threads(opt.threads) : 0;
  // With the JSON on stdout, the human lines go to stderr.
  FILE* text = opt.json_path == "-" ? stderr : stdout;
  std::fprintf(text, "photodose %s bench on %s (%s, %d threads)\n", kVersion,
               device_description(backend).c_str(), backend_name(backend), threads);
  nlohmann::ordered_json report = {{"backend", backend_name(backend)},
                                   {"device", device_description(backend)},
                                   {"threads", threads},
                                   {"version", kVersion},
                                   {"commit", kCommit},
                                   {"cases", nlohmann::ordered_json::array()}};
  BenchCaseSettings settings;
  settings.backend = backend;
  settings.threads = threads;
  settings.photons = opt.photons;
  settings.heat_size = opt.heat_size;
  settings.heat_steps = opt.heat_steps;
  settings.text = text;
  for (const auto& c : selected) {
    if (is_heat_case(c))
      report["cases"].push_back(run_heat_case(c, settings));
    else if (is_preset_case(c))
      report["cases"].push_back(run_preset_case(c, settings));
    else
      report["cases"].push_back(run_photon_case(c, opt, settings));
    // Rewritten after every case, so a case that fails or is killed keeps the ones before it.
    if (!opt.json_path.empty() && opt.json_path != "-") write_report(report, opt.json_path);
  }
  if (opt.json_path == "-") std::cout << report.dump(2) << "\n";
}

}  // namespace

void add_bench_command(CLI::App& app) {
  auto opt = std::make_shared<BenchOptions>();
  auto* cmd = app.add_subcommand("bench", "Measure speed on the standard benchmark cases");
  cmd->add_option("--case", opt->cases, "A case to run (repeatable; default: all)");
  cmd->add_option("--photons", opt->photons, "Photons per photon case (default: the case's)");
  cmd->add_option("--backend", opt->backend, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--threads", opt->threads, "CPU threads (default: all cores)");
  cmd->add_option("--heat-size", opt->heat_size, "Edge of the heat case's cube (default 256)")
      ->check(CLI::Range(8, 1024));
  cmd->add_option("--heat-steps", opt->heat_steps, "Timed steps of the heat case (default 20)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--json", opt->json_path, "Write the results as JSON to FILE ('-' = stdout)");
  cmd->callback([opt] { run_bench(*opt); });
}

}  // namespace photodose::cli
