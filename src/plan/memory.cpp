// Host memory estimate of a run (memory.h). Bytes per voxel of each array, as the stages
// hold them (transport/result.h, transport/cpu_backend.cpp, thermal/prepared.h and result.h,
// pdt/soed.h and soed_backend.h).
#include <algorithm>

#include "photodose/common/available_memory.h"
#include "photodose/common/errors.h"
#include "photodose/plan/memory.h"

namespace photodose::plan {
namespace {

constexpr uint64_t kFixedBytes = 256ull << 20;  // program, VTK, PLplot, tables, thread stacks

std::string gib(uint64_t bytes) {
  return format_gib(double(bytes));
}

}  // namespace

MemoryEstimate estimate_run_memory(const Plan& plan) {
  const uint64_t v = uint64_t(plan.grid.voxels());
  const uint64_t agents = plan.agents.size();
  const uint64_t sources = plan.sources.size();
  std::vector<double> wavelengths;
  for (const auto& s : plan.sources)
    if (std::find(wavelengths.begin(), wavelengths.end(), s.wavelength_nm) == wavelengths.end())
      wavelengths.push_back(s.wavelength_nm);
  const uint64_t lambdas = wavelengths.size();
  uint64_t magnetic = 0;
  for (const auto& a : plan.agents)
    magnetic += a.spec.kind == optics::AgentKind::magnetic_nanoparticle ? 1 : 0;

  MemoryEstimate e;
  const auto add = [&](const std::string& name, uint64_t bytes) {
    if (bytes == 0) return;
    e.parts.emplace_back(name, bytes);
    e.bytes += bytes;
  };
  // Persistent arrays.
  add("phantom (labels, agent concentrations)", v * (2 + 4 * agents));
  // Per source: fluence (double), relative error (float), absorbed fraction (double).
  add("transport results", v * sources * 20);
  // Per wavelength: mua, mus (float) and the fluence-rate output fields (float).
  add("optical fields", v * lambdas * 16);
  if (plan.thermal)  // T, T_max, Omega, CEM43, Omega=1 time (double), necrosis (byte)
    add("thermal results", v * 41);
  const bool pdt_runs = plan.pdt.has_value();
  if (pdt_runs)  // [1O2]rx, [S0], [3O2], dose (double), necrosis (byte)
    add("PDT results", v * 33);
  add("output conversions", v * 4 * 12);  // float copies of the written fields

  // The largest working set of one stage at a time.
  // Transport: labels, per-voxel optical properties, fixed-point tally, batch sums (2 double).
  const uint64_t transport = sources ? v * (2 + 16 + 8 + 16) : 0;
  // Thermal: padded T0 and two state copies (double), 3 conductances and inv_c, wv, q (float),
  // a heat-source density per source in the problem (double) and prepared (float), damage index.
  const uint64_t thermal = plan.thermal ? v * (24 + 24 + 2 + 12 * (sources + magnetic)) : 0;
  // PDT: per light the fluence rate per watt (double); per voxel drug, supply, oxygen0,
  // perfusion stop (double) in the problem and again in the backend, plus the integrator state.
  const uint64_t pdt = pdt_runs ? v * (8 * plan.pdt->sources.size() + 64 + 64) : 0;
  const uint64_t working = std::max({transport, thermal, pdt});
  add(working == transport ? "transport working set"
      : working == thermal ? "thermal working set"
                           : "PDT working set",
      working);
  add("program and libraries", kFixedBytes);
  return e;
}

uint64_t estimate_run_memory_bytes(const Plan& plan) {
  return estimate_run_memory(plan).bytes;
}

MemoryEstimate estimate_mcx_memory(int64_t voxels) {
  const uint64_t v = uint64_t(std::max<int64_t>(voxels, 0));
  MemoryEstimate e;
  const auto add = [&](const std::string& name, uint64_t bytes) {
    e.parts.emplace_back(name, bytes);
    e.bytes += bytes;
  };
  add("labels", v * 2);
  // Fixed-point tally and two batch sums per voxel, then fluence, its relative error and the
  // absorbed fraction, and the float copies of fluence and absorbed energy that are written.
  add("transport working set", v * (8 + 16));
  add("transport results", v * 20);
  add("output conversions", v * 8);
  add("program and libraries", kFixedBytes);
  return e;
}

void check_memory(const std::string& file, int64_t voxels, const MemoryEstimate& e,
                  uint64_t available_bytes) {
  if (double(e.bytes) <= 0.9 * double(available_bytes)) return;
  std::string parts;
  for (const auto& [name, bytes] : e.parts)
    parts += (parts.empty() ? "" : ", ") + name + " " + gib(bytes);
  throw RuntimeError(file + ": the grid of " + std::to_string(voxels) + " voxels needs about " +
                     gib(e.bytes) + ", " + gib(available_bytes) +
                     " available; use a coarser voxel_mm or a smaller grid (" + parts + ")");
}

void check_memory(const std::string& file, int64_t voxels, const MemoryEstimate& e) {
  if (const auto available = available_memory_bytes()) check_memory(file, voxels, e, *available);
}

void check_run_memory(const Plan& plan, uint64_t available_bytes) {
  check_memory(plan.file, plan.grid.voxels(), estimate_run_memory(plan), available_bytes);
}

void check_run_memory(const Plan& plan) {
  check_memory(plan.file, plan.grid.voxels(), estimate_run_memory(plan));
}

}  // namespace photodose::plan
