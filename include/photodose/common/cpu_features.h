#pragma once
#include <string>
namespace photodose {
// Model name of the host CPU, from /proc/cpuinfo where available.
std::string cpu_model_name();
}  // namespace photodose
