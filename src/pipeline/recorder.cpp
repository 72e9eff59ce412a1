#include "photodose/pipeline/recorder.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "photodose/io/csv.h"
#include "photodose/plan/phantom.h"

namespace photodose::pipeline {

ProbeRecorder::ProbeRecorder(const plan::Plan& plan) {
  for (const plan::ProbeSpec& probe : plan.probes) {
    names_.push_back(probe.name);
    voxels_.push_back(plan::probe_voxel(plan.grid, probe.position_mm));
  }
}

void ProbeRecorder::record(double time_s, size_t probe, const std::string& quantity, double value) {
  if (std::find(quantities_.begin(), quantities_.end(), quantity) == quantities_.end())
    quantities_.push_back(quantity);
  rows_[time_s][{probe, quantity}] = value;
}

std::vector<double> ProbeRecorder::times() const {
  std::vector<double> t;
  for (const auto& row : rows_) t.push_back(row.first);
  return t;
}

std::vector<double> ProbeRecorder::series(size_t probe, const std::string& quantity) const {
  std::vector<double> out;
  for (const auto& row : rows_) {
    auto it = row.second.find({probe, quantity});
    out.push_back(it == row.second.end() ? std::numeric_limits<double>::quiet_NaN() : it->second);
  }
  return out;
}

void ProbeRecorder::write_csv(const std::filesystem::path& path) const {
  std::vector<ProbeColumn> columns;
  for (size_t p = 0; p < names_.size(); ++p)
    for (const auto& q : quantities_) columns.push_back({names_[p], q, series(p, q)});
  write_probes_csv(path, times(), columns);
}

}  // namespace photodose::pipeline
