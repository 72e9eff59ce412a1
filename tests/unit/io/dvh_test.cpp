// Cumulative DVH against a case small enough to count by hand.
#include <cmath>
#include <fstream>

#include <doctest/doctest.h>

#include "photodose/common/errors.h"
#include "photodose/io/dvh.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

namespace {
// Ten voxels; the region holds the values {5, 1, 3, 9, 7, 10} (six voxels of 0.001 mm^3).
const std::vector<double> kValues{5, 1, 3, 9, 7, 2, 8, 4, 6, 10};
const std::vector<uint8_t> kRegion{1, 1, 1, 1, 1, 0, 0, 0, 0, 1};
}  // namespace

TEST_CASE("cumulative DVH: fraction of the region at or above each threshold, counted by hand") {
  const std::vector<double> thresholds{0, 1, 3.5, 7, 10, 10.5};
  const DvhCurve c = compute_cumulative_dvh(kValues, kRegion, thresholds, 0.001);
  // >= 0: 6/6, >= 1: 6/6, >= 3.5: {5,9,7,10} 4/6, >= 7: {9,7,10} 3/6, >= 10: 1/6, >= 10.5: 0.
  const std::vector<double> expected{1, 1, 4.0 / 6, 0.5, 1.0 / 6, 0};
  REQUIRE(c.volume_fraction.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) CHECK(c.volume_fraction[i] == expected[i]);
  CHECK(c.region_voxels == 6);
  CHECK(c.region_volume_mm3 == doctest::Approx(0.006).epsilon(1e-12));
  CHECK(c.nan_voxels == 0);
  CHECK(c.threshold == thresholds);
}

TEST_CASE("covering value: T90-style metrics from the same hand count") {
  CHECK(covering_value(std::span<const double>(kValues), kRegion, 0.5) == 7);  // 3 of 6 >= 7
  CHECK(covering_value(std::span<const double>(kValues), kRegion, 0.7) == 3);  // 5 of 6 >= 3
  CHECK(covering_value(std::span<const double>(kValues), kRegion, 0.9) == 1);
  CHECK(covering_value(std::span<const double>(kValues), kRegion, 1.0 / 6) == 10);
  CHECK_THROWS_AS(covering_value(std::span<const double>(kValues), kRegion, 0.0), RuntimeError);
}

TEST_CASE("DVH with NaN voxels, an empty region and float values") {
  const std::vector<float> v{1, NAN, 3, 4};
  const std::vector<uint8_t> all{1, 1, 1, 1}, none{0, 0, 0, 0};
  const std::vector<double> t{2};
  const DvhCurve c = compute_cumulative_dvh(v, all, t, 1.0);
  CHECK(c.nan_voxels == 1);
  CHECK(c.region_voxels == 4);
  CHECK(c.volume_fraction[0] == 0.5);  // {3, 4} of four voxels; NaN is never >= a threshold
  CHECK(std::isnan(compute_cumulative_dvh(v, none, t, 1.0).volume_fraction[0]));
  CHECK_THROWS_AS(compute_cumulative_dvh(v, std::vector<uint8_t>{1}, t, 1.0), RuntimeError);
  CHECK_THROWS_AS(compute_cumulative_dvh(v, all, std::vector<double>{2, 1}, 1.0), RuntimeError);
}

TEST_CASE("threshold helpers span the requested or the region's range") {
  const auto lin = dvh_thresholds(0, 1, 5, DvhScale::linear);
  CHECK(lin == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
  const auto lg = dvh_thresholds(1, 1000, 4, DvhScale::log);
  CHECK(lg[0] == 1);
  CHECK(lg[1] == doctest::Approx(10).epsilon(1e-12));
  CHECK(lg[2] == doctest::Approx(100).epsilon(1e-12));
  CHECK(lg[3] == 1000);
  CHECK_THROWS_AS(dvh_thresholds(0, 1, 5, DvhScale::log), RuntimeError);
  const auto region_lin =
      dvh_thresholds_for(std::span<const double>(kValues), kRegion, 10, DvhScale::linear);
  CHECK(region_lin.front() == 1);
  CHECK(region_lin.back() == 10);
  const auto region_log =
      dvh_thresholds_for(std::span<const double>(kValues), kRegion, 3, DvhScale::log, 2);
  CHECK(region_log.front() == doctest::Approx(0.1));
  CHECK(region_log.back() == 10);
  CHECK(region_mask(std::vector<uint16_t>{0, 3, 3, 1}, 3) == std::vector<uint8_t>{0, 1, 1, 0});
}

TEST_CASE("dvh.csv is long format with region, quantity, threshold, fraction and volume") {
  test::TempDir dir;
  DvhCurve c = compute_cumulative_dvh(kValues, kRegion, std::vector<double>{3.5, 7}, 0.001);
  c.region = "tumor";
  c.quantity = "temperature_max_C";
  write_dvh_csv(dir / "dvh.csv", {c});
  std::ifstream in(dir / "dvh.csv");
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "region,quantity,threshold,volume_fraction,volume_mm3");
  CHECK(lines[2] == "tumor,temperature_max_C,7,0.5,0.003");
}
