#pragma once
// Comma-separated tables (RFC 4180): a header row, then one row per sample. Numbers are written
// in the shortest form that reads back as the same double (so files are exact and bitwise
// reproducible); NaN and infinities are written as nan, inf and -inf. A field holding a comma,
// a quote or a line break is quoted.
#include <filesystem>
#include <string>
#include <vector>

namespace photodose {

// One probe column: header `<probe>_<quantity>`, where quantity is the VTK array name of the
// sampled field (e.g. probe "center", quantity "temperature_C" -> "center_temperature_C").
struct ProbeColumn {
  std::string probe;
  std::string quantity;
  std::vector<double> values;  // one per time
};

// Writes probes.csv: column `time_s`, then the probe columns in the given order. Every column
// must have as many values as `time_s` (RuntimeError otherwise, or if the file cannot be written).
void write_probes_csv(const std::filesystem::path& path, const std::vector<double>& time_s,
                      const std::vector<ProbeColumn>& columns);

// Lower-level: writes a header and rows of cells (all rows as long as the header).
void write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows);

// The shortest decimal text that reads back as exactly `value` ("nan", "inf", "-inf" if not
// finite).
std::string csv_number(double value);

}  // namespace photodose
