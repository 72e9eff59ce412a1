// `photodose mcx FILE.json`: runs an input written in MCX's JSON format and writes
// summary.json and fields.vti (label, fluence per unit launched energy, absorbed energy), and
// the .mc2 and .nii files MCX writes for the same input.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "commands.h"
#include "photodose/common/backend.h"
#include "photodose/common/errors.h"
#include "photodose/common/format.h"
#include "photodose/io/nifti.h"
#include "photodose/io/output_directory.h"
#include "photodose/io/vti.h"
#include "photodose/plan/memory.h"
#include "photodose/transport/mcx_input.h"
#include "photodose/transport/summary.h"
#include "photodose/transport/transport.h"
#include "photodose/version.h"
#include "progress.h"

namespace photodose::cli {
namespace {

struct McxOptions {
  std::string input;
  std::string outdir;
  uint64_t photons = 0;
  int64_t seed = -1;
  std::string backend = "auto";
  int threads = 0;
  bool quiet = false;
};

// MCX's `flux` of one gate: fluence rate per unit launched energy, 1/(mm^2 s), so that the
// gate's value times its width is the fluence. photodose tallies one gate over the whole window.
double mcx_gate_width_s(const McxInput& in) {
  return in.has_forward ? in.gates_end_s - in.gates_start_s : 1.0;
}

nlohmann::ordered_json write_fields(const OutputDirectory& out, const McxInput& in,
                                    const TransportResult& r) {
  const size_t nvox = r.fluence_per_mm2.size();
  std::vector<float> fluence(nvox), absorbed(nvox), flux(nvox);
  const double per_gate = 1.0 / mcx_gate_width_s(in);
  for (size_t v = 0; v < nvox; ++v) {
    fluence[v] = float(r.fluence_per_mm2[v]);
    absorbed[v] = float(r.absorbed_fraction[v]);
    flux[v] = float(r.fluence_per_mm2[v] * per_gate);
  }
  write_vti(out.file("fields.vti"), in.problem.grid,
            {field_view("label", in.problem.labels), field_view("fluence", fluence),
             field_view("fluence_rel_error", r.fluence_rel_error),
             field_view("absorbed_energy", absorbed)});
  // What MCX users' scripts read: the raw .mc2 (float32, x fastest, nt = 1) and NIfTI.
  const std::string mc2 = in.name + ".mc2", nii = in.name + ".nii";
  {
    std::ofstream raw(out.file(mc2), std::ios::binary);
    raw.write(reinterpret_cast<const char*>(flux.data()), std::streamsize(flux.size() * 4));
    if (!raw) throw RuntimeError("cannot write " + out.file(mc2).string());
  }
  write_nifti(out.file(nii), in.problem.grid, field_view("flux", flux));
  return {{"summary", "summary.json"}, {"fields", "fields.vti"}, {"mc2", mc2}, {"nifti", nii}};
}

nlohmann::ordered_json time_gates_json(const McxInput& in) {
  if (!in.has_forward)
    return {{"written", 1},
            {"how",
             "no Forward section: no time limit; .mc2 and .nii hold the fluence (one "
             "gate of 1 s)"}};
  return {{"T0_s", in.gates_start_s},
          {"T_end_s", in.gates_end_s},
          {"Dt_s", in.gate_width_s},
          {"requested", in.gates_requested},
          {"written", 1},
          {"how", in.gates_requested > 1
                      ? "photodose tallies no time resolution: the " +
                            std::to_string(in.gates_requested) +
                            " gates are summed into one spanning T0 to T_end; .mc2 and .nii "
                            "hold MCX's flux of that gate (fluence / (T_end - T0)); to "
                            "compare, multiply MCX's gates by Dt and add them"
                      : "one gate spanning T0 to T_end, as MCX's; .mc2 and .nii hold MCX's "
                        "flux (fluence / (T_end - T0))"}};
}

nlohmann::ordered_json summary(const McxInput& in, const TransportResult& r,
                               const nlohmann::ordered_json& outputs) {
  nlohmann::ordered_json t = transport_summary_json(r);
  // MCX prints the absorbed share of the energy that entered the medium.
  const double entered = 1.0 - r.energy.specular;
  t["mcx_absorbed_percent"] = entered > 0 ? 100.0 * r.energy.absorbed / entered : 0.0;
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& k : in.ignored_keys) warnings.push_back("ignored MCX key " + k);
  return nlohmann::ordered_json{
      {"photodose_version", kVersion},
      {"commit", kCommit},
      {"input", in.name},
      {"backend", r.backend},
      {"device", r.device},
      {"threads", r.threads},
      {"seed", in.problem.seed},
      {"grid",
       {{"shape", {in.problem.grid.dims.nx, in.problem.grid.dims.ny, in.problem.grid.dims.nz}},
        {"voxel_mm", in.problem.grid.voxel_mm}}},
      {"transport", nlohmann::ordered_json::array({t})},
      {"time_gates", time_gates_json(in)},
      {"outputs", outputs},
      {"warnings", warnings}};
}

void run_mcx(const McxOptions& opt) {
  McxInput in = load_mcx_input(opt.input);
  if (opt.photons > 0) in.problem.photons = opt.photons;
  if (opt.seed >= 0) in.problem.seed = uint64_t(opt.seed);
  const Backend backend = resolve_backend(parse_backend_request(opt.backend), opt.quiet);
  for (const auto& k : in.ignored_keys)
    std::cerr << "note: ignored MCX key " << k << " (output or speed option only)\n";
  plan::check_memory(opt.input, in.problem.grid.voxels(),
                     plan::estimate_mcx_memory(in.problem.grid.voxels()));
  const std::string outdir = opt.outdir.empty() ? "out/" + in.name : opt.outdir;
  OutputDirectory out(outdir);
  for (const std::string& n : out.notices()) std::cerr << "note: " << n << "\n";

  Progress progress("transport", opt.quiet);
  TransportOptions options;
  options.backend = backend;
  options.threads = opt.threads;
  options.progress = [&](double f) { progress.update(f); };
  const TransportResult r = run_transport(in.problem, options);
  progress.done();

  if (in.gates_requested > 1 && !opt.quiet)
    std::cerr << "note: " << time_gates_json(in)["how"].get<std::string>() << "\n";
  const nlohmann::ordered_json s = summary(in, r, write_fields(out, in, r));
  std::ofstream(out.file("summary.json")) << s.dump(2) << "\n";
  out.commit();
  std::printf("%s: %llu photons in %.2f s (%.1f photons/ms, %s)\n", in.name.c_str(),
              (unsigned long long)r.photons, r.seconds, r.photons_per_ms(), r.backend.c_str());
  // One figure where the conventions agree (no specular loss at the entry), else both.
  const double absorbed_percent = 100.0 * r.energy.absorbed;
  const double error_percent = 100.0 * r.energy_std_error.absorbed;
  if (r.energy.specular == 0)
    std::printf("absorbed %s +- %s %% of the launched energy (as MCX reports it)\n",
                format_significant(absorbed_percent, 4).c_str(),
                format_significant(error_percent, 2).c_str());
  else
    std::printf(
        "absorbed %s +- %s %% of the launched energy; %s %% of the energy entering the "
        "medium (MCX's convention)\n",
        format_significant(absorbed_percent, 4).c_str(),
        format_significant(error_percent, 2).c_str(),
        format_significant(s["transport"][0]["mcx_absorbed_percent"].get<double>(), 4).c_str());
  std::printf("results in %s\n", out.final_path().string().c_str());
}

}  // namespace

void add_mcx_command(CLI::App& app) {
  auto opt = std::make_shared<McxOptions>();
  auto* cmd = app.add_subcommand("mcx", "Run an input written in MCX's JSON format");
  cmd->add_option("input", opt->input, "MCX JSON input")->required();
  cmd->add_option("-o,--output", opt->outdir, "Output directory (default ./out/<name>)");
  cmd->add_option("-n,--photons", opt->photons, "Photon packets (overrides Session.Photons)");
  cmd->add_option("--seed", opt->seed, "Random seed (overrides Session.RNGSeed)");
  cmd->add_option("--backend", opt->backend, "auto, cpu or cuda")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  cmd->add_option("--threads", opt->threads, "CPU threads (default: all cores)");
  cmd->add_flag("--quiet", opt->quiet, "No progress on stderr");
  cmd->callback([opt] { run_mcx(*opt); });
}

}  // namespace photodose::cli
