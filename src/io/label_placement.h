#pragma once
// Orientation read from label-volume headers that VTK's readers leave out (private to src/io).
#include <array>
#include <filesystem>
#include <optional>
#include <string>

#include "photodose/io/label_volume.h"

namespace photodose {

// The MetaImage header's TransformMatrix (or its synonyms Rotation, Orientation): the direction
// of each voxel axis in the world, one triplet per axis as ITK writes it; nullopt when absent.
std::optional<std::array<std::array<double, 3>, 3>> metaimage_directions(
    const std::filesystem::path& path, const std::string& file);

}  // namespace photodose
