// The .pvd time series: one image per time, listed with its time, readable by VTK.
#include <doctest/doctest.h>

#include "photodose/common/errors.h"
#include "photodose/io/series_writer.h"
#include "photodose/io/vti.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

TEST_CASE("series.pvd lists every image with its time and each image reads back") {
  test::TempDir dir;
  Grid g;
  g.dims = {3, 2, 2};
  g.voxel_mm = 0.5;
  SeriesWriter series(dir.path(), g, "series");
  const double times[] = {0.0, 10.0, 20.5, 1.0 / 3.0 + 30.0};
  for (int step = 0; step < 4; ++step) {
    std::vector<float> t(size_t(g.voxels()), 37.0f + float(step));
    std::vector<double> omega(size_t(g.voxels()), 0.1 * step);
    series.write(times[step],
                 {field_view("temperature_C", t), field_view("thermal_damage_omega", omega)});
  }
  const auto entries = read_pvd(dir / "series.pvd");
  REQUIRE(entries.size() == 4);
  for (int step = 0; step < 4; ++step) {
    CAPTURE(step);
    CHECK(entries[size_t(step)].time_s == times[step]);  // written exactly (shortest round trip)
    const auto image = read_vti(dir.path() / entries[size_t(step)].file);
    REQUIRE(image.find("temperature_C"));
    CHECK(image.find("temperature_C")->as<float>()[0] == 37.0f + float(step));
    CHECK(image.find("thermal_damage_omega")->as<double>()[5] == 0.1 * step);
  }
  CHECK(entries[0].file == "series/series_000000.vti");
  CHECK(std::filesystem::is_regular_file(dir / "series/series_000003.vti"));
  CHECK(series.entries().size() == 4);
}

TEST_CASE("series times must increase") {
  test::TempDir dir;
  Grid g;
  g.dims = {1, 1, 1};
  SeriesWriter series(dir.path(), g, "series");
  std::vector<float> t{37};
  series.write(5, {field_view("temperature_C", t)});
  CHECK_THROWS_AS(series.write(5, {field_view("temperature_C", t)}), RuntimeError);
  CHECK_THROWS_AS(series.write(4, {field_view("temperature_C", t)}), RuntimeError);
  CHECK(read_pvd(dir / "series.pvd").size() == 1);
}
