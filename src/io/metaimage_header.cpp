// MetaImage headers checked before MetaIO reads them (metaimage_header.h).
#include "metaimage_header.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>

#include "photodose/common/errors.h"

namespace photodose::metaimage {

// MetaIO reads "ElementDataFile = pattern first last step" (a '%' pattern) or LIST as lists of
// slice files, and divides by a zero step (SIGFPE) or throws on a bad pattern (found by
// label_volume_fuzz.cpp). A label volume is one data file: those forms are refused first.
void check_header(const std::filesystem::path& path, const std::string& file) {
  std::ifstream in(path, std::ios::binary);
  std::string head(1 << 16, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  head.resize(size_t(in.gcount()));
  // MetaIO copies header fields into fixed buffers of 255 characters without a bound (a buffer
  // overflow found by label_volume_fuzz.cpp): the header's lines, up to the data, must be short.
  // The header: lines up to the one whose key is ElementDataFile (the data follows it).
  size_t data_line = std::string::npos, header_end = head.size();
  for (size_t start = 0; start < head.size();) {
    const size_t end = std::min(head.find('\n', start), head.size());
    const size_t eq = head.find('=', start);
    if (eq < end) {
      std::string key = head.substr(start, eq - start);
      key.erase(0, key.find_first_not_of(" \t"));
      key.erase(key.find_last_not_of(" \t") + 1);
      if (key == "ElementDataFile") {
        data_line = start;
        header_end = end;
        break;
      }
    }
    start = end + 1;
  }
  // An empty ElementDataFile makes MetaIO read on past it, into what would be the data (a long
  // line there overflowed the same buffers; found by label_volume_fuzz.cpp).
  if (data_line != std::string::npos) {
    const std::string line = head.substr(data_line, header_end - data_line);
    const size_t eq = line.find('=');
    if (eq == std::string::npos || line.find_first_not_of(" \t\r", eq + 1) == std::string::npos)
      throw InputError(file + ": the MetaImage ElementDataFile names no data ('" +
                       line.substr(0, 80) + "'); expected LOCAL or a data file");
  }
  for (size_t start = 0; start < std::min(header_end, head.size());) {
    const size_t end = std::min(head.find('\n', start), head.size());
    if (end - start > 200)
      throw InputError(file + ": a MetaImage header line of " + std::to_string(end - start) +
                       " characters; expected 'Key = value' lines of at most 200");
    start = end + 1;
  }
  // MetaIO loops over NDims unchecked (NDims = 888888888888 hung it; found by fuzzing).
  for (size_t at = head.find("NDims"); at != std::string::npos && at < header_end;
       at = head.find("NDims", at + 1)) {
    const size_t eq = head.find('=', at);
    const size_t end = std::min(head.find('\n', at), head.size());
    if (eq == std::string::npos || eq > end) continue;
    const std::string value = head.substr(eq + 1, end - eq - 1);
    const size_t first = value.find_first_not_of(" \t");
    const size_t last = value.find_last_not_of(" \t\r");
    const std::string number =
        first == std::string::npos ? "" : value.substr(first, last - first + 1);
    if (number != "1" && number != "2" && number != "3")
      throw InputError(file + ": MetaImage NDims '" + number.substr(0, 40) +
                       "'; expected 1, 2 or 3");
  }
  for (size_t at = head.find("ElementDataFile"); at != std::string::npos;
       at = head.find("ElementDataFile", at + 1)) {
    const std::string value = head.substr(at, head.find('\n', at) - at);
    const size_t eq = value.find('=');
    const size_t first = value.find_first_not_of(" \t", eq == std::string::npos ? 0 : eq + 1);
    const bool list = first != std::string::npos && value.compare(first, 4, "LIST") == 0;
    if (list || value.find('%') != std::string::npos)
      throw InputError(file + ": a MetaImage ElementDataFile that lists several files ('" +
                       value.substr(0, 80) + "'); expected LOCAL or one data file");
  }
  // MetaIO's own reading of a malformed header is hard to predict (it sized compressed data from
  // a stream it had run off; found by label_volume_fuzz.cpp): the header must be 'Key = value'
  // lines ending with ElementDataFile, as MetaIO and ITK write it.
  if (data_line == std::string::npos)
    throw InputError(file +
                     ": no 'ElementDataFile = ...' line in the MetaImage header; expected "
                     "'Key = value' lines ending with ElementDataFile");
  for (size_t start = 0, number = 1; start < header_end; ++number) {
    const size_t end = std::min(head.find('\n', start), header_end);
    std::string line = head.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const size_t eq = line.find('=');
    std::string key = eq == std::string::npos ? line : line.substr(0, eq);
    key.erase(0, key.find_first_not_of(" \t"));
    key.erase(key.find_last_not_of(" \t") + 1);
    const bool word = !key.empty() && std::all_of(key.begin(), key.end(), [](unsigned char c) {
      return std::isalnum(c) || c == '_';
    });
    if (!line.empty() && (eq == std::string::npos || !word))
      throw InputError(file + ": MetaImage header line " + std::to_string(number) +
                       " is not 'Key = value'; expected the header MetaIO and ITK write");
    start = end + 1;
  }
  // MetaIO reads a file name up to its first control character (a NUL names no file), and sizes
  // compressed data from CompressedDataSize, or without it from the stream's length, which it
  // got as 2^63 bytes for such a name (found by label_volume_fuzz.cpp). Names must be printable,
  // and compressed data must state a size no larger than its file.
  if (data_line != std::string::npos) {
    const std::string line = head.substr(data_line, header_end - data_line);
    const std::string name = line.substr(line.find('=') + 1);
    for (unsigned char c : name)
      if (c < 0x20 && c != '\t' && c != '\r')
        throw InputError(file +
                         ": the MetaImage ElementDataFile holds a control character; "
                         "expected LOCAL or a data file's name");
  }
  auto field_value = [&](const std::string& key) -> std::optional<std::string> {
    for (size_t at = head.find(key); at != std::string::npos && at < header_end;
         at = head.find(key, at + 1)) {
      const size_t end = std::min(head.find('\n', at), head.size());
      const std::string line = head.substr(at, end - at);
      const size_t eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string k = line.substr(0, eq);
      k.erase(k.find_last_not_of(" \t") + 1);
      if (k != key) continue;
      std::string v = line.substr(eq + 1);
      v.erase(0, v.find_first_not_of(" \t"));
      v.erase(v.find_last_not_of(" \t\r") + 1);
      return v;
    }
    return std::nullopt;
  };
  // MetaIO takes a value starting with T, t or 1 as true.
  if (auto compressed = field_value("CompressedData");
      compressed && !compressed->empty() && std::strchr("Tt1", (*compressed)[0])) {
    std::error_code ec;
    const double file_bytes = double(std::filesystem::file_size(path, ec));
    const auto size = field_value("CompressedDataSize");
    char* end = nullptr;
    const double bytes = size ? std::strtod(size->c_str(), &end) : -1;
    const std::string data_name = field_value("ElementDataFile").value_or("LOCAL");
    double limit = file_bytes;
    if (data_name != "LOCAL") {
      const auto data_bytes = std::filesystem::file_size(path.parent_path() / data_name, ec);
      if (!ec) limit = double(data_bytes);
    }
    if (!size || end == size->c_str() || *end != '\0' || !(bytes > 0) || bytes > limit)
      throw InputError(file + ": MetaImage compressed data with CompressedDataSize '" +
                       size.value_or("(none)").substr(0, 40) +
                       "'; expected the compressed size in bytes, at most the data file's " +
                       std::to_string(int64_t(limit)));
  }
}

}  // namespace photodose::metaimage
