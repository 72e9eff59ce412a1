#include "photodose/common/backend.h"

#include <omp.h>

#include <iostream>

#include "photodose/common/cpu_features.h"
#include "photodose/common/errors.h"
#if defined(PHOTODOSE_HAVE_CUDA)
#include "photodose/common/cuda_devices.h"
#endif

namespace photodose {

BackendRequest parse_backend_request(const std::string& name) {
  if (name == "auto") return BackendRequest::auto_select;
  if (name == "cpu") return BackendRequest::cpu;
  if (name == "cuda") return BackendRequest::cuda;
  throw InputError("", "--backend", "'" + name + "'", "one of auto, cpu, cuda");
}

const char* backend_name(Backend backend) {
  return backend == Backend::cuda ? "cuda" : "cpu";
}

bool cuda_compiled_in() {
#if defined(PHOTODOSE_HAVE_CUDA)
  return true;
#else
  return false;
#endif
}

int cuda_device_count() {
#if defined(PHOTODOSE_HAVE_CUDA)
  return cuda::device_count();
#else
  return 0;
#endif
}

std::string cuda_device_error() {
#if defined(PHOTODOSE_HAVE_CUDA)
  return cuda::query_devices().error;
#else
  return "";
#endif
}

std::string cuda_device_name(int index) {
#if defined(PHOTODOSE_HAVE_CUDA)
  return cuda::device_name(index);
#else
  (void)index;
  return "";
#endif
}

std::string device_description(Backend backend) {
#if defined(PHOTODOSE_HAVE_CUDA)
  if (backend == Backend::cuda) return cuda::device_name(0);
#endif
  (void)backend;
  return cpu_model_name();
}

Backend resolve_backend(BackendRequest request, bool quiet) {
  if (request == BackendRequest::cpu) return Backend::cpu;
  const int devices = cuda_device_count();
  if (request == BackendRequest::cuda) {
    if (!cuda_compiled_in())
      throw RuntimeError(
          "--backend cuda: this photodose was built without CUDA; rebuild with "
          "-DPHOTODOSE_CUDA=ON or use --backend cpu");
    if (devices == 0) {
      const std::string why = cuda_device_error();
      throw RuntimeError("--backend cuda: no CUDA device or driver found" +
                         (why.empty() ? std::string() : " (" + why + ")") + "; use --backend cpu");
    }
    return Backend::cuda;
  }
  if (devices > 0) return Backend::cuda;
  if (cuda_compiled_in() && !quiet) std::cerr << "note: no CUDA device found, running on the CPU\n";
  return Backend::cpu;
}

int resolve_cpu_threads(int requested) {
  if (requested > 0) return requested;
  return omp_get_num_procs();
}

}  // namespace photodose
