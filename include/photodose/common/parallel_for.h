#pragma once
// parallel_for over an index range: OpenMP on the CPU; the CUDA twin lives in
// cuda/parallel_for_cuda.cuh and takes the same PD_HOST_DEVICE lambdas.
#include <cstdint>

namespace photodose {

// Runs fn(i) for i in [0, n) on `threads` OpenMP threads with a static schedule, so each
// thread's share of the range is fixed for a given thread count.
template <class Fn>
void parallel_for_cpu(int64_t n, int threads, Fn&& fn) {
#pragma omp parallel for schedule(static) num_threads(threads)
  for (int64_t i = 0; i < n; ++i) fn(i);
}

}  // namespace photodose
