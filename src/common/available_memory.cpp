#include "photodose/common/available_memory.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "photodose/common/errors.h"

namespace photodose {
namespace {

std::optional<uint64_t> read_number(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!(in >> text) || text == "max") return std::nullopt;
  try {
    return uint64_t(std::stoull(text));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// A field of /sys/fs/cgroup/memory.stat ("key value" lines), in bytes.
std::optional<uint64_t> cgroup_stat(const std::string& key) {
  std::ifstream in("/sys/fs/cgroup/memory.stat");
  std::string k;
  uint64_t value = 0;
  while (in >> k >> value)
    if (k == key) return value;
  return std::nullopt;
}

}  // namespace

std::optional<uint64_t> available_memory_bytes() {
  std::optional<uint64_t> available;
  std::ifstream meminfo("/proc/meminfo");
  for (std::string line; std::getline(meminfo, line);) {
    std::istringstream in(line);
    std::string key;
    uint64_t kib = 0;
    if (in >> key >> kib && key == "MemAvailable:") available = kib * 1024;
  }
  // cgroup v2 (a container's limit); "max" means none.
  const auto limit = read_number("/sys/fs/cgroup/memory.max");
  const auto used = read_number("/sys/fs/cgroup/memory.current");
  if (limit && used) {
    const uint64_t left =
        cgroup_memory_left_bytes(*limit, *used, cgroup_stat("inactive_file").value_or(0));
    available = available ? std::min(*available, left) : left;
  }
  return available;
}

uint64_t cgroup_memory_left_bytes(uint64_t limit, uint64_t current, uint64_t inactive_file) {
  const uint64_t working_set = current - std::min(current, inactive_file);
  return limit > working_set ? limit - working_set : 0;
}

uint64_t input_memory_budget_bytes() {
  return available_memory_bytes().value_or(std::numeric_limits<uint64_t>::max());
}

std::string format_gib(double bytes) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f GiB", bytes / double(1ull << 30));
  return buf;
}

void check_input_memory(const std::string& file, const std::string& what, double bytes,
                        uint64_t budget_bytes, const std::string& hint) {
  if (bytes <= 0.9 * double(budget_bytes)) return;
  throw RuntimeError(file + ": " + what + " needs about " + format_gib(bytes) + ", " +
                     format_gib(double(budget_bytes)) + " available; " + hint);
}

}  // namespace photodose
