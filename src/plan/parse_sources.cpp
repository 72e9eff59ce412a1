// plan.sources: light sources with their geometry and on/off schedule. Each kind accepts only
// the keys it uses, so a misplaced key (waist_mm on a flat beam) is an error.
#include <algorithm>
#include <cmath>
#include <optional>

#include "parse_internal.h"
#include "photodose/plan/limits.h"

namespace photodose::plan::detail {
namespace {

struct KindInfo {
  SourcePlanKind kind;
  const char* name;
  std::vector<std::string> keys;  // besides the common ones
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> list = {
      {SourcePlanKind::pencil, "pencil", {"direction"}},
      {SourcePlanKind::gaussian, "gaussian", {"direction", "waist_mm"}},
      {SourcePlanKind::flat, "flat", {"direction", "radius_mm", "irradiance_W_per_cm2"}},
      {SourcePlanKind::cone, "cone", {"direction", "half_angle_deg"}},
      {SourcePlanKind::isotropic_point, "isotropic_point", {}},
      {SourcePlanKind::cylindrical_diffuser,
       "cylindrical_diffuser",
       {"direction", "length_mm", "power_W_per_cm"}},
      {SourcePlanKind::planar,
       "planar",
       {"direction", "size_mm", "width_direction", "irradiance_W_per_cm2"}},
  };
  return list;
}

double norm(const Vec3& v) {
  return std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
}

Vec3 unit_direction(const JsonNode& node) {
  const Vec3 v = node.vec3();
  const double n = norm(v);
  if (!(n > 1e-12)) node.fail(node.shown(), "a non-zero direction vector (any length)");
  return {v[0] / n, v[1] / n, v[2] / n};
}

Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

// First ray parameter t >= 0 where p + t d enters the grid's box, or -1 if the ray misses it
// or only touches it (a beam on a face pointing away from the grid).
double ray_enters_grid(const Grid& grid, const Vec3& p, const Vec3& d) {
  double t0 = 0, t1 = 1e300;
  const auto extent = grid.extent_mm();
  for (size_t a = 0; a < 3; ++a) {
    const double lo = grid.origin_mm[a], hi = lo + extent[a];
    if (std::fabs(d[a]) < 1e-15) {
      if (p[a] < lo || p[a] > hi) return -1;
      continue;
    }
    double ta = (lo - p[a]) / d[a], tb = (hi - p[a]) / d[a];
    if (ta > tb) std::swap(ta, tb);
    t0 = std::max(t0, ta);
    t1 = std::min(t1, tb);
  }
  const double scale = std::max({extent[0], extent[1], extent[2]});
  return t1 > t0 + 1e-9 * scale ? t0 : -1;
}

// The planar source's edge directions: width along `width_direction` projected onto the plane
// perpendicular to the beam, else along the grid axis most perpendicular to it.
void planar_axes(const JsonNode& node, SourcePlan& s) {
  const Vec3& d = s.direction;
  Vec3 w{0, 0, 0};
  if (auto wd = node.find("width_direction")) {
    w = unit_direction(*wd);
  } else {
    size_t best = 0;
    for (size_t a = 1; a < 3; ++a)
      if (std::fabs(d[a]) < std::fabs(d[best])) best = a;
    w[best] = 1;
  }
  const double along = w[0] * d[0] + w[1] * d[1] + w[2] * d[2];
  Vec3 u{w[0] - along * d[0], w[1] - along * d[1], w[2] - along * d[2]};
  const double n = norm(u);
  if (!(n > 1e-6))
    node.at("width_direction")
        .fail(node.at("width_direction").shown(), "a direction not parallel to `direction`");
  u = {u[0] / n, u[1] / n, u[2] / n};
  s.planar_u = u;
  s.planar_v = cross(d, u);
}

// A power given as `power_W` or, on a uniform beam, as `irradiance_W_per_cm2` (one of them).
std::optional<double> power_or_irradiance_W(const JsonNode& node, double area_cm2, bool positive) {
  const auto value = [&](const JsonNode& n) { return positive ? n.positive() : n.non_negative(); };
  if (node.has("irradiance_W_per_cm2") && node.has("power_W"))
    node.at("irradiance_W_per_cm2")
        .fail("both power_W and irradiance_W_per_cm2",
              "one of them (power_W = irradiance x the beam's area)");
  if (auto e = node.find("irradiance_W_per_cm2")) return value(*e) * area_cm2;
  if (auto p = node.find("power_W")) return value(*p);
  return std::nullopt;
}

std::vector<ScheduleInterval> parse_schedule(const JsonNode& node, double beam_area_cm2) {
  if (node.size() == 0)
    node.fail("an empty schedule",
              "at least one {start_s, duration_s} (leave `schedule` out for always on)");
  std::vector<std::pair<ScheduleInterval, size_t>> list;
  for (const JsonNode& e : node.elements()) {
    if (beam_area_cm2 > 0)
      e.allow_only({"start_s", "duration_s", "power_W", "irradiance_W_per_cm2"});
    else
      e.allow_only({"start_s", "duration_s", "power_W"});
    ScheduleInterval i;
    i.start_s = e.at("start_s").number_in(0, kMaxDuration_s, "a start from 0 to 1e6 s");
    i.duration_s = e.at("duration_s").positive();
    if (i.start_s + i.duration_s > kMaxDuration_s)
      e.at("duration_s").fail(e.at("duration_s").shown(), "an interval ending by 1e6 s");
    i.power_W = power_or_irradiance_W(e, beam_area_cm2, false);
    list.emplace_back(i, list.size());
  }
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return a.first.start_s < b.first.start_s; });
  std::vector<ScheduleInterval> out;
  for (size_t k = 0; k < list.size(); ++k) {
    if (k > 0) {
      const auto& [prev, prev_index] = list[k - 1];
      const auto& [cur, cur_index] = list[k];
      if (cur.start_s < prev.start_s + prev.duration_s)
        node.at(cur_index).fail(
            interval_text(cur.start_s, cur.duration_s) + " overlaps interval " +
                std::to_string(prev_index) + " " + interval_text(prev.start_s, prev.duration_s),
            "intervals that do not overlap (give one interval per power level)");
    }
    out.push_back(list[k].first);
  }
  return out;
}

