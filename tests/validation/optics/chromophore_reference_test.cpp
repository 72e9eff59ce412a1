// Chromophore spectra against the spot values of data/optics (README of the reference data)
// and the whole-blood values derived in PHYSICS.md section 2.
#include <doctest/doctest.h>

#include "photodose/optics/chromophores.h"
#include "reference_tolerance.h"

using namespace photodose::optics;
using photodose::test::matches;

TEST_CASE("hemoglobin molar extinction, Prahl table spot values (exact grid points)") {
  struct Spot {
    double nm, hbo2, hb;
  };
  for (const Spot s : {Spot{800, 816, 761.72}, Spot{550, 43016, 53412}, Spot{700, 290, 1794.28},
                       Spot{850, 1058, 691.32}, Spot{940, 1214, 693.44}}) {
    CAPTURE(s.nm);
    CHECK(hbo2_molar_extinction_per_M_cm(s.nm) == doctest::Approx(s.hbo2).epsilon(1e-12));
    CHECK(hb_molar_extinction_per_M_cm(s.nm) == doctest::Approx(s.hb).epsilon(1e-12));
  }
  // Between grid points (2 nm apart) the table is interpolated linearly.
  CHECK(hbo2_molar_extinction_per_M_cm(801) ==
        doctest::Approx(
            0.5 * (hbo2_molar_extinction_per_M_cm(800) + hbo2_molar_extinction_per_M_cm(802))));
}

TEST_CASE("whole blood mua (150 g/L, 64,500 g/mol), PHYSICS.md section 2 [D]") {
  // Values in 1/cm printed to 3 significant figures: checked to half a unit of the last digit.
  const auto per_cm = [](double nm, double s) { return 10.0 * whole_blood_mua_per_mm(nm, s); };
  CHECK(matches(per_cm(630, 0.98), "3.75", 0));
  CHECK(matches(per_cm(630, 0.75), "9.34", 0));
  CHECK(matches(per_cm(808, 0.98), "4.57", 0));
  CHECK(matches(per_cm(808, 0.75), "4.41", 0));
  CHECK(matches(per_cm(980, 0.98), "5.96", 0));
  CHECK(matches(per_cm(980, 0.75), "5.01", 0));
  // data README: 800 nm gives 4.37 /cm (HbO2) and 4.08 /cm (Hb).
  CHECK(matches(per_cm(800, 1.0), "4.37", 0));
  CHECK(matches(per_cm(800, 0.0), "4.08", 0));
}

TEST_CASE("water: Pope & Fry below 700 nm, Kou et al. from 700 nm") {
  // Pope & Fry spot values (1/m): 380 0.01137, 417.5 0.00442, 500 0.0204, 600 0.2224, 700 0.624.
  CHECK(water_mua_per_mm(380) * 1000 == doctest::Approx(0.01137).epsilon(1e-9));
  CHECK(water_mua_per_mm(417.5) * 1000 == doctest::Approx(0.00442).epsilon(1e-9));
  CHECK(water_mua_per_mm(500) * 1000 == doctest::Approx(0.0204).epsilon(1e-9));
  CHECK(water_mua_per_mm(600) * 1000 == doctest::Approx(0.2224).epsilon(1e-9));
  CHECK(water_mua_per_mm(700) * 1000 == doctest::Approx(0.624).epsilon(1e-9));
  // Kou 1993 (1/cm): 980 0.482138, 800 0.022462, 976 0.486689; PHYSICS.md: 808 nm 0.0218.
  CHECK(water_mua_per_mm(980) * 10 == doctest::Approx(0.482138).epsilon(1e-9));
  CHECK(water_mua_per_mm(800) * 10 == doctest::Approx(0.022462).epsilon(1e-9));
  CHECK(water_mua_per_mm(976) * 10 == doctest::Approx(0.486689).epsilon(1e-9));
  CHECK(matches(water_mua_per_mm(808) * 10, "0.0218", 0));
  CHECK(water_table_at(650) == "Pope & Fry 1997");
  CHECK(water_table_at(701) == "Kou et al. 1993");
  CHECK(water_table_at(300) == "Segelstein 1981");
  // Outside both: Segelstein's table row 205.116 nm, 0.041115 /cm.
  CHECK(water_mua_per_mm(205.116) * 10 == doctest::Approx(0.041115).epsilon(1e-9));
}

TEST_CASE("fat (van Veen) spot values, 1/m in the table") {
  CHECK(fat_mua_per_mm(930) * 1000 == doctest::Approx(13.10).epsilon(1e-9));
  CHECK(fat_mua_per_mm(1040) * 1000 == doctest::Approx(7.029).epsilon(1e-9));
  CHECK(fat_mua_per_mm(1070) * 1000 == doctest::Approx(5.065).epsilon(1e-9));
  CHECK(fat_mua_per_mm(760) * 1000 == doctest::Approx(1.278).epsilon(1e-9));
  CHECK(fat_mua_per_mm(500) * 1000 == doctest::Approx(1.906).epsilon(1e-9));
}

TEST_CASE("melanosome and skin baseline formulas") {
  // Jacques 2013 eq. 8 with m = 3 gives 126.7 /cm at 800 nm (data README).
  CHECK(matches(melanosome_mua_per_mm(800) * 10, "126.7", 0));
  CHECK(melanosome_mua_per_mm(500) * 10 == doctest::Approx(519.0));
  // 0.244 + 85.3 exp(-(500 - 154)/66.2) = 0.6046 /cm.
  CHECK(skin_baseline_mua_per_mm(500) * 10 ==
        doctest::Approx(0.244 + 85.3 * std::exp(-346.0 / 66.2)));
}
