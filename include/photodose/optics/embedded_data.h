#pragma once
// The optical data tables of data/optics/ (spectra and optical constants, each CSV with its
// citation in its '#' header lines) are compiled into the library as text, so the program
// works from any directory without the source tree. They are parsed at first use.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "photodose/common/embedded_text.h"

namespace photodose::optics {

// A parsed CSV: the '#' comment lines, the header row and the numeric rows.
struct DataTable {
  std::string file_name;
  std::vector<std::string> comments;  // without the leading '#'
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;

  // Index of a named column; RuntimeError if absent (a build with a broken table).
  size_t column_index(std::string_view name) const;
  std::vector<double> column(std::string_view name) const;
};

// Parses CSV text of the form above. RuntimeError (naming the file and line) on a malformed
// row: the tables are part of the program, so a bad one is a build defect, not user input.
DataTable parse_data_table(std::string_view text, std::string_view file_name);

// The embedded table of that file name, parsed. RuntimeError if no such table was embedded.
DataTable load_embedded_table(std::string_view file_name);

}  // namespace photodose::optics
