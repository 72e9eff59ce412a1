#pragma once
// Writes small NRRD label maps as 3D Slicer saves them (header, blank line, raw or gzip data).
#include <zlib.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace photodose::test {

struct NrrdLabels {
  std::array<int, 3> sizes{};
  std::vector<uint8_t> labels;  // x fastest
  std::string space = "left-posterior-superior";
  std::array<std::array<double, 3>, 3> directions{{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}};
  std::array<double, 3> origin{0, 0, 0};
  bool gzip = true;
};

inline void write_nrrd(const std::filesystem::path& path, const NrrdLabels& n) {
  std::ostringstream h;
  h << "NRRD0004\n# written by photodose's tests\ntype: unsigned char\ndimension: 3\nspace: "
    << n.space << "\nsizes: " << n.sizes[0] << " " << n.sizes[1] << " " << n.sizes[2]
    << "\nspace directions:";
  for (const auto& d : n.directions) h << " (" << d[0] << "," << d[1] << "," << d[2] << ")";
  h << "\nkinds: domain domain domain\nencoding: " << (n.gzip ? "gzip" : "raw")
    << "\nspace origin: (" << n.origin[0] << "," << n.origin[1] << "," << n.origin[2]
    << ")\nSegment0_Name:=example\n\n";
  std::string data(n.labels.begin(), n.labels.end());
  if (n.gzip) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);  // a gzip stream
    std::string out(deflateBound(&z, uLong(data.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(data.data());
    z.avail_in = uInt(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    data = out;
  }
  std::ofstream(path, std::ios::binary) << h.str() << data;
}

}  // namespace photodose::test
