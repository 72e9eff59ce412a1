// probes.csv as docs/interface.md fixes it: time_s, then <probe>_<VTK array name> columns.
#include <cmath>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "photodose/common/errors.h"
#include "photodose/io/csv.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

namespace {
std::vector<std::string> lines_of(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
}  // namespace

TEST_CASE("probes.csv has the contract's header and exact numbers") {
  test::TempDir dir;
  const std::vector<double> time_s{0, 0.5, 1.0 / 3.0};
  const std::vector<ProbeColumn> columns{
      {"center", "temperature_C", {37, 41.25, 43.123456789012345}},
      {"center", "thermal_damage_omega", {0, 1e-12, NAN}},
      {"rim", "cem43_min", {0, 2.5e3, INFINITY}}};
  write_probes_csv(dir / "probes.csv", time_s, columns);
  const auto lines = lines_of(dir / "probes.csv");
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "time_s,center_temperature_C,center_thermal_damage_omega,rim_cem43_min");
  CHECK(lines[1] == "0,37,0,0");
  CHECK(lines[2] == "0.5,41.25,1e-12,2500");
  // Every number reads back as the same double.
  std::stringstream row(lines[3]);
  std::string cell;
  std::getline(row, cell, ',');
  CHECK(std::stod(cell) == 1.0 / 3.0);
  std::getline(row, cell, ',');
  CHECK(std::stod(cell) == 43.123456789012345);
  std::getline(row, cell, ',');
  CHECK(cell == "nan");
  std::getline(row, cell, ',');
  CHECK(cell == "inf");
}

TEST_CASE("probe columns must match the times, and awkward names are quoted") {
  test::TempDir dir;
  CHECK_THROWS_AS(write_probes_csv(dir / "p.csv", {0, 1}, {{"a", "temperature_C", {37}}}),
                  RuntimeError);
  write_csv(dir / "q.csv", {"region", "note"}, {{"tumor, core", "say \"hi\""}});
  const auto lines = lines_of(dir / "q.csv");
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "\"tumor, core\",\"say \"\"hi\"\"\"");
  CHECK_THROWS_AS(write_csv(dir / "no-dir" / "q.csv", {"a"}, {}), RuntimeError);
}
