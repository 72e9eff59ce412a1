#include "photodose/optics/interpolation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "photodose/common/errors.h"

namespace photodose::optics {
namespace {

// Index i of the interval [x[i], x[i+1]] holding v (v inside the table).
size_t interval(const std::vector<double>& x, double v) {
  auto it = std::upper_bound(x.begin(), x.end(), v);
  size_t i = it == x.begin() ? 0 : size_t(it - x.begin()) - 1;
  return std::min(i, x.size() - 2);
}

[[noreturn]] void outside(const std::string& what, double v, double lo, double hi) {
  throw RuntimeError(what + ": " + std::to_string(v) + " is outside the table [" +
                     std::to_string(lo) + ", " + std::to_string(hi) + "]");
}

}  // namespace

LinearTable::LinearTable(std::vector<double> x, std::vector<double> y, std::string name)
    : name_(std::move(name)) {
  if (x.size() != y.size() || x.size() < 2)
    throw RuntimeError(name_ + ": a table needs at least two (x, y) rows");
  std::map<double, std::pair<double, int>> merged;  // x -> (sum of y, count)
  for (size_t i = 0; i < x.size(); ++i) {
    auto& slot = merged[x[i]];
    slot.first += y[i];
    slot.second += 1;
  }
  for (const auto& [xv, sum_count] : merged) {
    x_.push_back(xv);
    y_.push_back(sum_count.first / sum_count.second);
  }
  if (x_.size() < 2) throw RuntimeError(name_ + ": a table needs at least two distinct x");
}

double LinearTable::operator()(double v) const {
  if (!contains(v)) outside(name_, v, x_.front(), x_.back());
  const size_t i = interval(x_, v);
  const double t = (v - x_[i]) / (x_[i + 1] - x_[i]);
  return y_[i] + t * (y_[i + 1] - y_[i]);
}

AkimaSpline::AkimaSpline(std::vector<double> x, std::vector<double> y)
    : x_(std::move(x)), y_(std::move(y)) {
  const size_t n = x_.size();
  if (y_.size() != n || n < 3) throw RuntimeError("Akima spline: needs at least 3 points");
  for (size_t i = 1; i < n; ++i)
    if (!(x_[i] > x_[i - 1])) throw RuntimeError("Akima spline: x must increase strictly");
  // Secant slopes, padded with two extrapolated slopes at each end (Akima's eq. 8).
  std::vector<double> m(n + 3);
  for (size_t i = 0; i + 1 < n; ++i) m[i + 2] = (y_[i + 1] - y_[i]) / (x_[i + 1] - x_[i]);
  m[1] = 2 * m[2] - m[3];
  m[0] = 2 * m[1] - m[2];
  m[n + 1] = 2 * m[n] - m[n - 1];
  m[n + 2] = 2 * m[n + 1] - m[n];
  slope_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const double w1 = std::fabs(m[i + 3] - m[i + 2]);
    const double w2 = std::fabs(m[i + 1] - m[i]);
    slope_[i] =
        (w1 + w2 > 0) ? (w1 * m[i + 1] + w2 * m[i + 2]) / (w1 + w2) : 0.5 * (m[i + 1] + m[i + 2]);
  }
}

double AkimaSpline::operator()(double v) const {
  if (!contains(v)) outside("Akima spline", v, x_.front(), x_.back());
  const size_t i = interval(x_, v);
  const double h = x_[i + 1] - x_[i];
  const double t = (v - x_[i]) / h;
  // Cubic Hermite basis on [x_i, x_{i+1}].
  const double t2 = t * t, t3 = t2 * t;
  const double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t;
  const double h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
  return h00 * y_[i] + h10 * h * slope_[i] + h01 * y_[i + 1] + h11 * h * slope_[i + 1];
}

}  // namespace photodose::optics
