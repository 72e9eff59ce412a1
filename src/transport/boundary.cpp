#include "photodose/transport/boundary.h"

#include "photodose/common/errors.h"

namespace photodose {

FaceBoundary parse_face_boundary(const std::string& name) {
  if (name == "fresnel") return FaceBoundary::fresnel;
  if (name == "absorb") return FaceBoundary::absorb;
  if (name == "mirror") return FaceBoundary::mirror;
  if (name == "cyclic") return FaceBoundary::cyclic;
  throw InputError("", "", "'" + name + "'", "one of fresnel, absorb, mirror, cyclic");
}

const char* face_boundary_name(FaceBoundary kind) {
  switch (kind) {
    case FaceBoundary::fresnel:
      return "fresnel";
    case FaceBoundary::absorb:
      return "absorb";
    case FaceBoundary::mirror:
      return "mirror";
    case FaceBoundary::cyclic:
      return "cyclic";
  }
  return "?";
}

}  // namespace photodose
