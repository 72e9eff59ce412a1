// Builds the padded per-voxel arrays of stencil.h from a validated problem.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

#include "photodose/common/errors.h"
#include "photodose/thermal/prepared.h"

namespace photodose {
namespace {

bool solved_at(const ThermalProblem& p, int64_t n) {
  return p.solved.empty() || p.solved[size_t(n)] != 0;
}

double at_or(const std::vector<double>& v, int64_t n, double fallback) {
  return v.empty() ? fallback : v[size_t(n)];
}

// Conductance (W/K) from a voxel of conductivity k to a fixed temperature half a voxel away
// through a film of coefficient h_conv; h_conv = +inf is a Dirichlet face.
double surface_conductance(double k, double h_m, double h_conv) {
  if (k <= 0 || h_conv <= 0) return 0;
  const double resistance = h_m / (2 * k) + (std::isinf(h_conv) ? 0.0 : 1.0 / h_conv);  // m^2 K/W
  return h_m * h_m / resistance;
}

// Largest weight a schedule ever gives its source.
template <class Interval>
double max_weight(const std::vector<Interval>& schedule, double Interval::*amount) {
  double w = 0;
  for (const Interval& iv : schedule) w = std::max(w, iv.*amount);
  return w;
}

// Index of (A, Ea) in the damage table, adding it when new. Neighbouring voxels are usually the
// same tissue, so the last pair is checked before the map.
struct DamageIndexer {
  std::map<std::pair<double, double>, uint16_t> index_of;
  std::pair<double, double> last{-1.0, -1.0};
  uint16_t last_id = 0;
};

uint16_t damage_entry(DamageIndexer& ix, std::vector<DamageRate>& table, double A, double Ea) {
  if (!(A > 0)) return 0;
  const auto key = std::make_pair(A, Ea);
  if (key == ix.last) return ix.last_id;
  const auto it = ix.index_of.find(key);
  if (it != ix.index_of.end()) {
    ix.last = key;
    ix.last_id = it->second;
    return it->second;
  }
  if (table.size() >= 65536)
    throw InputError("", "/thermal", "more than 65535 distinct Arrhenius (A, Ea) pairs",
                     "at most 65535 distinct pairs (one per tissue, typically)");
  const uint16_t id = uint16_t(table.size());
  table.push_back(make_damage_rate(A, Ea));
  ix.index_of.emplace(key, id);
  ix.last = key;
  ix.last_id = id;
  return id;
}

}  // namespace

int64_t PreparedThermal::padded_of(int64_t n) const {
  const int64_t i = n % dims.nx, j = (n / dims.nx) % dims.ny, k = n / (int64_t(dims.nx) * dims.ny);
  return (i + 1) + sy * (j + 1) + sz * (k + 1);
}

double heat_capacity_J_per_K(const PreparedThermal& prepared, int64_t p) {
  const float ic = prepared.inv_c[size_t(p)];
  return ic > 0 ? 1.0 / double(ic) : 0.0;
}

double max_heating_rate_K_per_s(const PreparedThermal& prepared, const std::vector<double>& weights,
                                bool with_metabolic) {
  double rate = 0;
  for (int64_t p = 0; p < prepared.padded_voxels(); ++p) {
    const float ic = prepared.inv_c[size_t(p)];
    if (ic == 0.0f) continue;
    double heat = with_metabolic ? double(prepared.q_metabolic[size_t(p)]) : 0.0;
    for (size_t s = 0; s < weights.size(); ++s)
      heat += weights[s] * double(prepared.sources[s][size_t(p)]);
    rate = std::max(rate, std::fabs(heat) * double(ic));
  }
  return rate;
}

double stored_energy_J(const PreparedThermal& prepared, const std::vector<double>& T) {
  double sum = 0;
  for (int64_t p = 0; p < prepared.padded_voxels(); ++p) {
    if (prepared.inv_c[size_t(p)] == 0.0f) continue;
    sum += heat_capacity_J_per_K(prepared, p) * (T[size_t(p)] - prepared.T0[size_t(p)]);
  }
  return sum;
}

PreparedThermal prepare_thermal(const ThermalProblem& problem) {
  PreparedThermal out;
  const GridDims d = problem.grid.dims;
  out.dims = d;
  out.padded = {d.nx + 2, d.ny + 2, d.nz + 2};
  out.sy = out.padded.nx;
  out.sz = int64_t(out.padded.nx) * out.padded.ny;
  out.voxel_m = problem.grid.voxel_mm * 1e-3;
  out.voxel_volume_m3 = out.voxel_m * out.voxel_m * out.voxel_m;
  out.arterial_C = problem.arterial_C;
  out.perfusion_shutdown = problem.perfusion_shutdown;
  const double h = out.voxel_m, V = out.voxel_volume_m3;
  const size_t np = size_t(out.padded.voxels());
  const double blood = problem.blood_density_kg_per_m3 * problem.blood_specific_heat_J_per_kgK;

  out.T0.assign(np, problem.initial_C);
  out.inv_c.assign(np, 0.0f);
  out.wv.assign(np, 0.0f);
  out.q_metabolic.assign(np, 0.0f);
  out.damage_index.assign(np, 0);
  out.damage_table.assign(1, make_damage_rate(0, 0));
  std::vector<double> k_of(np, 0.0);  // conductivity of solved voxels, for the faces
  DamageIndexer damage_ids;

  const size_t nsrc = problem.light_sources.size() + problem.magnetic_sources.size();
  out.sources.assign(nsrc, std::vector<float>(np, 0.0f));
  out.source_total_W.assign(nsrc, 0.0);
  std::vector<double> max_w(nsrc, 0.0);
  std::vector<const std::vector<double>*> density(nsrc);
  for (size_t s = 0; s < problem.light_sources.size(); ++s) {
    density[s] = &problem.light_sources[s].power_density_W_per_m3_per_W;
    max_w[s] = max_weight(problem.light_sources[s].schedule, &PowerInterval::power_W);
  }
  for (size_t m = 0; m < problem.magnetic_sources.size(); ++m) {
    const size_t s = problem.light_sources.size() + m;
    density[s] = &problem.magnetic_sources[m].power_density_W_per_m3;
    max_w[s] = max_weight(problem.magnetic_sources[m].schedule, &FieldInterval::scale);
  }

  for (int64_t n = 0; n < problem.grid.voxels(); ++n) {
    const size_t p = size_t(out.padded_of(n));
    if (!solved_at(problem, n)) {
      out.T0[p] = problem.air_ambient_C;
      continue;
    }
    ++out.solved_voxels;
    out.T0[p] = at_or(problem.initial_field_C, n, problem.initial_C);
    const double C =
        problem.density_kg_per_m3[size_t(n)] * problem.specific_heat_J_per_kgK[size_t(n)] * V;
    out.inv_c[p] = float(1.0 / C);
    k_of[p] = problem.conductivity_W_per_mK[size_t(n)];
    out.wv[p] = float(at_or(problem.perfusion_per_s, n, 0.0) * blood * V);
    const double qm = at_or(problem.metabolic_W_per_m3, n, 0.0) * V;
    out.q_metabolic[p] = float(qm);
    out.metabolic_total_W += qm;
    for (size_t s = 0; s < nsrc; ++s) {
      const double w = (*density[s])[size_t(n)] * V;
      out.sources[s][p] = float(w);
      out.source_total_W[s] += w;
    }
    if (!problem.arrhenius_A_per_s.empty())
      out.damage_index[p] =
          damage_entry(damage_ids, out.damage_table, problem.arrhenius_A_per_s[size_t(n)],
                       problem.arrhenius_Ea_J_per_mol[size_t(n)]);
  }
  if (out.solved_voxels == 0)
    throw InputError("", "/thermal", "no voxel is solved (all air)",
                     "at least one tissue voxel for the heat equation");

  // Ghost temperatures: each face's Dirichlet or ambient temperature.
  const int64_t strides[3] = {1, out.sy, out.sz};
  const int pdims[3] = {out.padded.nx, out.padded.ny, out.padded.nz};
  for (int64_t p = 0; p < int64_t(np); ++p) {
    const int c[3] = {int(p % pdims[0]), int((p / out.sy) % pdims[1]), int(p / out.sz)};
    for (int a = 0; a < 3; ++a) {
      const bool lo = c[a] == 0, hi = c[a] == pdims[a] - 1;
      if (!lo && !hi) continue;
      const ThermalFace& face = problem.faces[size_t(face_index(a, hi))];
      if (face.kind == ThermalFaceKind::dirichlet) out.T0[size_t(p)] = face.temperature_C;
      if (face.kind == ThermalFaceKind::convective) out.T0[size_t(p)] = face.ambient_C;
    }
  }

  // Face conductances between p and p + e_axis.
  for (int a = 0; a < 3; ++a) {
    std::vector<float>& g = out.g[size_t(a)];
    g.assign(np, 0.0f);
    for (int64_t p = 0; p + strides[a] < int64_t(np); ++p) {
      const int64_t q = p + strides[a];
      const bool sp = out.inv_c[size_t(p)] > 0, sq = out.inv_c[size_t(q)] > 0;
      if (!sp && !sq) continue;
      double G = 0;
      if (sp && sq) {
        const double k1 = k_of[size_t(p)], k2 = k_of[size_t(q)];
        G = k1 + k2 > 0 ? 2 * k1 * k2 / (k1 + k2) * h : 0.0;
      } else {
        const int64_t s = sp ? p : q, o = sp ? q : p;
        const int co = int(a == 0 ? o % pdims[0] : (a == 1 ? (o / out.sy) % pdims[1] : o / out.sz));
        const bool ghost = co == 0 || co == pdims[a] - 1;
        double h_conv = problem.air_h_W_per_m2K;
        if (ghost) {
          const ThermalFace& face = problem.faces[size_t(face_index(a, co != 0))];
          h_conv = face.kind == ThermalFaceKind::dirichlet
                       ? std::numeric_limits<double>::infinity()
                       : (face.kind == ThermalFaceKind::convective ? face.h_W_per_m2K : 0.0);
        }
        G = surface_conductance(k_of[size_t(s)], h, h_conv);
      }
      g[size_t(p)] = float(G);
    }
  }

  // Stability limit, heating rate and perfusion time over solved voxels, as the solver sees them.
  out.dt_stable_s = std::numeric_limits<double>::infinity();
  out.min_perfusion_time_s = std::numeric_limits<double>::infinity();
  for (int64_t p = 0; p < int64_t(np); ++p) {
    const float ic = out.inv_c[size_t(p)];
    if (ic == 0.0f) continue;
    const double C = 1.0 / double(ic);
    double sum_g = double(out.wv[size_t(p)]);
    for (int a = 0; a < 3; ++a)
      sum_g +=
          double(out.g[size_t(a)][size_t(p)]) + double(out.g[size_t(a)][size_t(p - strides[a])]);
    if (sum_g > 0) out.dt_stable_s = std::min(out.dt_stable_s, C / sum_g);
    if (out.wv[size_t(p)] > 0)
      out.min_perfusion_time_s = std::min(out.min_perfusion_time_s, C / double(out.wv[size_t(p)]));
    double heat = double(out.q_metabolic[size_t(p)]);
    for (size_t s = 0; s < nsrc; ++s) heat += max_w[s] * double(out.sources[s][size_t(p)]);
    out.max_heating_K_per_s = std::max(out.max_heating_K_per_s, heat * double(ic));
  }
  return out;
}

}  // namespace photodose
