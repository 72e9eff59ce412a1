#pragma once
// A treatment plan as the program sees it after parsing and validation (docs/interface.md "Plan").
// Every value here has been range-checked; `pointer` members keep the JSON pointer of the
// object they came from so that later stages can still name it in messages.
#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/optics/agent.h"
#include "photodose/optics/tissue.h"
#include "photodose/plan/optimize_spec.h"
#include "photodose/thermal/problem.h"
#include "photodose/transport/boundary.h"
#include "photodose/transport/source.h"

namespace photodose::plan {

using Vec3 = std::array<double, 3>;

enum class ShapeKind { box, sphere, ellipsoid, cylinder, tube, layer, label_volume };

// Geometry of a region, in mm. Which members are used depends on the kind:
//   box          min_mm, max_mm (axis-aligned)
//   sphere       center_mm, radius_mm
//   ellipsoid    center_mm, radii_mm (semi-axes along x, y, z before rotation), rotation_deg
//                (turns about the grid's x, then y, then z axis; [0, 0, 0]: axis-aligned)
//   cylinder     start_mm, end_mm (axis end points, any direction), radius_mm
//   tube         points_mm (a polyline of 2 or more points), radius_mm: the points within
//                radius_mm of a segment (flat ends; a ball at each inner joint, so bends close)
//   layer        z_min_mm, z_max_mm (the whole grid in x and y)
//   label_volume file (resolved against the plan's folder), origin_mm (where the low corner of
//                the world box holding the file's voxels goes in the plan: for an unrotated file
//                the corner of its voxel (0,0,0); plan coordinates are the file's world
//                coordinates, RAS or LPS as its format has them, when origin_from_file),
//                labels: file label -> region name and tissue, sorted by file label. Several
//                labels may share one region (same tissue). Each plan voxel takes the label of
//                the file voxel that contains its centre (nearest file voxel); plan voxels
//                outside the file and voxels of unmapped labels are not painted (they keep the
//                background or what earlier regions painted).
// A voxel belongs to a shape when its centre does (closed shapes: a centre on the surface is in).
struct ShapeSpec {
  ShapeKind kind = ShapeKind::box;
  Vec3 min_mm{}, max_mm{};
  Vec3 center_mm{};
  double radius_mm = 0;
  Vec3 radii_mm{};
  Vec3 rotation_deg{};
  Vec3 start_mm{}, end_mm{};
  std::vector<Vec3> points_mm;
  double z_min_mm = 0, z_max_mm = 0;
  std::string file;
  Vec3 origin_mm{};
  bool origin_from_file = true;
  struct LabelMapping {
    uint16_t file_label = 0;
    std::string region;
    std::string tissue;
  };
  std::vector<LabelMapping> labels;
  std::string pointer;
};

// A named part of the phantom: a tissue painted over earlier regions by its shape. A label
// volume is one RegionSpec that paints several regions (shape.labels); its own name is only
// for messages and its tissue is empty.
struct RegionSpec {
  std::string name;
  std::string tissue;  // a name in Plan::tissues
  ShapeSpec shape;
  std::string pointer;
  std::string file;  // the plan, or the phantom file that holds this region
};

struct PhantomSpec {
  std::string background = "air";  // tissue of voxels no region covers
  std::vector<RegionSpec> regions;
  // A phantom file the plan loads (`phantom.file`, resolved), its name and the parameter values
  // used (the plan's or the file's defaults); empty without one.
  std::string file;
  std::string file_name;
  std::vector<std::pair<std::string, double>> parameters;
};

// How an agent's concentration varies inside its region. The agent's concentration is the
// peak value (uniform: everywhere in the region).
//   uniform   c
//   gaussian  c exp(-|x - center|^2 / (2 sigma^2)), center defaults to the region's centroid
//   rim       rim-enhanced shell: c within rim_thickness_mm of the region's surface, falling
//             linearly to core_fraction * c at depth 2 * rim_thickness_mm and beyond
//             (core_fraction defaults to 0). Depth: see distance_transform.h; the grid's own
//             faces are not a surface (a region cut by the grid continues beyond it).
// Outside its region an agent's concentration is 0. The region is a resolved region name
// (phantom.h), "background" included. An agent may have several distributions (a drug reaches
// healthy tissue too); their concentrations add up.
enum class ProfileKind { uniform, gaussian, rim };

struct DistributionSpec {
  std::string region;        // a region name
  double concentration = 0;  // peak, in the agent's unit (spec.concentration.unit)
  ProfileKind profile = ProfileKind::uniform;
  std::optional<Vec3> center_mm;
  double sigma_mm = 0;
  double rim_thickness_mm = 0;
  double core_fraction = 0;
  std::string pointer;
};

struct AgentPlan {
  optics::AgentSpec spec;  // kind, geometry, concentration (the peak), drug, SAR, schedule
  std::vector<DistributionSpec> distributions;  // one or more, in the plan's order
};

// One interval of a source's schedule; power_W overrides the source's power for it.
struct ScheduleInterval {
  double start_s = 0;
  double duration_s = 0;
  std::optional<double> power_W;
};

enum class SourcePlanKind {
  pencil,
  gaussian,
  flat,
  cone,
  isotropic_point,
  cylindrical_diffuser,
  planar
};

struct SourcePlan {
  std::string name;
  SourcePlanKind kind = SourcePlanKind::gaussian;
  double wavelength_nm = 0;
  double power_W = 0;  // total (for a diffuser given per cm: power_W_per_cm * length)
  // Beam centre on entry, fibre start, or corner of a planar source (the plan gives a planar
  // source's centre; the parser stores the corner position - size/2 along planar_u and v).
  Vec3 position_mm{};
  Vec3 direction{0, 0, 1};          // unit; +z when the plan gives none
  double waist_mm = 0;              // gaussian: 1/e^2 intensity radius
  double radius_mm = 0;             // flat
  double half_angle_deg = 0;        // cone
  double length_mm = 0;             // cylindrical_diffuser
  std::array<double, 2> size_mm{};  // planar [w, h]
  // planar: unit edge directions, perpendicular to `direction`; size_mm[0] along planar_u (the
  // plan's `width_direction` projected onto the plane, else the grid axis most perpendicular
  // to `direction`), planar_v = direction x planar_u.
  Vec3 planar_u{1, 0, 0}, planar_v{0, 1, 0};
  // Sorted by start_s, non-overlapping, never empty: a source without `schedule` in the JSON
  // is on at power_W from 0 for thermal.duration_s, else pdt.duration_s, else 1 s (the parser
  // fills it in).
  std::vector<ScheduleInterval> schedule;
  std::string pointer;

