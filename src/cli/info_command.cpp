// `photodose info`: version, backends compiled in, devices found.
#include <omp.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "photodose/common/backend.h"
#include "photodose/common/cpu_features.h"
#include "photodose/version.h"

namespace photodose::cli {

void add_info_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("info", "Version, backends compiled in and devices found");
  auto as_json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *as_json, "Print JSON");
  cmd->callback([as_json] {
    nlohmann::json info;
    info["photodose_version"] = kVersion;
    info["commit"] = kCommit;
    info["backends"] = cuda_compiled_in() ? nlohmann::json{"cpu", "cuda"} : nlohmann::json{"cpu"};
    info["cpu"] = {{"device", device_description(Backend::cpu)},
                   {"threads", omp_get_max_threads()},
                   {"kernels", cpu_kernel_version()}};
    const int gpus = cuda_device_count();
    nlohmann::json devices = nlohmann::json::array();
    for (int d = 0; d < gpus; ++d) devices.push_back(cuda_device_name(d));
    info["cuda_devices"] = devices;
    const std::string cuda_error = cuda_device_error();
    if (!cuda_error.empty()) info["cuda_error"] = cuda_error;
    if (*as_json) {
      std::cout << info.dump(2) << "\n";
      return;
    }
    std::cout << "photodose " << kVersion << " (commit " << kCommit << ")\n";
    std::cout << "backends compiled in: cpu" << (cuda_compiled_in() ? ", cuda" : "") << "\n";
    std::cout << "cpu: " << info["cpu"]["device"].get<std::string>() << ", " << cpu_kernel_version()
              << " kernels\n";
    if (!cuda_compiled_in())
      std::cout << "cuda: not compiled in\n";
    else if (gpus == 0)
      std::cout << "cuda: no device found"
                << (cuda_error.empty() ? std::string(" (no driver or no GPU)")
                                       : " (" + cuda_error + ")")
                << "\n";
    else
      for (int d = 0; d < gpus; ++d)
        std::cout << "cuda device " << d << ": " << devices[d].get<std::string>() << "\n";
  });
}

}  // namespace photodose::cli
