// Mid-plane pictures of a phantom (phantom_pictures.h).
#include "photodose/pipeline/phantom_pictures.h"

#include <limits>

#include "photodose/pipeline/stages.h"

namespace photodose::pipeline {

std::vector<std::filesystem::path> write_phantom_pictures(const std::filesystem::path& directory,
                                                          const std::string& stem,
                                                          const plan::Plan& plan,
                                                          const plan::VoxelizedPhantom& phantom,
                                                          PngSize size) {
  const Grid& g = phantom.grid;
  const auto e = g.extent_mm();
  const std::array<double, 3> centre = {g.origin_mm[0] + e[0] / 2, g.origin_mm[1] + e[1] / 2,
                                        g.origin_mm[2] + e[2] / 2};
  // Region index as the picture's value; air is not drawn.
  Field3<double> fill(g);
  std::vector<bool> air(phantom.regions.size());
  for (size_t r = 0; r < phantom.regions.size(); ++r)
    air[r] = is_air(plan, phantom.regions[r].tissue);
  for (size_t v = 0; v < fill.values.size(); ++v) {
    const uint16_t r = phantom.region_of_voxel.values[v];
    fill.values[v] = air[r] ? std::numeric_limits<double>::quiet_NaN() : double(r);
  }
  const auto labels = extract_orthogonal_slices(phantom.region_of_voxel, centre);
  std::vector<OrthogonalContour> outlines;
  int colour = 0;
  for (size_t r = 0; r < phantom.regions.size(); ++r) {
    const plan::ResolvedRegion& region = phantom.regions[r];
    if (r == 0 || region.voxels == 0 || air[r]) continue;  // the background needs no outline
    OrthogonalContour c;
    for (size_t p = 0; p < 3; ++p) c.fields[p] = mask_slice(labels[p], double(r));
    c.level = 0.5;
    c.colour = line_colour(colour);
    c.dashed = colour >= 8;  // the palette has eight colours: then dashes tell them apart
    c.label = region.name + " (" + region.tissue + ")";
    outlines.push_back(c);
    ++colour;
  }
  SlicePicture style;
  style.title = plan.name + ": regions, mid-planes";
  style.colour_label = "region (painting order)";
  style.colour_map = ColourMap::viridis;
  style.value_min = 0;
  style.value_max = double(std::max<size_t>(phantom.regions.size(), 2) - 1);
  style.vertical_axis_down = true;
  std::filesystem::create_directories(directory);
  return plot_orthogonal_slices_png(directory, stem, extract_orthogonal_slices(fill, centre), style,
                                    outlines, size);
}

}  // namespace photodose::pipeline
