#pragma once
// Which processor runs a stage, chosen at run time.
#include <string>

namespace photodose {

enum class Backend { cpu, cuda };

enum class BackendRequest { auto_select, cpu, cuda };

BackendRequest parse_backend_request(const std::string& name);  // throws InputError
const char* backend_name(Backend backend);

// True when this build contains the CUDA backend.
bool cuda_compiled_in();
// Number of usable CUDA devices; 0 when CUDA is not compiled in or no driver/device answers.
int cuda_device_count();
// Why no CUDA device was found: the runtime's error ("" when it answered or CUDA is not
// compiled in).
std::string cuda_device_error();
// Name of CUDA device `index` ("" when CUDA is not compiled in).
std::string cuda_device_name(int index);
// Human-readable name of device 0 (or of the CPU for the CPU backend).
std::string device_description(Backend backend);

// Resolves a request: auto picks CUDA when a device is present (printing a one-line note to
// stderr when it falls back), cuda without a device is a RuntimeError.
Backend resolve_backend(BackendRequest request, bool quiet = false);

// Threads the CPU backend uses: the request when positive, else all cores.
int resolve_cpu_threads(int requested);

}  // namespace photodose
