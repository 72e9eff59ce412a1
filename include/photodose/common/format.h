#pragma once
// Short numbers for messages and model descriptions (printf's %g: shortest of fixed or
// exponent notation).
#include <cstdio>
#include <string>

namespace photodose {

// v to 4 significant digits: values quoted in model and source strings.
inline std::string format_4g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// v to 6 significant digits: values echoed back from the input in error messages.
inline std::string format_g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace photodose
