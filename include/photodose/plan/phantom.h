#pragma once
// The plan's phantom on its voxel grid: which region each voxel belongs to, and each agent's
// concentration per voxel.
//
// Painting: the background fills the grid; then each region of plan.phantom.regions, in order,
// paints the voxels whose centres lie in its shape (later regions over earlier ones). A label
// volume paints each plan voxel with the region its file label maps to, taking the file voxel
// that contains the plan voxel's centre (nearest file voxel; no interpolation of labels);
// unmapped labels and plan voxels outside the file paint nothing.
//
// Regions that end with no voxel give a warning, or an InputError at the agent's
// distribution/region when an agent lives there (its concentration would vanish silently).
#include <cstdint>
#include <string>
#include <vector>

#include "photodose/common/field3.h"
#include "photodose/optics/concentration.h"
#include "photodose/plan/plan.h"

namespace photodose::plan {

struct ResolvedRegion {
  std::string name;    // "background" for index 0
  std::string tissue;  // a name in Plan::tissues
  int64_t voxels = 0;
  double volume_mm3 = 0;  // voxels * voxel volume
  Vec3 centroid_mm{};     // mean of its voxel centres; NaN when it has no voxel
  // Label volumes: the file labels painted as this region (sorted); empty otherwise.
  std::vector<uint16_t> file_labels;
  // The shape's own volume (box, sphere, ...: exact, not clipped by the grid; a layer over the
  // grid's x-y area); 0 for label volumes and the background.
  double shape_volume_mm3 = 0;
  std::string pointer;  // where it is defined in the plan
};

// One agent's concentration in its own unit (plan.agents[i].spec.concentration.unit): the sum
// of its distributions; 0 outside their regions. Each distribution's concentration is its
// profile's peak; `peak` is the largest of them.
struct AgentField {
  std::string agent;
  optics::ConcentrationUnit unit = optics::ConcentrationUnit::ug_per_mL;
  double peak = 0;
  Field3<float> concentration;
  // Sum over voxels of concentration * voxel volume (unit * mm^3), e.g. ug/mL * mm^3 = 1e-3 ug.
  double amount_unit_mm3 = 0;
  // Mean over each distribution's region's voxels (same order as AgentPlan::distributions).
  std::vector<double> region_means;
};

// A label volume painted onto the grid, for the summary and `validate`.
struct LabelVolumeReport {
  std::string file, format;
  std::string frame;      // "RAS", "LPS" or "" (no anatomical frame)
  std::string placement;  // what placed it (e.g. "NIfTI sform")
  GridDims dims;
  std::array<double, 3> spacing_mm{};
  bool axis_aligned = true;  // voxel axes along the grid's (no rotation or flip)
  bool resampled = false;    // its voxels are not the grid's (nearest label taken)
};

struct VoxelizedPhantom {
  Grid grid;
  // Region 0 is the background; then the regions in painting order (a label volume adds one
  // per region its labels map to, in the order of their smallest file label).
  std::vector<ResolvedRegion> regions;
  // Index into `regions` per voxel (x fastest).
  Field3<uint16_t> region_of_voxel;
  // One per plan.agents entry, same order.
  std::vector<AgentField> agents;
  std::vector<std::string> warnings;
  std::vector<LabelVolumeReport> label_volumes;

  // Index of a region by name, or -1.
  int find_region(const std::string& name) const;
};

// The voxel a probe reads: the one containing its position, the grid a closed box (a point on
// the far face belongs to the last voxel).
int64_t probe_voxel(const Grid& grid, const Vec3& position_mm);

// Where each probe lies, for people: "in region 'tumor' (xenograft)", with ", on the grid's
// face" when its voxel touches the boundary; and a warning for a probe in air (it reads the
// air's temperature and no light) or on a face (it reads the boundary condition).
std::string probe_location(const Plan& plan, const VoxelizedPhantom& phantom, size_t probe);

// Builds the voxel phantom. threads <= 0: OpenMP's default. The result does not depend on the
// thread count. InputError for an unreadable label volume (naming the plan pointer) and for an
// agent in a region without voxels.
VoxelizedPhantom voxelize_phantom(const Plan& plan, int threads = 0);

// One agent's field from its distribution, on a phantom whose regions are painted and measured
// (used by voxelize_phantom; exposed for tests). Appends warnings (a profile finer than a voxel,
// a rim with no surface in the grid) to `warnings`.
AgentField agent_field(const AgentPlan& agent, const VoxelizedPhantom& phantom, int threads,
                       std::vector<std::string>& warnings);

}  // namespace photodose::plan
