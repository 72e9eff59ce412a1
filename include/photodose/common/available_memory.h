#pragma once
// Memory this process may still take, and the check made before an allocation whose size an
// input file decides (a plan's grid, an MCX Dim, a label volume's header): asking for more than
// the machine has is an error with a message, not a bad_alloc or the kernel's OOM killer.
#include <cstdint>
#include <optional>
#include <string>

namespace photodose {

// /proc/meminfo MemAvailable, lowered to what the cgroup's limit leaves where one is set
// (containers). nullopt when neither can be read.
std::optional<uint64_t> available_memory_bytes();

// What a cgroup v2 limit leaves: the limit minus the working set, which is memory.current less
// the inactive file cache (memory.stat inactive_file), since the kernel reclaims that cache
// before it refuses an allocation. Without the subtraction a container that has just read or
// written large files would look full.
uint64_t cgroup_memory_left_bytes(uint64_t limit, uint64_t current, uint64_t inactive_file);

// The budget of an input reader: available_memory_bytes(), or no limit when that is unknown.
uint64_t input_memory_budget_bytes();

// RuntimeError "FILE: WHAT needs about X GiB, Y GiB available; HINT" unless `bytes` fits in 90 %
// of `budget_bytes`. `bytes` is a double so that a hostile size cannot overflow on the way.
void check_input_memory(const std::string& file, const std::string& what, double bytes,
                        uint64_t budget_bytes, const std::string& hint);

// "1.5 GiB".
std::string format_gib(double bytes);

}  // namespace photodose
