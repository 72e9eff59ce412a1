// NRRD headers and data (see nrrd_reader.h; the format: Kindlmann, "Definition of NRRD File
// Format", teem.sourceforge.net/nrrd/format.html).
#include "nrrd_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "photodose/common/errors.h"

namespace photodose::nrrd {
namespace {

std::string trim(const std::string& s) {
  const size_t a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// The spellings the format allows for each type.
Type parse_type(const std::string& value, const std::string& file) {
  static const std::map<std::string, Type> kTypes = {{"signed char", Type::int8},
                                                     {"int8", Type::int8},
                                                     {"int8_t", Type::int8},
                                                     {"uchar", Type::uint8},
                                                     {"unsigned char", Type::uint8},
                                                     {"uint8", Type::uint8},
                                                     {"uint8_t", Type::uint8},
                                                     {"short", Type::int16},
                                                     {"short int", Type::int16},
                                                     {"signed short", Type::int16},
                                                     {"signed short int", Type::int16},
                                                     {"int16", Type::int16},
                                                     {"int16_t", Type::int16},
                                                     {"ushort", Type::uint16},
                                                     {"unsigned short", Type::uint16},
                                                     {"unsigned short int", Type::uint16},
                                                     {"uint16", Type::uint16},
                                                     {"uint16_t", Type::uint16},
                                                     {"int", Type::int32},
                                                     {"signed int", Type::int32},
                                                     {"int32", Type::int32},
                                                     {"int32_t", Type::int32},
                                                     {"uint", Type::uint32},
                                                     {"unsigned int", Type::uint32},
                                                     {"uint32", Type::uint32},
                                                     {"uint32_t", Type::uint32},
                                                     {"longlong", Type::int64},
                                                     {"long long", Type::int64},
                                                     {"long long int", Type::int64},
                                                     {"signed long long", Type::int64},
                                                     {"signed long long int", Type::int64},
                                                     {"int64", Type::int64},
                                                     {"int64_t", Type::int64},
                                                     {"ulonglong", Type::uint64},
                                                     {"unsigned long long", Type::uint64},
                                                     {"unsigned long long int", Type::uint64},
                                                     {"uint64", Type::uint64},
                                                     {"uint64_t", Type::uint64},
                                                     {"float", Type::float32},
                                                     {"double", Type::float64}};
  const auto it = kTypes.find(lower(value));
  if (it == kTypes.end())
    throw InputError(file + ": NRRD type '" + value.substr(0, 40) +
                     "'; expected an integer or floating-point type (e.g. uint8, short, float)");
  return it->second;
}

std::vector<double> numbers(const std::string& text, const std::string& file,
                            const std::string& field) {
  std::vector<double> out;
  std::string cleaned = text;
  for (char& c : cleaned)
    if (c == '(' || c == ')' || c == ',') c = ' ';
  std::istringstream in(cleaned);
  for (std::string word; in >> word;) {
    char* end = nullptr;
    const double v = std::strtod(word.c_str(), &end);
    if (end == word.c_str() || *end != '\0' || !std::isfinite(v))
      throw InputError(file + ": NRRD '" + field + "' holds '" + word.substr(0, 40) +
                       "'; expected numbers");
    out.push_back(v);
  }
  return out;
}

// `space` values and the frame their world coordinates are in, with the axes to negate to reach
// it (a left-anterior-superior space is a right-anterior-superior one with x negated).
struct Space {
  std::string frame;
  std::array<double, 3> sign{1, 1, 1};
};

Space parse_space(const std::string& value, const std::string& file) {
  const std::string v = lower(value);
  if (v == "right-anterior-superior" || v == "ras") return {"RAS", {1, 1, 1}};
  if (v == "left-anterior-superior" || v == "las") return {"RAS", {-1, 1, 1}};
  if (v == "left-posterior-superior" || v == "lps") return {"LPS", {1, 1, 1}};
  if (v == "scanner-xyz" || v == "3d-right-handed" || v == "3d-left-handed") return {"", {1, 1, 1}};
  throw InputError(file + ": NRRD space '" + value.substr(0, 40) +
                   "'; expected a 3-D space (right-anterior-superior, left-posterior-superior, "
                   "left-anterior-superior, scanner-xyz, 3D-right-handed)");
}

double unit_in_mm(const std::string& unit, const std::string& file) {
  const std::string u = lower(trim(unit));
  if (u == "mm" || u == "\"mm\"" || u.empty()) return 1;
  if (u == "m" || u == "\"m\"") return 1000;
  if (u == "um" || u == "\"um\"" || u == "\"µm\"" || u == "µm") return 1e-3;
  if (u == "cm" || u == "\"cm\"") return 10;
  throw InputError(file + ": NRRD space unit '" + unit.substr(0, 20) +
                   "'; expected mm, cm, m or um");
}

}  // namespace

size_t Header::value_bytes() const {
  switch (type) {
    case Type::int8:
    case Type::uint8:
      return 1;
    case Type::int16:
    case Type::uint16:
      return 2;
    case Type::int32:
    case Type::uint32:
    case Type::float32:
      return 4;
    default:
      return 8;
  }
}

Header read_header(const std::filesystem::path& path, const std::string& file) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(file + ": cannot open the file");
  std::string line;
  std::getline(in, line);
  if (line.size() < 8 || line.compare(0, 7, "NRRD000") != 0 || line[7] < '1' || line[7] > '5')
    throw InputError(file + ": no NRRD magic (NRRD0001 to NRRD0005) on the first line");
  std::map<std::string, std::string> fields;
  int lines = 1;
  while (std::getline(in, line)) {
    if (++lines > 1000 || line.size() > 4096)
      throw InputError(file +
                       ": a NRRD header of more than 1000 lines or with a line over 4096 "
                       "characters; expected a short text header");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;                                               // the data follows
    if (line[0] == '#' || line.find(":=") != std::string::npos) continue;  // comments, key/values
    const size_t colon = line.find(": ");
    if (colon == std::string::npos)
      throw InputError(file + ": NRRD header line '" + line.substr(0, 60) +
                       "'; expected 'field: value'");
    fields[lower(line.substr(0, colon))] = trim(line.substr(colon + 2));
  }
  Header h;
  h.data_offset = int64_t(in.tellg());
  h.data_file = path;
  auto need = [&](const std::string& key) -> const std::string& {
    const auto it = fields.find(key);
    if (it == fields.end()) throw InputError(file + ": the NRRD header has no '" + key + "' field");
    return it->second;
  };
  h.type = parse_type(need("type"), file);
  if (need("dimension") != "3")
    throw InputError(file + ": NRRD dimension " + need("dimension").substr(0, 20) +
                     "; expected 3 (one label map; a segmentation with several layers must be "
                     "exported as a label map)");
  const std::vector<double> sizes = numbers(need("sizes"), file, "sizes");
  if (sizes.size() != 3)
    throw InputError(file + ": NRRD sizes '" + need("sizes").substr(0, 60) + "'; expected three");
  for (double s : sizes)
    if (!(s >= 1 && s <= 2147483647 && s == std::floor(s)))
      throw InputError(file + ": NRRD sizes '" + need("sizes").substr(0, 60) +
                       "'; expected positive integers");
  h.dims = {int(sizes[0]), int(sizes[1]), int(sizes[2])};
  const std::string encoding = lower(need("encoding"));
  if (encoding == "gzip" || encoding == "gz")
    h.gzip = true;
  else if (encoding != "raw")
    throw InputError(file + ": NRRD encoding '" + encoding.substr(0, 20) +
                     "'; expected raw or gzip");
  if (h.value_bytes() > 1) {
    const auto e = fields.find("endian");
    if (e == fields.end())
      throw InputError(file + ": the NRRD header has no 'endian' field for multi-byte values");
    if (e->second != "little" && e->second != "big")
      throw InputError(file + ": NRRD endian '" + e->second.substr(0, 20) +
                       "'; expected little or big");
    h.big_endian = e->second == "big";
  }
  for (const char* key : {"data file", "datafile"})
    if (auto it = fields.find(key); it != fields.end()) {
      const std::string name = it->second;
      if (name.find(' ') != std::string::npos || name.find('%') != std::string::npos ||
          name.rfind("LIST", 0) == 0)
        throw InputError(file + ": NRRD data file '" + name.substr(0, 60) +
                         "' lists several files; expected one data file");
      // Next to the header, as Slicer and ITK write it: a plan's files are the only ones read.
      const std::filesystem::path data(name);
      bool inside = data.is_relative() && !name.empty();
      for (const auto& part : data) inside = inside && part != "..";
      if (!inside)
        throw InputError(file + ": NRRD data file '" + name.substr(0, 60) +
                         "'; expected a file beside the header (a relative path without '..')");
      h.data_file = path.parent_path() / data;
      h.data_offset = 0;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(h.data_file, ec))
        throw InputError(file + ": NRRD data file " + h.data_file.string() +
                         " is not a readable file");
    }
  for (const char* key : {"line skip", "lineskip"})
    if (auto it = fields.find(key); it != fields.end()) {
      const auto v = numbers(it->second, file, key);
      if (v.size() != 1 || v[0] < 0 || v[0] > 1e6 || v[0] != std::floor(v[0]))
        throw InputError(file + ": NRRD line skip '" + it->second.substr(0, 20) +
                         "'; expected a count of lines");
      h.line_skip = int64_t(v[0]);
    }
  for (const char* key : {"byte skip", "byteskip"})
    if (auto it = fields.find(key); it != fields.end()) {
      const auto v = numbers(it->second, file, key);
      if (v.size() != 1 || v[0] < -1 || v[0] > 1e12 || v[0] != std::floor(v[0]) ||
          (v[0] == -1 && h.gzip))
        throw InputError(file + ": NRRD byte skip '" + it->second.substr(0, 20) +
                         "'; expected a count of bytes (or -1 with raw data)");
      h.byte_skip = int64_t(v[0]);
    }

