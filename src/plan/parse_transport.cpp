// plan.transport: photon count, seed and what happens at the grid's faces.
#include "parse_internal.h"
#include "photodose/plan/limits.h"

namespace photodose::plan::detail {
namespace {

FaceBoundary face_kind(const JsonNode& node, bool per_face) {
  const std::string name = per_face ? node.one_of({"fresnel", "absorb", "mirror", "cyclic"})
                                    : node.one_of({"fresnel", "absorb"});
  return parse_face_boundary(name);
}

}  // namespace

void parse_transport(const JsonNode& node, Plan& plan) {
  node.allow_only(
      {"photons", "seed", "boundaries", "index_mismatch", "update_every_s", "update_tolerance"});
  TransportSettings& t = plan.transport;
  if (auto p = node.find("photons")) t.photons = uint64_t(p->integer_in(1, kMaxPhotons));
  if (auto s = node.find("seed"))
    t.seed = uint64_t(s->integer_in(0, int64_t(9007199254740991)));  // 2^53 - 1: exact in JSON
  if (auto b = node.find("boundaries")) {
    if (b->is_string()) {
      const FaceBoundary kind = face_kind(*b, false);
      t.faces.fill(kind);
      t.index_mismatch = kind == FaceBoundary::fresnel;
    } else {
      // Per face; faces left out are fresnel.
      b->expect_object();
      std::vector<std::string> faces(kFaceNames.begin(), kFaceNames.end());
      b->allow_only(faces);
      t.faces.fill(FaceBoundary::fresnel);
      for (int f = 0; f < kFaceCount; ++f)
        if (auto face = b->find(kFaceNames[size_t(f)])) t.faces[size_t(f)] = face_kind(*face, true);
      // A cyclic face re-enters through the opposite one, which must be cyclic too.
      for (int axis = 0; axis < 3; ++axis) {
        const bool lo = t.faces[size_t(2 * axis)] == FaceBoundary::cyclic;
        const bool hi = t.faces[size_t(2 * axis + 1)] == FaceBoundary::cyclic;
        if (lo != hi) {
          const char* given = kFaceNames[size_t(lo ? 2 * axis : 2 * axis + 1)];
          const char* other = kFaceNames[size_t(lo ? 2 * axis + 1 : 2 * axis)];
          b->at(given).fail(
              "\"cyclic\" on " + std::string(given) + " only",
              std::string("\"cyclic\" on ") + other + " too (photons re-enter there)");
        }
      }
    }
  }
  if (auto m = node.find("index_mismatch")) t.index_mismatch = m->boolean();
  if (auto u = node.find("update_every_s")) t.update_every_s = u->positive();
  if (auto tol = node.find("update_tolerance")) {
    if (!t.update_every_s)
      tol->fail(tol->shown() + " without update_every_s",
                "update_tolerance beside transport.update_every_s (it says when an update "
                "recomputes the light)");
    t.update_tolerance = tol->number_in(1e-6, 10, "a relative change from 1e-6 to 10");
  }
}

}  // namespace photodose::plan::detail
