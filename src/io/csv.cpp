#include "photodose/io/csv.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>

#include "photodose/common/errors.h"
#include "vtk_support.h"

namespace photodose {
namespace {

std::string quoted(const std::string& cell) {
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void write_row(std::ofstream& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) out << (i ? "," : "") << quoted(cells[i]);
  out << '\n';
}

}  // namespace

std::string csv_number(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, end);
}

void write_csv(const std::filesystem::path& path, const std::vector<std::string>& header,
               const std::vector<std::vector<std::string>>& rows) {
  for (size_t r = 0; r < rows.size(); ++r)
    if (rows[r].size() != header.size())
      throw RuntimeError("cannot write '" + path.string() + "': row " + std::to_string(r) +
                         " has " + std::to_string(rows[r].size()) + " cells for " +
                         std::to_string(header.size()) + " columns");
  vtk_support::check_writable(path, "table");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  write_row(out, header);
  for (const auto& row : rows) write_row(out, row);
  out.close();
  if (!out)
    throw RuntimeError("cannot write table '" + path.string() + "': " + std::strerror(errno));
}

void write_probes_csv(const std::filesystem::path& path, const std::vector<double>& time_s,
                      const std::vector<ProbeColumn>& columns) {
  std::vector<std::string> header{"time_s"};
  for (const ProbeColumn& c : columns) {
    if (c.values.size() != time_s.size())
      throw RuntimeError("cannot write '" + path.string() + "': probe column '" + c.probe + "_" +
                         c.quantity + "' has " + std::to_string(c.values.size()) + " values for " +
                         std::to_string(time_s.size()) + " times");
    header.push_back(c.probe + "_" + c.quantity);
  }
  std::vector<std::vector<std::string>> rows(time_s.size());
  for (size_t t = 0; t < time_s.size(); ++t) {
    rows[t].reserve(header.size());
    rows[t].push_back(csv_number(time_s[t]));
    for (const ProbeColumn& c : columns) rows[t].push_back(csv_number(c.values[t]));
  }
  write_csv(path, header, rows);
}

}  // namespace photodose
