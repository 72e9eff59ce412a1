#include <doctest/doctest.h>
#include <cstdio>
#include "photodose/transport/transport.h"
using namespace photodose;
TEST_CASE("quick cube60") {
  TransportProblem p;
  p.grid.dims = {60, 60, 60};
  p.grid.voxel_mm = 1;
  p.labels.assign(60 * 60 * 60, 1);
  p.media = {{0, 0, 1, 1}, {0.005f, 1.0f, 0.01f, 1.37f}};
  p.index_mismatch = false;
  p.specular_at_entry = false;
  SourceSpec s; s.position_mm = {29, 29, 0}; s.direction = {0, 0, 1};
  p.sources = {s};
  p.photons = 1000000;
  p.time_limit_ns = 5.0;
  TransportOptions o; o.threads = 2;
  auto r = run_transport(p, o);
  printf("absorbed %.4f spec %.4f esc %.4f stopped %.4f bal %.3g roul %.3g t %.2f s %.1f ph/ms\n", r.energy.absorbed, r.energy.specular, r.energy.escaped(), r.energy.stopped_by_time, r.energy.balance_error(), r.energy.roulette_net, r.seconds, r.photons_per_ms());
}
static TransportResult slab(int nz, double vox, OpticalProps m, double n_out, bool mismatch, uint64_t photons) {
  TransportProblem p;
  p.grid.dims = {1, 1, nz};
  p.grid.voxel_mm = vox;
  p.labels.assign(nz, 1);
  p.media = {{0, 0, 1, (float)n_out}, m};
  p.index_mismatch = mismatch;
  p.faces = {FaceBoundary::cyclic, FaceBoundary::cyclic, FaceBoundary::cyclic, FaceBoundary::cyclic, FaceBoundary::fresnel, FaceBoundary::fresnel};
  SourceSpec s; s.position_mm = {0.5f*(float)vox, 0.5f*(float)vox, -1}; s.direction = {0, 0, 1};
  p.sources = {s};
  p.photons = photons;
  TransportOptions o; o.threads = 2;
  return run_transport(p, o);
}
TEST_CASE("quick slabs") {
  auto r = slab(20, 0.01, {1.0f, 9.0f, 0.75f, 1.0f}, 1.0, true, 200000);
  printf("vdH: Rd %.5f Tt %.5f spec %.5f bal %.3g t %.2f\n", r.energy.escaped_by_face[4], r.energy.escaped_by_face[5], r.energy.specular, r.energy.balance_error(), r.seconds);
  r = slab(200, 0.1, {1.0f, 9.0f, 0.0f, 1.0f}, 1.0, true, 200000);
  printf("matched semi-inf: Rd %.5f (0.4150) bal %.3g\n", r.energy.escaped_by_face[4], r.energy.balance_error());
  r = slab(200, 0.1, {1.0f, 9.0f, 0.0f, 1.5f}, 1.0, true, 200000);
  printf("n=1.5 semi-inf: Rd %.5f spec %.5f total %.5f (0.2600) bal %.3g\n", r.energy.escaped_by_face[4], r.energy.specular, r.energy.escaped_by_face[4]+r.energy.specular, r.energy.balance_error());
}
