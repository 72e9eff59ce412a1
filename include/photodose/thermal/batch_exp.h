#pragma once
// exp() for batches of exponents on the CPU. The damage integrals need two exponentials per voxel
// and step; a call to the C library's exp() per value was more than half the explicit step's
// time, and this branch-free version vectorises (2 or 4 lanes) when called in a loop.
//
// Method (Tang's table method): x = (m 256 + j) ln2 / 256 + r with |r| <= ln2 / 512, so
// exp(x) = 2^m 2^(j/256) exp(r). The 256 values 2^(j/256) come from a table; exp(r) - 1 from
// its Taylor series to degree 4 (truncation < 4e-17 relative); the reduction subtracts k ln2/256
// in two parts (Cody-Waite), exact to ~1e-20. Accuracy: within 2 ulp of exp() over [-708, 709]
// (the unit tests measure < 3e-16 relative); callers clamp exponents into that range
// (clamp_exponent in damage.h), where 2^m stays a normal number.
//
// kFma: evaluate with fused multiply-adds (for code compiled for a CPU that has them); the
// result may differ from the kFma = false one in the last bit, and both meet the bound above.
#include <stdint.h>

#include <array>
#include <cstring>

namespace photodose {

namespace batch_exp_detail {

inline constexpr int kTableBits = 8;
inline constexpr int kTableSize = 1 << kTableBits;

// 2^(j/256) = exp(j ln2 / 256) by its Taylor series in long double, rounded once to double.
constexpr std::array<double, kTableSize> make_exp2_table() {
  constexpr long double kLn2 = 0.693147180559945309417232121458176568L;
  std::array<double, kTableSize> table{};
  for (int j = 0; j < kTableSize; ++j) {
    const long double y = kLn2 * j / kTableSize;
    long double term = 1, sum = 1;
    for (int n = 1; n < 40; ++n) {
      term *= y / n;
      sum += term;
    }
    table[size_t(j)] = double(sum);
  }
  return table;
}

inline constexpr std::array<double, kTableSize> kExp2Table = make_exp2_table();

template <bool kFma>
inline double multiply_add(double a, double b, double c) {
  if constexpr (kFma) {
    return __builtin_fma(a, b, c);
  } else {
    return a * b + c;
  }
}

}  // namespace batch_exp_detail

template <bool kFma = false>
inline double exp_table(double x) {
  using namespace batch_exp_detail;
  constexpr double kN_over_ln2 = kTableSize * 1.4426950408889634074;
  // ln 2 / 256 in two parts: the first to 32 bits, so k * kLn2Hi is exact for |k| < 2^21.
  constexpr double kLn2Hi = 6.93147180369123816490e-01 / kTableSize;
  constexpr double kLn2Lo = 1.90821492927058770002e-10 / kTableSize;
  constexpr double kShift = 6755399441055744.0;  // 1.5 * 2^52: adding it rounds to an integer
  const double kd = multiply_add<kFma>(x, kN_over_ln2, kShift);
  const double k = kd - kShift;
  const double r = multiply_add<kFma>(-k, kLn2Lo, multiply_add<kFma>(-k, kLn2Hi, x));
  // The low bits of kd hold k (two's complement): j = k mod 256, m = floor(k / 256).
  int64_t kd_bits, shift_bits;
  std::memcpy(&kd_bits, &kd, sizeof kd_bits);
  std::memcpy(&shift_bits, &kShift, sizeof shift_bits);
  const int64_t k_int = kd_bits - shift_bits;
  const double t = kExp2Table[size_t(k_int & (kTableSize - 1))];
  const int64_t scale_bits = ((k_int >> kTableBits) + 1023) << 52;
  double scale;
  std::memcpy(&scale, &scale_bits, sizeof scale);
  // exp(r) - 1 = r + r^2 (1/2 + r (1/6 + r / 24)); t exp(r) = t + t (exp(r) - 1).
  const double p = multiply_add<kFma>(multiply_add<kFma>(r, 1.0 / 24, 1.0 / 6), r, 0.5);
  const double q = multiply_add<kFma>(r * r, p, r);
  return multiply_add<kFma>(t, q, t) * scale;
}

}  // namespace photodose