  // Placement.
  Space space;
  if (auto it = fields.find("space"); it != fields.end()) {
    space = parse_space(it->second, file);
    h.frame = space.frame;
  } else if (auto d = fields.find("space dimension"); d != fields.end() && d->second != "3") {
    throw InputError(file + ": NRRD space dimension " + d->second.substr(0, 20) + "; expected 3");
  }
  if (auto it = fields.find("space units"); it != fields.end()) {
    const auto words = it->second;
    std::istringstream units(words);
    std::string first;
    units >> first;
    h.unit_mm = unit_in_mm(first, file);
    for (std::string u; units >> u;)
      if (unit_in_mm(u, file) != h.unit_mm)
        throw InputError(file + ": NRRD space units '" + words.substr(0, 40) +
                         "'; expected one unit for the three axes");
  }
  if (auto it = fields.find("space directions"); it != fields.end()) {
    const auto v = numbers(it->second, file, "space directions");
    if (v.size() != 9)
      throw InputError(file + ": NRRD space directions '" + it->second.substr(0, 80) +
                       "'; expected three vectors of three numbers");
    for (size_t a = 0; a < 3; ++a)
      for (size_t c = 0; c < 3; ++c) h.axes_mm[a][c] = v[3 * a + c] * space.sign[c] * h.unit_mm;
    h.placement = "space directions";
  } else if (auto s = fields.find("spacings"); s != fields.end()) {
    const auto v = numbers(s->second, file, "spacings");
    if (v.size() != 3)
      throw InputError(file + ": NRRD spacings '" + s->second.substr(0, 60) + "'; expected three");
    for (size_t a = 0; a < 3; ++a) h.axes_mm[a] = {0, 0, 0}, h.axes_mm[a][a] = v[a] * h.unit_mm;
    h.placement = "spacings";
  } else {
    h.placement = "no spacing (1 mm voxels)";
  }
  if (auto it = fields.find("space origin"); it != fields.end()) {
    const auto v = numbers(it->second, file, "space origin");
    if (v.size() != 3)
      throw InputError(file + ": NRRD space origin '" + it->second.substr(0, 60) +
                       "'; expected three numbers");
    for (size_t c = 0; c < 3; ++c) h.first_centre_mm[c] = v[c] * space.sign[c] * h.unit_mm;
    h.placement += " and space origin";
  }
  return h;
}

