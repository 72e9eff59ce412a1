#pragma once
// Physical constants in the internal units: mm, s, W, J, degC, uM.
namespace photodose::units {

inline constexpr double kSpeedOfLight_mm_per_ns = 299.792458;
inline constexpr double kSpeedOfLight_m_per_s = 299792458.0;
inline constexpr double kPlanck_J_s = 6.62607015e-34;
inline constexpr double kAvogadro_per_mol = 6.02214076e23;
inline constexpr double kGasConstant_J_per_molK = 8.314462618;
inline constexpr double kZeroCelsius_K = 273.15;
inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kLn10 = 2.302585092994046;  // decadic absorbance to natural

// Conversions between the internal unit and the ones users read.
inline constexpr double kW_per_mm2_to_mW_per_cm2 = 1e5;
inline constexpr double kJ_per_mm2_to_J_per_cm2 = 100.0;
inline constexpr double kW_per_mm3_to_W_per_cm3 = 1e3;
inline constexpr double kPer_cm_to_per_mm = 0.1;

}  // namespace photodose::units
