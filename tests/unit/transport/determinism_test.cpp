// Same seed, same backend => bitwise-identical output for any thread count (docs/interface.md), and
// the shared-buffer tally path agrees bit for bit with per-thread buffers.
#include <doctest/doctest.h>

#include "photodose/transport/transport.h"
#include "support/transport_problems.h"

using namespace photodose;

namespace {

TransportResult run(int threads, bool shared) {
  TransportProblem p = test::cube60_problem(20000, true);
  TransportOptions options;
  options.threads = threads;
  options.cpu_shared_tally = shared;
  return run_transport(p, options);
}

}  // namespace

TEST_CASE("Transport output is bitwise identical for 1, 2 and 3 threads") {
  const TransportResult one = run(1, false);
  for (int threads : {2, 3}) {
    const TransportResult other = run(threads, false);
    CHECK(other.fluence_per_mm2 == one.fluence_per_mm2);
    CHECK(other.fluence_rel_error == one.fluence_rel_error);
    CHECK(other.energy.absorbed == one.energy.absorbed);
    CHECK(other.energy.escaped_by_face == one.energy.escaped_by_face);
  }
}

TEST_CASE("Shared atomic tallies give the same bits as per-thread tallies") {
  const TransportResult priv = run(2, false);
  const TransportResult shared = run(2, true);
  CHECK(shared.fluence_per_mm2 == priv.fluence_per_mm2);
  CHECK(shared.energy.absorbed == priv.energy.absorbed);
}

TEST_CASE("A different seed gives a different sample") {
  TransportProblem p = test::cube60_problem(2000, true);
  TransportOptions options;
  options.threads = 2;
  const TransportResult a = run_transport(p, options);
  p.seed += 1;
  const TransportResult b = run_transport(p, options);
  CHECK(a.fluence_per_mm2 != b.fluence_per_mm2);
}
