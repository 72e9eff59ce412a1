#include "photodose/common/cpu_features.h"

#include <omp.h>

#include <fstream>

namespace photodose {

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  std::string name = "CPU";
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) name = line.substr(colon + 2);
      break;
    }
  }
  return name + " (" + std::to_string(omp_get_num_procs()) + " logical cores)";
}

}  // namespace photodose
