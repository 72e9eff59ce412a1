#pragma once
// Probe time series: values of named quantities at the plan's probe points over time, gathered
// from the thermal and PDT stages (which sample at the same times) into one table.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "photodose/plan/plan.h"

namespace photodose::pipeline {

class ProbeRecorder {
 public:
  explicit ProbeRecorder(const plan::Plan& plan);

  // Voxel (linear index) of each probe, in plan order.
  const std::vector<int64_t>& voxels() const { return voxels_; }
  // Records probe p's value of `quantity` (a VTK array name) at time t.
  void record(double time_s, size_t probe, const std::string& quantity, double value);
  // Records every probe from a whole field.
  template <class Field>
  void record_field(double time_s, const std::string& quantity, const Field& field) {
    for (size_t p = 0; p < voxels_.size(); ++p)
      record(time_s, p, quantity, double(field[size_t(voxels_[p])]));
  }
  bool empty() const { return rows_.empty() || voxels_.empty(); }
  std::vector<double> times() const;
  // The series of one probe and quantity (NaN where a time has no value).
  std::vector<double> series(size_t probe, const std::string& quantity) const;
  // probes.csv: time_s, then <probe>_<quantity> for each probe and quantity in first-recorded
  // order.
  void write_csv(const std::filesystem::path& path) const;

 private:
  std::vector<std::string> names_;
  std::vector<int64_t> voxels_;
  std::vector<std::string> quantities_;  // in first-recorded order
  std::map<double, std::map<std::pair<size_t, std::string>, double>> rows_;
};

}  // namespace photodose::pipeline
