#pragma once
// A time series of VTK images that ParaView plays as an animation: `<directory>/<stem>.pvd`, a
// VTK "Collection" file listing one `<directory>/<stem>/<stem>_NNNNNN.vti` per time, with the
// time in seconds as its `timestep` attribute and file paths relative to the .pvd.
//
// The .pvd is rewritten after every step, so it always lists exactly the images written so far.
#include <filesystem>
#include <string>
#include <vector>

#include "photodose/common/grid.h"
#include "photodose/io/field_array.h"

namespace photodose {

struct SeriesEntry {
  double time_s = 0;
  std::string file;  // relative to the .pvd's directory, '/'-separated
};

class SeriesWriter {
 public:
  // Creates `<directory>/<stem>/` (RuntimeError naming it and the OS reason if it cannot).
  SeriesWriter(std::filesystem::path directory, const Grid& grid, std::string stem = "series");

  // Writes the images of one time (each array with grid.voxels() values) and rewrites the .pvd.
  // Times must increase strictly (RuntimeError otherwise).
  void write(double time_s, const std::vector<FieldView>& arrays);

  const std::vector<SeriesEntry>& entries() const { return entries_; }
  std::filesystem::path pvd_path() const { return directory_ / (stem_ + ".pvd"); }

 private:
  void write_pvd() const;

  std::filesystem::path directory_;
  Grid grid_;
  std::string stem_;
  std::vector<SeriesEntry> entries_;
};

// Reads the entries of a .pvd collection (through VTK's XML parser); InputError if unreadable.
std::vector<SeriesEntry> read_pvd(const std::filesystem::path& path);

}  // namespace photodose
