// Chromophore spectra against the spot values of data/optics (README of the reference data, and
// the headers of the extension tables) and the whole-blood values derived in docs/physics.md
// section 2.
#include <doctest/doctest.h>

#include <cmath>

#include "photodose/common/errors.h"
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

TEST_CASE("whole blood mua (150 g/L, 64,500 g/mol), docs/physics.md section 2 [D]") {
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
  // Kou 1993 (1/cm): 980 0.482138, 800 0.022462, 976 0.486689; docs/physics.md: 808 nm 0.0218.
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

// Beyond Prahl's 1000 nm: Nachabe et al., Biomed Opt Express 2(3) (2011), as distributed by VTS
// (data/optics/hemoglobin_nachabe2011.csv). The table prints 1/mm per uM; x 1e7 is an exact decimal
// shift to cm^-1 M^-1, so grid points are checked to 1e-12.
TEST_CASE("hemoglobin 1001-1100 nm: Nachabe et al. 2011 spot values (exact grid points)") {
  struct Spot {
    double nm, hbo2, hb;
  };
  for (const Spot s : {Spot{1001, 1019, 202.62}, Spot{1050, 740.59, 131.01},
                       Spot{1064, 640, 116.67}, Spot{1100, 434.35, 97.758}}) {
    CAPTURE(s.nm);
    CHECK(hbo2_molar_extinction_per_M_cm(s.nm) == doctest::Approx(s.hbo2).epsilon(1e-12));
    CHECK(hb_molar_extinction_per_M_cm(s.nm) == doctest::Approx(s.hb).epsilon(1e-12));
    CHECK(hemoglobin_table_at(s.nm) == "Nachabe et al. 2011");
  }
  // Whole blood at 1064 nm, S = 1: 2.303 x 640 x 150 / 64500 = 3.427 /cm [D].
  CHECK(matches(10.0 * whole_blood_mua_per_mm(1064, 1.0), "3.427", 0));
}

TEST_CASE("hemoglobin join at 1000 nm: Prahl to Nachabe within one nm of the Prahl slope") {
  CHECK(hemoglobin_table_at(1000) == "Prahl");
  CHECK(hbo2_molar_extinction_per_M_cm(1000) == doctest::Approx(1024).epsilon(1e-12));
  CHECK(hb_molar_extinction_per_M_cm(1000) == doctest::Approx(206.784).epsilon(1e-12));
  // The step from Prahl's 1000 nm row to Nachabe's 1001 nm row (-0.49 %, -2.0 %) is no larger than
  // what Prahl's own curve changes over 1 nm there (about -5.6 and -7.6 per nm).
  const auto step = [](double (*e)(double)) { return e(1001) / e(1000) - 1.0; };
  CHECK(std::fabs(step(hbo2_molar_extinction_per_M_cm)) < 0.01);
  CHECK(std::fabs(step(hb_molar_extinction_per_M_cm)) < 0.025);
  // Linear across the join: halfway between the two published rows.
  CHECK(hb_molar_extinction_per_M_cm(1000.5) == doctest::Approx(0.5 * (206.784 + 202.62)));
  const SpectralRange r = hemoglobin_range();
  CHECK(r.min_nm == 250);
  CHECK(r.max_nm == 1100);
  CHECK_THROWS_AS(hbo2_molar_extinction_per_M_cm(1101), photodose::InputError);
  CHECK_THROWS_AS(hb_molar_extinction_per_M_cm(249), photodose::InputError);
}

// Fat: van Veen (1/m) to 1098 nm, then Nachabe et al., J Biomed Opt 15(3) (2010) via VTS (1/mm in
// data/optics/fat_absorption_nachabe2010.csv). Grid points exact.
TEST_CASE("fat 1099-1100 nm: Nachabe et al. 2010, and the documented step at 1098 nm") {
  CHECK(fat_mua_per_mm(1098) * 1000 == doctest::Approx(4.911).epsilon(1e-9));  // van Veen
  CHECK(fat_mua_per_mm(1099) == doctest::Approx(0.002074).epsilon(1e-9));
  CHECK(fat_mua_per_mm(1100) == doctest::Approx(0.002026).epsilon(1e-9));
  CHECK(fat_table_at(1098) == "van Veen et al. 2004");
  CHECK(fat_table_at(1099) == "Nachabe et al. 2010");
  // The sources disagree above 1055 nm: at the join Nachabe is 57 % below van Veen (CSV header).
  // This pins the step so that a silent change of either table shows up here.
  CHECK(fat_mua_per_mm(1099) / fat_mua_per_mm(1098) == doctest::Approx(2.074 / 4.911));
  CHECK(fat_mua_per_mm(1098.5) == doctest::Approx(0.5 * (0.004911 + 0.002074)));
  const SpectralRange r = fat_range();
  CHECK(r.min_nm == 429);
  CHECK(r.max_nm == 1100);
  CHECK_THROWS_AS(fat_mua_per_mm(1101), photodose::InputError);
  CHECK_THROWS_AS(fat_mua_per_mm(428), photodose::InputError);
}
