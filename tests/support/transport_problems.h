#pragma once
// Small transport problems shared by the transport tests.
#include "photodose/transport/problem.h"

namespace photodose::test {

// A slab of one medium, laterally infinite through cyclic side faces (one voxel column),
// lit by a pencil beam at normal incidence from outside the -z face.
inline TransportProblem slab_problem(int voxels_z, double voxel_mm, OpticalProps medium,
                                     float n_outside, uint64_t photons) {
  TransportProblem p;
  p.grid.dims = {1, 1, voxels_z};
  p.grid.voxel_mm = voxel_mm;
  p.labels.assign(size_t(voxels_z), 1);
  p.media = {{0, 0, 1, n_outside}, medium};
  p.faces = {FaceBoundary::cyclic, FaceBoundary::cyclic,  FaceBoundary::cyclic,
             FaceBoundary::cyclic, FaceBoundary::fresnel, FaceBoundary::fresnel};
  SourceSpec beam;
  beam.position_mm = {float(0.5 * voxel_mm), float(0.5 * voxel_mm), -1.0f};
  beam.direction = {0, 0, 1};
  p.sources = {beam};
  p.photons = photons;
  p.seed = 20240611;
  return p;
}

// MCX's cube60: 60^3 voxels of 1 mm, pencil beam at (29, 29, 0) along +z, stopped at 5 ns.
inline TransportProblem cube60_problem(uint64_t photons, bool mismatch) {
  TransportProblem p;
  p.grid.dims = {60, 60, 60};
  p.grid.voxel_mm = 1.0;
  p.labels.assign(60 * 60 * 60, 1);
  p.media = {{0, 0, 1, 1}, {0.005f, 1.0f, 0.01f, 1.37f}};
  p.index_mismatch = mismatch;
  p.specular_at_entry = false;
  SourceSpec beam;
  beam.position_mm = {29, 29, 0};
  beam.direction = {0, 0, 1};
  p.sources = {beam};
  p.photons = photons;
  p.time_limit_ns = 5.0;
  p.seed = 1648335518;
  return p;
}

}  // namespace photodose::test
