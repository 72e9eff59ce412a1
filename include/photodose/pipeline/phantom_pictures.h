#pragma once
// Pictures of a voxelised phantom before any run: its three mid-planes with every region
// outlined and named, to check anatomy at a glance (`photodose validate --pictures DIR`).
#include <filesystem>
#include <string>
#include <vector>

#include "photodose/io/plot.h"
#include "photodose/plan/phantom.h"
#include "photodose/plan/plan.h"

namespace photodose::pipeline {

// Writes `<stem>_xy.png`, `_xz.png` and `_yz.png` into `directory` (created): slices through the
// grid's centre, each region filled with its own colour in painting order (air left blank) and
// outlined in the legend by name. Returns the paths written.
std::vector<std::filesystem::path> write_phantom_pictures(const std::filesystem::path& directory,
                                                          const std::string& stem,
                                                          const plan::Plan& plan,
                                                          const plan::VoxelizedPhantom& phantom,
                                                          PngSize size = {});

}  // namespace photodose::pipeline
