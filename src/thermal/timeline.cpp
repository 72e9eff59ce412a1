// Segments of constant heating that end on every schedule edge and sample time; the choice of
// scheme and time step.
#include "photodose/thermal/timeline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "photodose/common/errors.h"

namespace photodose {
namespace {

// More samples than this is almost certainly a unit mistake (ms for s).
constexpr double kMaxSamples = 1e7;

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

template <class Interval>
void add_edges(const std::vector<Interval>& schedule, double duration, std::vector<double>& edges) {
  for (const Interval& iv : schedule) {
    for (double t : {iv.start_s, iv.start_s + iv.duration_s})
      if (t > 0 && t < duration) edges.push_back(t);
  }
}

template <class Interval>
double weight_at(const std::vector<Interval>& schedule, double Interval::*amount, double t) {
  for (const Interval& iv : schedule)
    if (t >= iv.start_s && t < iv.start_s + iv.duration_s) return iv.*amount;
  return 0;
}

void add_samples(double every, double duration, double eps, const char* pointer,
                 std::vector<double>& edges) {
  if (every <= 0) return;
  if (!std::isfinite(every) || duration / every > kMaxSamples)
    throw InputError("", pointer, num(every) + " s",
                     "a sampling interval giving at most 1e7 samples over " + num(duration) + " s");
  for (int64_t k = 1;; ++k) {
    const double t = double(k) * every;
    if (t >= duration - eps) break;
    edges.push_back(t);
  }
}

bool is_sample(double every, double t, double eps) {
  if (every <= 0) return false;
  const double k = std::round(t / every);
  return k >= 1 && std::fabs(t - k * every) <= eps;
}

}  // namespace

std::vector<double> source_weights_at(const ThermalProblem& problem, double t_s) {
  std::vector<double> w;
  for (const LightHeatSource& s : problem.light_sources)
    w.push_back(weight_at(s.schedule, &PowerInterval::power_W, t_s));
  for (const MagneticHeatSource& s : problem.magnetic_sources)
    w.push_back(weight_at(s.schedule, &FieldInterval::scale, t_s));
  return w;
}

ThermalTimeline build_timeline(const ThermalProblem& problem, const ThermalObserver* observer) {
  const double duration = problem.duration_s;
  // Edges closer than this are one edge: sums of decimal times are not exact in binary.
  const double eps = 1e-9 * duration;
  std::vector<double> edges = {0.0, duration};
  for (const LightHeatSource& s : problem.light_sources) add_edges(s.schedule, duration, edges);
  for (const MagneticHeatSource& s : problem.magnetic_sources)
    add_edges(s.schedule, duration, edges);
  const double series = observer ? observer->series_every_s : 0;
  const double probe = observer ? observer->probe_every_s : 0;
  add_samples(series, duration, eps, "/outputs/series_every_s", edges);
  add_samples(probe, duration, eps, "/outputs/probe_every_s", edges);
  std::sort(edges.begin(), edges.end());
  std::vector<double> merged;
  for (double t : edges)
    if (merged.empty() || t - merged.back() > eps) merged.push_back(t);
  merged.back() = duration;  // the last edge is the end, exactly

  ThermalTimeline timeline;
  timeline.series_at_start = series > 0;
  timeline.probe_at_start = probe > 0;
  for (size_t e = 0; e + 1 < merged.size(); ++e) {
    ThermalSegment seg;
    seg.start_s = merged[e];
    seg.end_s = merged[e + 1];
    seg.weights = source_weights_at(problem, 0.5 * (seg.start_s + seg.end_s));
    seg.sources_changed =
        timeline.segments.empty() || seg.weights != timeline.segments.back().weights;
    seg.series_at_end = is_sample(series, seg.end_s, eps);
    seg.probe_at_end = is_sample(probe, seg.end_s, eps);
    timeline.segments.push_back(std::move(seg));
  }
  return timeline;
}

namespace {

// The start, and every schedule edge inside the run: each may change the heating.
int heating_changes(const ThermalProblem& problem) {
  std::vector<double> edges;
  for (const LightHeatSource& s : problem.light_sources)
    add_edges(s.schedule, problem.duration_s, edges);
  for (const MagneticHeatSource& s : problem.magnetic_sources)
    add_edges(s.schedule, problem.duration_s, edges);
  return 1 + int(edges.size());
}

}  // namespace

TimeStepChoice choose_time_step(const ThermalProblem& problem, const PreparedThermal& prepared) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  TimeStepChoice c;
  c.dt_stable_s = prepared.dt_stable_s;
  const double dt_rise = prepared.max_heating_K_per_s > 0
                             ? problem.max_step_rise_K / prepared.max_heating_K_per_s
                             : inf;
  const double dt_implicit_fixed =
      std::min({dt_rise, prepared.min_perfusion_time_s / 4, problem.max_implicit_dt_s});
  const double dt_explicit = std::min(0.9 * prepared.dt_stable_s, dt_rise);
  const double duration = problem.duration_s;
  c.explicit_steps = std::isfinite(dt_explicit) ? std::ceil(duration / dt_explicit) : 1.0;
  c.implicit_steps = std::ceil(duration / problem.max_implicit_dt_s) +
                     kStepsPerHeatingChange * heating_changes(problem);

  if (problem.dt_s) {
    const double dt = *problem.dt_s;
    const bool stable = dt <= prepared.dt_stable_s * (1 + 1e-12);
    if (problem.scheme == ThermalSchemeRequest::explicit_euler && !stable)
      throw InputError("", "/thermal/dt_s", num(dt) + " s",
                       "at most " + num(prepared.dt_stable_s) +
                           " s, the explicit scheme's stability limit on this grid (or scheme "
                           "'implicit', or no dt_s to let the solver choose)");
    c.scheme = problem.scheme == ThermalSchemeRequest::implicit_adi ||
                       (problem.scheme == ThermalSchemeRequest::automatic && !stable)
                   ? ThermalScheme::implicit_adi
                   : ThermalScheme::explicit_euler;
    c.dt_s = dt;
    c.dt_accuracy_s = c.scheme == ThermalScheme::implicit_adi ? dt_implicit_fixed : dt_rise;
    if (dt > c.dt_accuracy_s * (1 + 1e-12))
      c.warnings.push_back("thermal.dt_s = " + num(dt) + " s is longer than the accuracy bound " +
                           num(c.dt_accuracy_s) + " s (heating of at most " +
                           num(problem.max_step_rise_K) +
                           " K per step); temperatures and damage may be inaccurate");
  } else {
    const bool implicit = problem.scheme == ThermalSchemeRequest::implicit_adi ||
                          (problem.scheme == ThermalSchemeRequest::automatic &&
                           c.explicit_steps > kImplicitAdvantage * c.implicit_steps);
    c.scheme = implicit ? ThermalScheme::implicit_adi : ThermalScheme::explicit_euler;
    c.adaptive = implicit;
    c.dt_s = implicit ? problem.max_implicit_dt_s : dt_explicit;
    c.dt_accuracy_s = implicit ? problem.max_implicit_dt_s : dt_rise;
  }
  if (!std::isfinite(c.dt_s) || c.dt_s > duration) c.dt_s = duration;
  return c;
}

}  // namespace photodose
