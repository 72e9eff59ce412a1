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

// Batches used for `photons` packets: at least 10 (for the standard error) and at most 1e7
// packets each (fixed-point headroom).
int default_batch_count(uint64_t photons);

}  // namespace photodose
