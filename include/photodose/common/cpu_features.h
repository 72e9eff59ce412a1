#pragma once
#include <string>
namespace photodose {
// Model name of the host CPU, from /proc/cpuinfo where available.
std::string cpu_model_name();
// Whether the CPU runs the AVX2+FMA versions of the hand-vectorised CPU kernels (x86-64 with
// both features); otherwise they run their baseline versions.
bool cpu_has_avx2_fma();
// "avx2+fma" or "baseline": the version those kernels run on this CPU.
const char* cpu_kernel_version();
}  // namespace photodose