std::vector<unsigned char> read_data(const Header& h, const std::string& file) {
  const size_t bytes = size_t(h.dims.voxels()) * h.value_bytes();
  std::ifstream in(h.data_file, std::ios::binary);
  if (!in) throw InputError(file + ": cannot open the NRRD data file " + h.data_file.string());
  in.seekg(h.data_offset);
  std::string skipped;
  for (int64_t l = 0; l < h.line_skip && in; ++l) std::getline(in, skipped);
  std::vector<unsigned char> out(bytes);
  if (!h.gzip) {
    if (h.byte_skip == -1) {
      in.seekg(0, std::ios::end);
      const auto end = int64_t(in.tellg());
      if (end < int64_t(bytes))
        throw InputError(file + ": the NRRD data holds fewer bytes than its sizes need");
      in.seekg(end - int64_t(bytes));
    } else {
      in.seekg(h.byte_skip, std::ios::cur);
    }
    in.read(reinterpret_cast<char*>(out.data()), std::streamsize(bytes));
    if (size_t(in.gcount()) != bytes)
      throw InputError(file + ": the NRRD data holds " + std::to_string(in.gcount()) +
                       " bytes; its sizes and type need " + std::to_string(bytes));
  } else {
    const std::string packed((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK)  // gzip or zlib stream
      throw RuntimeError(file + ": cannot start zlib");
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
    z.avail_in = uInt(std::min<size_t>(packed.size(), UINT32_MAX));
    // byte skip counts bytes of the decompressed data.
    std::vector<unsigned char> skip(size_t(std::min<int64_t>(h.byte_skip, 1 << 20)));
    size_t skipped_bytes = 0, filled = 0;
    int status = Z_OK;
    while (status == Z_OK && filled < bytes) {
      if (skipped_bytes < size_t(h.byte_skip)) {
        z.next_out = skip.data();
        z.avail_out = uInt(std::min<size_t>(skip.size(), size_t(h.byte_skip) - skipped_bytes));
        const uInt before = z.avail_out;
        status = inflate(&z, Z_NO_FLUSH);
        skipped_bytes += before - z.avail_out;
        continue;
      }
      z.next_out = out.data() + filled;
      z.avail_out = uInt(std::min<size_t>(bytes - filled, UINT32_MAX));
      const uInt before = z.avail_out;
      status = inflate(&z, Z_NO_FLUSH);
      filled += before - z.avail_out;
    }
    inflateEnd(&z);
    if (filled != bytes)
      throw InputError(file + ": the NRRD gzip data gives " + std::to_string(filled) +
                       " bytes; its sizes and type need " + std::to_string(bytes) +
                       (status == Z_OK || status == Z_STREAM_END ? "" : " (corrupt gzip data)"));
  }
  const bool native_big = [] {
    const uint16_t one = 1;
    unsigned char first;
    std::memcpy(&first, &one, 1);
    return first == 0;
  }();
  const size_t w = h.value_bytes();
  if (w > 1 && h.big_endian != native_big)
    for (size_t n = 0; n < bytes; n += w)
      std::reverse(out.begin() + long(n), out.begin() + long(n + w));
  return out;
}

}  // namespace photodose::nrrd
