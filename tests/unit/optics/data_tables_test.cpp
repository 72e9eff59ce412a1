// The embedded data tables: all present, parsed, with their citation headers.
#include <doctest/doctest.h>

#include "photodose/common/errors.h"
#include "photodose/optics/embedded_data.h"

using namespace photodose::optics;

TEST_CASE("every table used by the optics module is compiled in with its citation") {
  for (const char* name :
       {"gold_johnson_christy.csv", "hemoglobin_prahl.csv", "hemoglobin_nachabe2011.csv",
        "water_absorption.csv", "water_absorption_kou1993.csv", "water_absorption_pope_fry1997.csv",
        "fat_absorption.csv", "fat_absorption_nachabe2010.csv"}) {
    CAPTURE(name);
    const DataTable t = load_embedded_table(name);
    CHECK(t.rows.size() > 40);
    CHECK_FALSE(t.comments.empty());
    bool cites = false;
    for (const auto& c : t.comments) cites = cites || c.find("citation") != std::string::npos;
    CHECK(cites);
  }
  // Row counts of the reference data README.
  CHECK(load_embedded_table("gold_johnson_christy.csv").rows.size() == 49);
  CHECK(load_embedded_table("hemoglobin_prahl.csv").rows.size() == 376);
  CHECK(load_embedded_table("fat_absorption.csv").rows.size() == 670);
  // The extension tables: 1001-1100 nm and 1050-1100 nm, every 1 nm.
  CHECK(load_embedded_table("hemoglobin_nachabe2011.csv").rows.size() == 100);
  CHECK(load_embedded_table("fat_absorption_nachabe2010.csv").rows.size() == 51);
}

TEST_CASE("table parser: columns, comments and malformed rows") {
  const DataTable t = parse_data_table("# a note\nx,y\n1,2\n3,4.5e1\n", "t.csv");
  CHECK(t.comments.at(0) == "a note");
  CHECK(t.column("y") == std::vector<double>{2, 45});
  CHECK_THROWS_AS(t.column("z"), photodose::RuntimeError);
  CHECK_THROWS_AS(parse_data_table("x,y\n1,abc\n", "t.csv"), photodose::RuntimeError);
  CHECK_THROWS_AS(parse_data_table("x,y\n1\n", "t.csv"), photodose::RuntimeError);
  CHECK_THROWS_AS(load_embedded_table("missing.csv"), photodose::RuntimeError);
}