SourcePlan parse_source(const JsonNode& node, size_t index, const Grid& grid) {
  node.expect_object();
  SourcePlan s;
  s.pointer = node.where();
  std::vector<std::string> names;
  for (const auto& k : kinds()) names.emplace_back(k.name);
  const JsonNode kind_node = node.at("kind");
  const std::string kind = kind_node.string();
  const KindInfo* info = nullptr;
  for (const auto& k : kinds())
    if (kind == k.name) info = &k;
  if (!info) kind_node.fail("unknown source kind " + kind_node.shown(), "one of " + join(names));
  s.kind = info->kind;
  std::vector<std::string> allowed = {"name",    "kind",        "wavelength_nm",
                                      "power_W", "position_mm", "schedule"};
  allowed.insert(allowed.end(), info->keys.begin(), info->keys.end());
  if (s.kind != SourcePlanKind::flat && s.kind != SourcePlanKind::planar &&
      node.has("irradiance_W_per_cm2"))
    node.at("irradiance_W_per_cm2")
        .fail(node.at("irradiance_W_per_cm2").shown() + " on a " + kind + " source",
              "power_W (an irradiance is given only for the uniform beams `flat` and `planar`; a "
              "gaussian's peak irradiance is 2 power_W / (pi waist_mm^2))");
  node.allow_only(allowed);

  s.name = node.has("name") ? checked_name(node.at("name"), "source name")
                            : "source" + std::to_string(index);
  s.wavelength_nm =
      node.at("wavelength_nm")
          .number_in(kMinWavelength_nm, kMaxWavelength_nm, "a wavelength from 200 to 3000 nm");
  const JsonNode position = node.at("position_mm");
  s.position_mm = position.vec3();
  if (auto d = node.find("direction")) s.direction = unit_direction(*d);

  switch (s.kind) {
    case SourcePlanKind::gaussian:
      s.waist_mm = node.at("waist_mm").positive();
      break;
    case SourcePlanKind::flat:
      s.radius_mm = node.at("radius_mm").positive();
      break;
    case SourcePlanKind::cone:
      s.half_angle_deg =
          node.at("half_angle_deg").number_in(1e-6, 90, "an angle > 0 and <= 90 deg");
      break;
    case SourcePlanKind::cylindrical_diffuser:
      s.length_mm = node.at("length_mm").positive();
      break;
    case SourcePlanKind::planar: {
      const JsonNode size = node.at("size_mm");
      if (!size.is_array() || size.size() != 2)
        size.fail(size.shown(), "[width, height] in mm, both > 0");
      s.size_mm = {size.at(0).positive(), size.at(1).positive()};
      planar_axes(node, s);
      break;
    }
    default:
      break;
  }

  // Power: total, or per cm of a diffuser.
  const bool per_cm = node.has("power_W_per_cm");
  if (per_cm && node.has("power_W"))
    node.at("power_W_per_cm")
        .fail("both power_W and power_W_per_cm", "one of them (power_W is the total)");
  const double area_cm2 = s.uniform_beam_area_cm2();
  if (per_cm)
    s.power_W = node.at("power_W_per_cm").positive() * s.length_mm / 10.0;
  else if (area_cm2 > 0 && node.has("irradiance_W_per_cm2"))
    s.power_W = *power_or_irradiance_W(node, area_cm2, true);
  else
    s.power_W = node.at("power_W").positive();

  // Where the light starts: point and fibre sources inside the grid; a beam may start outside
  // (photons travel to the grid first) but its axis must reach the grid.
  const bool inside_source =
      s.kind == SourcePlanKind::isotropic_point || s.kind == SourcePlanKind::cylindrical_diffuser;
  if (inside_source && !inside_grid(grid, s.position_mm))
    position.fail(position.shown() + " (outside the grid)",
                  "a point inside the grid " + grid_box_text(grid));
  if (s.kind == SourcePlanKind::cylindrical_diffuser) {
    const Vec3 end{s.position_mm[0] + s.length_mm * s.direction[0],
                   s.position_mm[1] + s.length_mm * s.direction[1],
                   s.position_mm[2] + s.length_mm * s.direction[2]};
    if (!inside_grid(grid, end))
      node.at("length_mm")
          .fail(node.at("length_mm").shown() + " (the fibre ends at " + fmt(end) +
                    ", outside the grid)",
                "a fibre that lies inside the grid " + grid_box_text(grid));
  }
  if (!inside_source && ray_enters_grid(grid, s.position_mm, s.direction) < 0)
    position.fail(
        position.shown() + " with direction " + fmt(s.direction) + " (the beam misses the grid)",
        "a beam centre inside the grid " + grid_box_text(grid) +
            ", or outside it with a direction that points into it");
  if (s.kind == SourcePlanKind::planar)
    for (size_t a = 0; a < 3; ++a)  // the plan gives the centre; SourcePlan keeps the corner
      s.position_mm[a] -= 0.5 * (s.size_mm[0] * s.planar_u[a] + s.size_mm[1] * s.planar_v[a]);

  if (auto sched = node.find("schedule")) s.schedule = parse_schedule(*sched, area_cm2);
  return s;
}

}  // namespace

void parse_sources(const JsonNode& node, Plan& plan, ErrorList& errors) {
  std::vector<std::pair<std::string, std::string>> seen;
  const size_t n = node.size();
  for (size_t i = 0; i < n; ++i) {
    errors.attempt([&] {
      const JsonNode s = node.at(i);
      SourcePlan source = parse_source(s, i, plan.grid);
      require_unique(s.has("name") ? s.at("name") : s, source.name, "source name", seen);
      plan.sources.push_back(std::move(source));
    });
  }
}

}  // namespace photodose::plan::detail
