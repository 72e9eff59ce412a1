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

// v rounded to `digits` significant digits and written without an exponent from 1e-4 to
// 1e9 (2466.85 -> "2470", 0.37256 -> "0.373"): figures a user reads, given no more digits than
// their statistics support. Outside that range, %g's exponent form.
inline std::string format_significant(double v, int digits = 3) {
  char buf[64];
  const double a = v < 0 ? -v : v;
  if (!(a >= 1e-4 && a < 1e9)) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    return buf;
  }
  int exponent = 0;  // floor(log10(a)), without <cmath> rounding surprises at powers of ten
  for (double p = 1; p * 10 <= a; p *= 10) ++exponent;
  for (double p = 1; p > a; p /= 10) --exponent;
  const int decimals = digits - 1 - exponent;
  if (decimals >= 0) {
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  } else {
    double scale = 1;
    for (int i = 0; i < -decimals; ++i) scale *= 10;
    const double rounded = double((long long)(v / scale + (v < 0 ? -0.5 : 0.5))) * scale;
    std::snprintf(buf, sizeof buf, "%.0f", rounded);
  }
  return buf;
}

}  // namespace photodose
