// CPU backend of the SOED solver: OpenMP threads over the active voxels. Every voxel is
// integrated on its own, so the results do not depend on the thread count or the schedule.
#include <algorithm>

#include "photodose/pdt/soed_backend.h"

namespace photodose {
namespace {

class CpuSoedStepper final : public SoedStepper {
 public:
  CpuSoedStepper(const SoedCompact& compact, int threads)
      : view_(compact.host_view()), threads_(std::max(1, threads)), states_(size_t(view_.count)) {
    const SoedKernelView view = view_;
    SoedVoxelState* states = states_.data();
#pragma omp parallel for schedule(static) num_threads(threads_)
    for (int64_t a = 0; a < view.count; ++a) soed_initial_state(view, a, states[a]);
  }

  void sample(double t_s, std::vector<double>& y, std::vector<int32_t>& status) override {
    const SoedKernelView view = view_;
    SoedVoxelState* states = states_.data();
    y.resize(size_t(view.count) * kSoedStateSize);
    status.resize(size_t(view.count));
    double* y_out = y.data();
    int32_t* status_out = status.data();
    // Dynamic chunks: voxels in bright light need many more steps than dim ones.
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads_)
    for (int64_t a = 0; a < view.count; ++a) {
      soed_advance(view, a, states[a], t_s, false);
      SoedVoxelState copy = states[a];
      soed_advance(view, a, copy, t_s, true);
      for (int i = 0; i < kSoedStateSize; ++i) y_out[a * kSoedStateSize + i] = copy.y[i];
      status_out[a] = copy.status;
    }
  }

  void finish(std::vector<double>& y, std::vector<int32_t>& status, uint64_t& steps) override {
    const SoedKernelView view = view_;
    SoedVoxelState* states = states_.data();
    y.resize(size_t(view.count) * kSoedStateSize);
    status.resize(size_t(view.count));
    double* y_out = y.data();
    int32_t* status_out = status.data();
    const double t_end = view.edges_s[view.segments];
    uint64_t total = 0;
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads_) reduction(+ : total)
    for (int64_t a = 0; a < view.count; ++a) {
      soed_advance(view, a, states[a], t_end, true);
      for (int i = 0; i < kSoedStateSize; ++i) y_out[a * kSoedStateSize + i] = states[a].y[i];
      status_out[a] = states[a].status;
      total += states[a].steps;
    }
    steps = total;
  }

 private:
  SoedKernelView view_;
  int threads_;
  std::vector<SoedVoxelState> states_;
};

}  // namespace

std::unique_ptr<SoedStepper> make_soed_stepper_cpu(const SoedCompact& compact, int threads) {
  return std::make_unique<CpuSoedStepper>(compact, threads);
}

}  // namespace photodose
