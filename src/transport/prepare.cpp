// Turns a TransportProblem into backend-ready arrays.
#include <algorithm>
#include <cmath>

#include "photodose/common/errors.h"
#include "photodose/common/units.h"
#include "photodose/transport/prepared.h"
#include "photodose/transport/transport.h"

namespace photodose {
namespace {

OpticalProps to_voxel_units(const OpticalProps& p, double voxel_mm) {
  return {float(p.mua_per_mm * voxel_mm), float(p.mus_per_mm * voxel_mm), p.g, p.n};
}

void check_props(const OpticalProps& p, const std::string& where) {
  auto bad = [&](const char* what, double value, const char* allowed) {
    throw InputError("", where + "/" + what, std::to_string(value), allowed);
  };
  if (!(p.mua_per_mm >= 0) || !std::isfinite(p.mua_per_mm)) bad("mua", p.mua_per_mm, ">= 0 per mm");
  if (!(p.mus_per_mm >= 0) || !std::isfinite(p.mus_per_mm)) bad("mus", p.mus_per_mm, ">= 0 per mm");
  if (!(p.g > -1 && p.g <= 1)) bad("g", p.g, "-1 < g <= 1");
  if (!(p.n >= 1 && p.n < 10)) bad("n", p.n, "1 <= n < 10");
}

}  // namespace

int default_batch_count(uint64_t photons) {
  if (photons < 10) return int(photons > 0 ? photons : 1);
  return batch_count(photons, 10);
}

int batch_count(uint64_t photons, int requested) {
  if (requested <= 0) return default_batch_count(photons);
  const uint64_t by_headroom = (photons + kMaxPhotonsPerBatch - 1) / kMaxPhotonsPerBatch;
  return int(std::max(by_headroom, uint64_t(requested)));
}

void throw_tally_overflow(uint64_t batch_photons) {
  throw RuntimeError(
      "photon transport: a voxel's fixed-point tally passed 2^63 units in a batch "
      "of " +
      std::to_string(batch_photons) +
      " packets; the result would be wrong, so nothing is written. Lower the "
      "photons per batch (raise transport batches) or check for a region that "
      "traps light without absorbing it");
}

void validate_problem(const TransportProblem& p) {
  const int64_t nvox = p.grid.voxels();
  if (p.grid.dims.nx <= 0 || p.grid.dims.ny <= 0 || p.grid.dims.nz <= 0)
    throw InputError("", "/grid", "empty grid", "at least one voxel along each axis");
  if (!(p.grid.voxel_mm > 0))
    throw InputError("", "/grid/voxel_mm", std::to_string(p.grid.voxel_mm), "> 0");
  if (int64_t(p.labels.size()) != nvox)
    throw InputError("", "/labels", std::to_string(p.labels.size()) + " labels",
                     std::to_string(nvox) + " (one per voxel)");
  if (p.media.empty()) throw InputError("", "/media", "no media", "at least the outside medium 0");
  for (size_t i = 0; i < p.media.size(); ++i)
    check_props(p.media[i], "/media/" + std::to_string(i));
  for (int64_t v = 0; v < nvox; ++v)
    if (p.labels[size_t(v)] >= p.media.size())
      throw InputError(
          "", "/labels",
          "label " + std::to_string(p.labels[size_t(v)]) + " at voxel " + std::to_string(v),
          "a label below the number of media (" + std::to_string(p.media.size()) + ")");
  if (!p.voxel_props.empty()) {
    if (int64_t(p.voxel_props.size()) != nvox)
      throw InputError("", "/voxel_props", std::to_string(p.voxel_props.size()), "one per voxel");
    for (int64_t v = 0; v < nvox; ++v)
      check_props(p.voxel_props[size_t(v)], "/voxel_props/" + std::to_string(v));
  }
  if (p.sources.empty()) throw InputError("", "/sources", "no source", "at least one source");
  double total_power = 0;
  for (size_t s = 0; s < p.sources.size(); ++s) {
    const SourceSpec& src = p.sources[s];
    const Vec3f d = src.direction;
    if (!(dot(d, d) > 0))
      throw InputError("", "/sources/" + std::to_string(s) + "/direction", "zero vector",
                       "a non-zero direction");
    if (!(src.power_W >= 0) || !std::isfinite(src.power_W))
      throw InputError("", "/sources/" + std::to_string(s) + "/power_W",
                       std::to_string(src.power_W), ">= 0");
    total_power += src.power_W;
  }
  if (!(total_power > 0))
    throw InputError("", "/sources", "total power 0", "some source with power > 0");
  if (p.photons == 0) throw InputError("", "/photons", "0", "at least 1 photon");
  if (!(p.roulette_threshold >= 0 && p.roulette_chance > 1))
    throw InputError("", "/roulette", "threshold/chance", "threshold >= 0 and chance > 1");
}

PreparedTransport prepare_transport(const TransportProblem& p) {
  validate_problem(p);
  PreparedTransport out;
  out.problem = &p;
  out.mismatch = p.index_mismatch;
  out.per_voxel = !p.voxel_props.empty();
  for (const auto& m : p.media) out.media.push_back(to_voxel_units(m, p.grid.voxel_mm));
  if (out.per_voxel) {
    out.voxel_props.reserve(p.voxel_props.size());
    for (const auto& m : p.voxel_props)
      out.voxel_props.push_back(to_voxel_units(m, p.grid.voxel_mm));
  }

  // Photons are shared out in proportion to power; each source's packets carry the weight that
  // makes every packet worth total_power/photons on average.
  double total_power = 0;
  for (const auto& s : p.sources) total_power += s.power_W;
  uint64_t assigned = 0;
  double cumulative = 0;
  for (size_t s = 0; s < p.sources.size(); ++s) {
    SourceSpec src = p.sources[s];
    src.direction = normalized(src.direction);
    cumulative += p.sources[s].power_W;
    const uint64_t end = s + 1 == p.sources.size()
                             ? p.photons
                             : uint64_t(std::llround(double(p.photons) * cumulative / total_power));
    const uint64_t count = end > assigned ? end - assigned : 0;
    out.sources.push_back(src);
    out.source_first_photon.push_back(assigned);
    const double share = p.sources[s].power_W / total_power;
    out.source_weight.push_back(count > 0 ? float(share * double(p.photons) / double(count))
                                          : 0.0f);
    assigned += count;
  }

  const int batches = batch_count(p.photons, p.batches);
  const uint64_t base = p.photons / uint64_t(batches), extra = p.photons % uint64_t(batches);
  uint64_t first = 0;
  for (int b = 0; b < batches; ++b) {
    const uint64_t count = base + (uint64_t(b) < extra ? 1 : 0);
    if (count == 0) continue;
    out.batches.push_back({first, count});
    first += count;
  }
  return out;
}

TransportView PreparedTransport::host_view() const {
  const TransportProblem& p = *problem;
  TransportView v;
  v.dims = p.grid.dims;
  v.origin_mm = {float(p.grid.origin_mm[0]), float(p.grid.origin_mm[1]),
                 float(p.grid.origin_mm[2])};
  v.voxel_mm = float(p.grid.voxel_mm);
  v.ns_per_voxel_vacuum = float(p.grid.voxel_mm / units::kSpeedOfLight_mm_per_ns);
  v.labels = p.labels.data();
  v.media = media.data();
  v.voxel_props = per_voxel ? voxel_props.data() : nullptr;
  for (int f = 0; f < kFaceCount; ++f) v.faces[f] = int32_t(p.faces[size_t(f)]);
  v.n_outside = p.media[0].n;
  v.specular_at_entry = p.specular_at_entry;
  v.sources = sources.data();
  v.source_first_photon = source_first_photon.data();
  v.source_weight = source_weight.data();
  v.num_sources = int(sources.size());
  v.seed = p.seed;
  v.time_limit_ns = float(p.time_limit_ns);
  v.roulette_threshold = p.roulette_threshold;
  v.roulette_chance = p.roulette_chance;
  v.max_steps = p.max_steps_per_photon;
  return v;
}

}  // namespace photodose