  // Power of interval i.
  double interval_power_W(size_t i) const { return schedule[i].power_W.value_or(power_W); }
  // Lit area of a uniform beam (flat disc, planar rectangle), cm^2; 0 for the other kinds,
  // whose irradiance is not uniform over a nominal area.
  double uniform_beam_area_cm2() const {
    constexpr double kPi = 3.14159265358979323846;
    if (kind == SourcePlanKind::flat) return kPi * radius_mm * radius_mm / 100.0;
    if (kind == SourcePlanKind::planar) return size_mm[0] * size_mm[1] / 100.0;
    return 0;
  }
};

struct TransportSettings {
  uint64_t photons = 1000000;
  uint64_t seed = 1;
  FaceBoundaries faces{FaceBoundary::fresnel, FaceBoundary::fresnel, FaceBoundary::fresnel,
                       FaceBoundary::fresnel, FaceBoundary::fresnel, FaceBoundary::fresnel};
  // Reflection/refraction where the refractive index changes inside the grid. Plan key
  // `index_mismatch`; default true, false when `boundaries` is the string "absorb".
  bool index_mismatch = true;
  // Tissue response: while the heat is solved, the optics are rebuilt from the damage every
  // update_every_s and the light recomputed when mua or mus' changed by more than
  // update_tolerance (relative, in any voxel). Absent: the light is computed once.
  std::optional<double> update_every_s;
  double update_tolerance = 0.05;
};

struct ThermalSettings {
  double duration_s = 0;
  // Uniform start at this temperature; absent: the steady state without light and magnetic
  // heating (metabolic heat, perfusion and the faces), the body before treatment.
  std::optional<double> initial_C;
  double arterial_C = 37;
  // Faces given in the plan; the others take the defaults (convective to 25 degC with
  // h = 10 W/m^2K where the face touches air, Dirichlet at arterial_C elsewhere: the body goes
  // on at its core temperature), decided by the pipeline once the phantom is voxelised.
  std::map<int, ThermalFace> faces;  // face index (kFaceNames order) -> condition
  // Convection from solved voxels to air voxels (plan: thermal.air {h_W_per_m2K, ambient_C});
  // also the default for faces touching air.
  double air_h_W_per_m2K = 10;
  double air_ambient_C = 25;
  // Plan: thermal.blood {density_kg_per_m3, specific_heat_J_per_kgK}.
  double blood_density_kg_per_m3 = 1050;
  double blood_specific_heat_J_per_kgK = 3617;
  bool perfusion_shutdown = false;
  std::optional<double> dt_s;
  ThermalSchemeRequest scheme = ThermalSchemeRequest::automatic;
};

struct PdtSettings {
  std::string model = "soed";
  std::optional<double> duration_s;  // default: to the end of the last light or thermal time
  // Filled in by the parser: the plan's one photosensitizer agent (index into Plan::agents;
  // its SOED parameters are complete and valid) and the sources whose wavelength lies in that
  // drug's absorption data (indices into Plan::sources; at least one). A pdt section in a plan
  // without a photosensitizer is dropped (Plan::pdt empty) with a warning.
  size_t agent = 0;
  std::vector<size_t> sources;
};

struct ProbeSpec {
  std::string name;
  Vec3 position_mm{};  // inside the grid (closed box)
};

struct OutputSettings {
  double series_every_s = 0;  // 0: no series
  double probe_every_s = 1;
  bool png = true;
  bool nifti = false;  // also nifti/<array>.nii.gz for every array of fields.vti
};

struct Plan {
  std::string file;  // where it was read from (for messages and relative paths)
  std::string name;
  std::string description;
  Grid grid;
  PhantomSpec phantom;
  optics::TissueLibrary tissues;  // the built-in library plus the plan's tissues
  std::vector<AgentPlan> agents;
  std::vector<SourcePlan> sources;
  TransportSettings transport;
  std::optional<ThermalSettings> thermal;
  std::optional<PdtSettings> pdt;
  std::optional<OptimizeSpec> optimize;  // photodose optimize; goals reported by run
  std::vector<ProbeSpec> probes;
  OutputSettings outputs;
  // Things the user should know that do not stop the run (summary.json "warnings").
  std::vector<std::string> warnings;
  // The document as run: the file with every --set applied (load_plan), kept with the results
  // as plan.json; and the overrides themselves, "/pointer=VALUE", in the order given.
  nlohmann::json document;
  std::vector<std::string> overrides;
};

}  // namespace photodose::plan
