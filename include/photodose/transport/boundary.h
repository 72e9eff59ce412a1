#pragma once
#include <stdint.h>

#include <array>
#include <string>

namespace photodose {

// What happens to a photon that reaches a face of the grid.
enum class FaceBoundary : int32_t {
  fresnel,  // leaves into the outside medium, Fresnel-reflected back when indices differ
  absorb,   // leaves, never comes back
  mirror,   // specular reflection (a symmetry plane)
  cyclic,   // re-enters through the opposite face (a laterally infinite medium)
};

// Face order used everywhere: -x, +x, -y, +y, -z, +z.
inline constexpr int kFaceCount = 6;
inline const std::array<const char*, kFaceCount> kFaceNames = {"-x", "+x", "-y", "+y", "-z", "+z"};
// Index of the face crossed when leaving along `axis` (0..2) in direction `positive`.
inline constexpr int face_index(int axis, bool positive) {
  return 2 * axis + (positive ? 1 : 0);
}
using FaceBoundaries = std::array<FaceBoundary, kFaceCount>;

FaceBoundary parse_face_boundary(const std::string& name);  // throws InputError(value)
const char* face_boundary_name(FaceBoundary kind);

}  // namespace photodose
