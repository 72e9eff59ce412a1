#pragma once
// Whether a CUDA test case can run. Without a device it passes with a message that gives the
// runtime's reason; with PHOTODOSE_REQUIRE_CUDA=1 (set by the GPU run, bench/device/run.sh) a
// missing device fails the case instead, so a broken driver cannot give a green run.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "photodose/common/backend.h"

namespace photodose::test {

inline bool cuda_device_or_skip() {
  if (cuda_device_count() > 0) return true;
  const std::string error = cuda_device_error();
  const std::string why = !cuda_compiled_in() ? "CUDA not compiled in"
                          : error.empty()     ? "no device"
                                              : error;
  const char* required = std::getenv("PHOTODOSE_REQUIRE_CUDA");
  if (required && std::string(required) == "1") {
    FAIL_CHECK("PHOTODOSE_REQUIRE_CUDA=1 but no CUDA device is usable (" << why << ")");
    return false;
  }
  MESSAGE("skipped: no CUDA device (" << why << ")");
  return false;
}

}  // namespace photodose::test
