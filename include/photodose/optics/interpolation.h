#pragma once
// One-dimensional interpolation of tabulated data: piecewise linear for measured spectra
// (what the tables' authors and mcxyz use between their 1-2 nm samples), and Akima's
// local cubic spline for sparse smooth data such as the optical constants of gold.
#include <string>
#include <vector>

namespace photodose::optics {

// Piecewise-linear y(x) on a table. Rows with the same x (some published tables repeat a
// wavelength) are merged into their mean; x need not be sorted on input.
class LinearTable {
 public:
  LinearTable() = default;
  LinearTable(std::vector<double> x, std::vector<double> y, std::string name);

  bool contains(double x) const { return !x_.empty() && x >= x_.front() && x <= x_.back(); }
  double min_x() const { return x_.front(); }
  double max_x() const { return x_.back(); }
  const std::string& name() const { return name_; }
  const std::vector<double>& x() const { return x_; }
  const std::vector<double>& y() const { return y_; }
  // RuntimeError outside [min_x, max_x]; callers check contains() and raise a user error.
  double operator()(double x) const;

 private:
  std::vector<double> x_, y_;
  std::string name_;
};

// Akima (1970) spline: a C1 cubic whose slopes are weighted local averages, so an outlier or a
// bend does not ring through the whole table as a natural spline would.
// H. Akima, "A new method of interpolation and smooth curve fitting based on local
// procedures", J. ACM 17:589-602 (1970).
class AkimaSpline {
 public:
  AkimaSpline() = default;
  // x strictly increasing, at least 3 points.
  AkimaSpline(std::vector<double> x, std::vector<double> y);

  bool contains(double x) const { return !x_.empty() && x >= x_.front() && x <= x_.back(); }
  double min_x() const { return x_.front(); }
  double max_x() const { return x_.back(); }
  double operator()(double x) const;  // RuntimeError outside the table

 private:
  std::vector<double> x_, y_, slope_;
};

}  // namespace photodose::optics
