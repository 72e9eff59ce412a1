#pragma once
// Monte Carlo photon transport: the public entry point.
#include "photodose/common/backend.h"
#include "photodose/transport/prepared.h"
#include "photodose/transport/problem.h"
#include "photodose/transport/result.h"

namespace photodose {

struct TransportOptions {
  Backend backend = Backend::cpu;
  int threads = 0;  // CPU threads; 0 = all cores
  // CPU: tally into one shared buffer with atomics even when per-thread buffers would fit
  // (the path large grids take; results are identical either way).
  bool cpu_shared_tally = false;
  ProgressCallback progress;
};

// Checks a problem for consistency; throws InputError naming the offending item.
void validate_problem(const TransportProblem& problem);

// Runs the photons and returns normalised fields and the energy balance.
TransportResult run_transport(const TransportProblem& problem, const TransportOptions& options);

// At most this many packets go into one batch, whatever the problem asks: a packet deposits
// at most a few units per voxel it crosses, and the 64-bit fixed-point tally holds 4.3e9 units
// per voxel and batch (fixed_point.h).
inline constexpr uint64_t kMaxPhotonsPerBatch = 10000000;

// Batches used for `photons` packets: at least 10 (for the standard error) and at most
// kMaxPhotonsPerBatch packets each.
int default_batch_count(uint64_t photons);
// The batches actually run: the problem's request (0 = the default), raised where it would put
// more than kMaxPhotonsPerBatch packets into a batch.
int batch_count(uint64_t photons, int requested);

}  // namespace photodose
