// CUDA backend of the SOED solver: device copies of the compact arrays and one thread per
// active voxel running the same soed_advance as the CPU backend.
#include <memory>
#include <vector>

#include "device_buffer.cuh"
#include "device_memory.cuh"
#include "photodose/pdt/soed_backend.h"

namespace photodose {
namespace {

constexpr int kBlock = 128;

int blocks_for(int64_t n) {
  const int64_t blocks = (n + kBlock - 1) / kBlock;
  return int(blocks < 65535 * 8 ? blocks : 65535 * 8);
}

__global__ void soed_init_kernel(SoedKernelView view, SoedVoxelState* states) {
  const int64_t stride = int64_t(blockDim.x) * gridDim.x;
  for (int64_t a = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; a < view.count; a += stride)
    soed_initial_state(view, a, states[a]);
}

__global__ void soed_sample_kernel(SoedKernelView view, SoedVoxelState* states, double t_s,
                                   double* y_out, int32_t* status_out) {
  const int64_t stride = int64_t(blockDim.x) * gridDim.x;
  for (int64_t a = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; a < view.count; a += stride) {
    SoedVoxelState st = states[a];
    soed_advance(view, a, st, t_s, false);
    states[a] = st;
    soed_advance(view, a, st, t_s, true);  // a copy: the stored trajectory stays paused
    for (int i = 0; i < kSoedStateSize; ++i) y_out[a * kSoedStateSize + i] = st.y[i];
    status_out[a] = st.status;
  }
}

__global__ void soed_finish_kernel(SoedKernelView view, SoedVoxelState* states, double t_end,
                                   double* y_out, int32_t* status_out, unsigned long long* steps) {
  const int64_t stride = int64_t(blockDim.x) * gridDim.x;
  for (int64_t a = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; a < view.count; a += stride) {
    SoedVoxelState st = states[a];
    soed_advance(view, a, st, t_end, true);
    states[a] = st;
    for (int i = 0; i < kSoedStateSize; ++i) y_out[a * kSoedStateSize + i] = st.y[i];
    status_out[a] = st.status;
    atomicAdd(steps, static_cast<unsigned long long>(st.steps));  // integer: order-free
  }
}

class CudaSoedStepper final : public SoedStepper {
 public:
  explicit CudaSoedStepper(const SoedCompact& c)
      : memory_checked_(check_memory(c)),
        edges_(c.edges_s),
        power_(c.power_W),
        rate_(c.rate_per_W),
        s0_(c.photosensitizer0_uM),
        supply_(c.supply_uM_per_s),
        o0_(c.oxygen0_uM),
        stop_(c.perfusion_stop_s),
        states_(size_t(c.count())),
        y_(size_t(c.count()) * kSoedStateSize),
        status_(size_t(c.count())),
        steps_(1) {
    view_ = c.host_view();
    view_.edges_s = edges_.get();
    view_.power_W = power_.get();
    view_.rate_per_W = rate_.get();
    view_.photosensitizer0_uM = s0_.get();
    view_.supply_uM_per_s = supply_.get();
    view_.oxygen0_uM = o0_.get();
    view_.perfusion_stop_s = stop_.get();
    t_end_ = c.edges_s[size_t(c.segments)];
    if (view_.count == 0) return;
    soed_init_kernel<<<blocks_for(view_.count), kBlock>>>(view_, states_.get());
    PD_CUDA_CHECK_LAUNCH();
  }

  void sample(double t_s, std::vector<double>& y, std::vector<int32_t>& status) override {
    if (view_.count > 0) {
      soed_sample_kernel<<<blocks_for(view_.count), kBlock>>>(view_, states_.get(), t_s, y_.get(),
                                                              status_.get());
      PD_CUDA_CHECK_LAUNCH();
    }
    y_.download(y);
    status_.download(status);
  }

  void finish(std::vector<double>& y, std::vector<int32_t>& status, uint64_t& steps) override {
    steps_.zero();
    if (view_.count > 0) {
      soed_finish_kernel<<<blocks_for(view_.count), kBlock>>>(
          view_, states_.get(), t_end_, y_.get(), status_.get(), steps_.get());
      PD_CUDA_CHECK_LAUNCH();
    }
    y_.download(y);
    status_.download(status);
    std::vector<unsigned long long> total;
    steps_.download(total);
    steps = uint64_t(total[0]);
  }

 private:
  // Before the first buffer: the per-voxel state, its read-out, status and the input arrays.
  static bool check_memory(const SoedCompact& c) {
    const size_t n = size_t(c.count());
    const size_t inputs = c.edges_s.size() + c.power_W.size() + c.rate_per_W.size() +
                          c.photosensitizer0_uM.size() + c.supply_uM_per_s.size() +
                          c.oxygen0_uM.size() + c.perfusion_stop_s.size();
    cuda::require_device_memory(
        "CUDA PDT stage",
        n * (sizeof(SoedVoxelState) + kSoedStateSize * sizeof(double) + sizeof(int32_t)) +
            inputs * sizeof(double) + (size_t(1) << 20));
    return true;
  }
  bool memory_checked_;
  cuda::DeviceBuffer<double> edges_, power_, rate_, s0_, supply_, o0_, stop_;
  cuda::DeviceBuffer<SoedVoxelState> states_;
  cuda::DeviceBuffer<double> y_;
  cuda::DeviceBuffer<int32_t> status_;
  cuda::DeviceBuffer<unsigned long long> steps_;
  SoedKernelView view_;
  double t_end_ = 0;
};

}  // namespace

std::unique_ptr<SoedStepper> make_soed_stepper_cuda(const SoedCompact& compact) {
  return std::make_unique<CudaSoedStepper>(compact);
}

}  // namespace photodose
