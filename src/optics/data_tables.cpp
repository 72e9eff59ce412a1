#include <charconv>
#include <string>

#include "photodose/common/errors.h"
#include "photodose/optics/embedded_data.h"

namespace photodose::optics {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_commas(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    const size_t comma = line.find(',', start);
    out.push_back(
        trim(line.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

double parse_number(std::string_view token, std::string_view file, size_t line_number) {
  // std::from_chars accepts "1.5", "-2", "6.7e-08" and "2.0511622E-01".
  double value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc() || end != token.data() + token.size())
    throw RuntimeError(std::string(file) + ":" + std::to_string(line_number) + ": not a number: '" +
                       std::string(token) + "' (embedded data table)");
  return value;
}

}  // namespace

size_t DataTable::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return i;
  throw RuntimeError(file_name + ": no column '" + std::string(name) + "' (embedded data table)");
}

std::vector<double> DataTable::column(std::string_view name) const {
  const size_t index = column_index(name);
  std::vector<double> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row[index]);
  return out;
}

DataTable parse_data_table(std::string_view text, std::string_view file_name) {
  DataTable table;
  table.file_name = std::string(file_name);
  size_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (line.empty()) continue;
    if (line.front() == '#') {
      table.comments.emplace_back(trim(line.substr(1)));
      continue;
    }
    const auto fields = split_commas(line);
    if (table.columns.empty()) {
      for (auto f : fields) table.columns.emplace_back(f);
      continue;
    }
    if (fields.size() != table.columns.size())
      throw RuntimeError(table.file_name + ":" + std::to_string(line_number) + ": " +
                         std::to_string(fields.size()) + " fields, expected " +
                         std::to_string(table.columns.size()) + " (embedded data table)");
    std::vector<double> row;
    row.reserve(fields.size());
    for (auto f : fields) row.push_back(parse_number(f, file_name, line_number));
    table.rows.push_back(std::move(row));
  }
  if (table.columns.empty() || table.rows.empty())
    throw RuntimeError(table.file_name + ": no header or no data rows (embedded data table)");
  return table;
}

DataTable load_embedded_table(std::string_view file_name) {
  for (const auto& t : embedded_optics_tables())
    if (t.name == file_name) return parse_data_table(t.text, file_name);
  throw RuntimeError("optics data table '" + std::string(file_name) +
                     "' is not compiled into this program; rebuild from a complete source tree");
}

}  // namespace photodose::optics
