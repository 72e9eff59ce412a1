#pragma once
// A published number can only be checked to its printed precision: the tolerance for a
// reference printed as "0.192136" is max(relative_tol * |ref|, half a unit in its last digit).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

namespace photodose::test {

struct Reference {
  double value;
  double half_unit;  // half a unit in the last printed digit
};

inline Reference reference(const std::string& printed) {
  const size_t dot = printed.find('.');
  const size_t exp = printed.find_first_of("eE");
  const size_t end = exp == std::string::npos ? printed.size() : exp;
  const int decimals = dot == std::string::npos ? 0 : int(end - dot - 1);
  const int exponent = exp == std::string::npos ? 0 : std::atoi(printed.c_str() + exp + 1);
  return {std::stod(printed), 0.5 * std::pow(10.0, exponent - decimals)};
}

// True when |value - ref| <= max(relative_tol * |ref|, half unit of the printed reference).
inline bool matches(double value, const std::string& printed, double relative_tol) {
  const Reference r = reference(printed);
  return std::fabs(value - r.value) <= std::max(relative_tol * std::fabs(r.value), r.half_unit);
}

}  // namespace photodose::test
