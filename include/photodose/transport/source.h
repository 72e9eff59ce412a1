#pragma once
// Light sources: where a photon packet starts and in which direction. Positions in mm.
#include <math.h>
#include <stdint.h>

#include "photodose/common/host_device.h"
#include "photodose/transport/vec3.h"

namespace photodose {

enum class SourceKind : int32_t {
  pencil,                // a single ray
  isotropic_point,       // uniform over all directions
  cone,                  // uniform in solid angle within half-angle param[0] (rad) of dir
  gaussian,              // beam with 1/e^2 intensity radius param[0] (mm), along dir
  flat,                  // top-hat disk of radius param[0] (mm), along dir
  planar,                // parallelogram pos + a*edge1 + b*edge2, along dir
  cylindrical_diffuser,  // segment pos + t*length*dir emitting isotropically
};

struct SourceSpec {
  SourceKind kind = SourceKind::pencil;
  Vec3f position_mm;         // beam centre, corner of a planar source, or start of a diffuser
  Vec3f direction{0, 0, 1};  // unit: beam or fibre axis
  Vec3f edge1_mm, edge2_mm;  // planar source edges
  float param = 0;           // waist / radius (mm), half-angle (rad), or length (mm)
  float power_W = 1;         // share of the run's photons is proportional to power
};

struct LaunchState {
  Vec3f position_mm;
  Vec3f direction;
};

// Uniform direction on the unit sphere from two uniforms.
PD_HOST_DEVICE PD_FORCE_INLINE Vec3f uniform_sphere_direction(float u1, float u2) {
  const float cos_t = 2.0f * u1 - 1.0f;
  const float sin_t = sqrtf(PD_MAXF(0.0f, 1.0f - cos_t * cos_t));
  float s, c;
  sincosf(6.28318530718f * u2, &s, &c);
  return {sin_t * c, sin_t * s, cos_t};
}

// Samples a launch from the source with four uniforms in (0,1).
PD_HOST_DEVICE inline LaunchState sample_source(const SourceSpec& src, float u1, float u2, float u3,
                                                float u4) {
  LaunchState out{src.position_mm, src.direction};
  Vec3f b1, b2;
  switch (src.kind) {
    case SourceKind::pencil:
      break;
    case SourceKind::isotropic_point:
      out.direction = uniform_sphere_direction(u1, u2);
      break;
    case SourceKind::cone: {
      // cos(theta) uniform in [cos(alpha), 1] gives uniform solid angle.
      const float cos_a = cosf(src.param);
      const float cos_t = 1.0f - u1 * (1.0f - cos_a);
      const float sin_t = sqrtf(PD_MAXF(0.0f, 1.0f - cos_t * cos_t));
      float s, c;
      sincosf(6.28318530718f * u2, &s, &c);
      orthonormal_basis(src.direction, b1, b2);
      out.direction = normalized((sin_t * c) * b1 + (sin_t * s) * b2 + cos_t * src.direction);
      break;
    }
    case SourceKind::gaussian: {
      // Radius with density ~ r exp(-2 r^2 / w^2): intensity exp(-2 r^2/w^2), w the 1/e^2 radius.
      const float r = src.param * sqrtf(-0.5f * logf(u1));
      float s, c;
      sincosf(6.28318530718f * u2, &s, &c);
      orthonormal_basis(src.direction, b1, b2);
      out.position_mm = src.position_mm + (r * c) * b1 + (r * s) * b2;
      break;
    }
    case SourceKind::flat: {
      const float r = src.param * sqrtf(u1);
      float s, c;
      sincosf(6.28318530718f * u2, &s, &c);
      orthonormal_basis(src.direction, b1, b2);
      out.position_mm = src.position_mm + (r * c) * b1 + (r * s) * b2;
      break;
    }
    case SourceKind::planar:
      out.position_mm = src.position_mm + u1 * src.edge1_mm + u2 * src.edge2_mm;
      break;
    case SourceKind::cylindrical_diffuser:
      out.position_mm = src.position_mm + (u3 * src.param) * src.direction;
      out.direction = uniform_sphere_direction(u1, u2);
      break;
  }
  (void)u4;
  return out;
}

}  // namespace photodose
