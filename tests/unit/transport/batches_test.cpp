// Photons per batch: the fixed-point tally's headroom (4.3e9 units per voxel and batch) is kept
// by capping a batch at kMaxPhotonsPerBatch packets, whatever the problem asks for.
#include <doctest/doctest.h>

#include "photodose/transport/prepared.h"
#include "photodose/transport/transport.h"
#include "support/transport_problems.h"

using namespace photodose;

TEST_CASE("default batches: at least 10, at most 1e7 packets each") {
  CHECK(default_batch_count(5) == 5);
  CHECK(default_batch_count(1000) == 10);
  CHECK(default_batch_count(100000000) == 10);
  CHECK(default_batch_count(100000001) == 11);
  CHECK(default_batch_count(2500000000ull) == 250);
}

TEST_CASE("a requested batch count is raised where its batches would pass the cap") {
  CHECK(batch_count(1000000, 4) == 4);      // 2.5e5 each: kept
  CHECK(batch_count(100000000, 2) == 10);   // 5e7 each: raised to 1e7 each
  CHECK(batch_count(100000001, 10) == 11);  // one packet over: one more batch
  CHECK(batch_count(100000000, 0) == default_batch_count(100000000));
}

TEST_CASE("prepared batches cover every photon once and none holds more than the cap") {
  TransportProblem p = test::cube60_problem(25000001, true);
  p.batches = 2;  // asks for 1.25e7 per batch
  const PreparedTransport prepared = prepare_transport(p);
  REQUIRE(prepared.batches.size() == 3);
  uint64_t next = 0;
  for (const BatchRange& b : prepared.batches) {
    CHECK(b.first == next);
    CHECK(b.count <= kMaxPhotonsPerBatch);
    next += b.count;
  }
  CHECK(next == p.photons);
}
