#pragma once
// One PLplot picture in memory (private to the io module). Holds the process-wide PLplot lock for
// its whole life, draws with the memcairo device into an RGBA buffer pre-filled white, and
// writes that buffer as a PNG through VTK, so PLplot itself never opens a file.
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include <plstream.h>

#include "photodose/io/plot.h"

namespace photodose::plot_support {

inline constexpr int kBlack = 1;  // cmap0 index of axes and text

class Canvas {
 public:
  explicit Canvas(PngSize size);  // RuntimeError for a size outside 16..16384 pixels
  ~Canvas();
  Canvas(const Canvas&) = delete;
  Canvas& operator=(const Canvas&) = delete;

  plstream& pls() { return *pls_; }
  // A cmap0 index drawing in `colour` (allocated on first use).
  int colour_index(Rgb colour);
  // Sets the continuous colour map (cmap1) used by images and colour bars.
  void set_colour_map(ColourMap map);
  // Finishes the drawing and writes it; RuntimeError naming the path if it cannot be written.
  void write_png(const std::filesystem::path& path);

 private:
  std::unique_lock<std::mutex> lock_;  // first member: taken before, released after the stream
  PngSize size_;
  std::vector<unsigned char> rgba_;
  std::unique_ptr<plstream> pls_;
  std::vector<Rgb> palette_;
};

// [lo, hi] itself when hi > lo; else a small interval around lo, so an axis always has a span.
std::array<double, 2> nonempty_range(double lo, double hi);

}  // namespace photodose::plot_support
