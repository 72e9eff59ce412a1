// Reads MCX JSON inputs into a TransportProblem. Conventions follow MCX (Fang & Boas 2009):
// lengths in grid units scaled by Domain.LengthUnit (mm), mua/mus in 1/mm, medium 0 the outside,
// photons stopped at T0 + Dt * round((T1 - T0) / Dt).
#include "photodose/transport/mcx_input.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "photodose/common/errors.h"
#include "photodose/plan/limits.h"

namespace photodose {
namespace {

// Keys that only affect MCX's outputs or its speed: accepted and reported as ignored.
const std::vector<std::string> kIgnoredSessionKeys = {
    "RootPath",      "DoSaveVolume", "DoNormalize",  "OutputType",   "OutputFormat",
    "DoPartialPath", "DoSaveRef",    "DoSaveExit",   "DoSaveSeed",   "DoDCS",
    "DoAutoThread",  "DebugFlag",    "SaveDataMask", "MaxDetPhoton", "DoReplay"};

struct Reader {
  std::string file;
  std::string base_dir;
  uint64_t memory_budget_bytes;
  McxInput out;

  void ignore(const JsonNode& node) {
    const std::string p = node.pointer();
    for (const auto& k : out.ignored_keys)
      if (k == p) return;
    out.ignored_keys.push_back(p);
  }

  // Allows `known` and `ignored` keys; others are errors naming what is supported.
  void check_keys(const JsonNode& node, const std::vector<std::string>& known,
                  const std::vector<std::string>& ignored,
                  const std::vector<std::string>& unsupported = {}) {
    node.expect_object();
    for (auto it = node.json().begin(); it != node.json().end(); ++it) {
      const std::string& k = it.key();
      if (std::find(ignored.begin(), ignored.end(), k) != ignored.end()) {
        ignore(node.at(k));
        continue;
      }
      if (std::find(unsupported.begin(), unsupported.end(), k) != unsupported.end())
        throw InputError(file, node.at(k).pointer(), "'" + k + "' changes the physics",
                         "an input without it: photodose does not model it");
      if (std::find(known.begin(), known.end(), k) == known.end()) {
        std::vector<std::string> all = known;
        all.insert(all.end(), ignored.begin(), ignored.end());
        node.allow_only(all);
      }
    }
  }

  void read_media(const JsonNode& domain) {
    const JsonNode media = domain.at("Media");
    if (media.size() < 2) media.fail(media.shown(), "medium 0 (outside) and at least one more");
    for (const auto& m : media.elements()) {
      m.allow_only({"mua", "mus", "g", "n"});
      OpticalProps p;
      p.mua_per_mm = float(m.at("mua").non_negative());
      p.mus_per_mm = float(m.at("mus").non_negative());
      p.g = float(m.at("g").number_in(-1, 1, "-1 <= g <= 1"));
      p.n = float(m.at("n").number_in(1, 10, "1 <= n <= 10"));
      out.problem.media.push_back(p);
    }
  }

  void read_volume_file(const JsonNode& node, int origin_type, GridDims& dims) {
    std::filesystem::path path = node.string();
    if (path.is_relative()) path = std::filesystem::path(base_dir) / path;
    auto& labels = out.problem.labels;
    if (path.extension() == ".json") {  // MCX also accepts a shape file here
      const nlohmann::json shapes_doc = read_json_file(path.string());
      const JsonNode root(shapes_doc, path.string(), "");
      root.allow_only({"Shapes"});
      paint_mcx_shapes(root.at("Shapes"), origin_type, dims, labels, memory_budget_bytes);
      return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) node.fail("'" + path.string() + "' cannot be opened", "a readable raw uint8 volume");
    check_mcx_label_memory(node, dims, memory_budget_bytes);
    labels.assign(size_t(dims.voxels()), 0);
    std::vector<uint8_t> bytes(labels.size());
    in.read(reinterpret_cast<char*>(bytes.data()), std::streamsize(bytes.size()));
    if (size_t(in.gcount()) != bytes.size())
      node.fail("'" + path.string() + "' holds " + std::to_string(in.gcount()) + " bytes",
                std::to_string(bytes.size()) + " bytes (one uint8 label per voxel of Dim)");
    for (size_t v = 0; v < bytes.size(); ++v) labels[v] = bytes[v];
  }

  int read_domain(const JsonNode& root, const std::optional<JsonNode>& shapes) {
    const JsonNode domain = root.at("Domain");
    check_keys(domain,
               {"Media", "Dim", "LengthUnit", "OriginType", "MediaFormat", "VolumeFile", "Step"},
               {"CacheBoxP0", "CacheBoxP1"}, {"InverseCDF", "MieScatter", "VoxelSize"});
    read_media(domain);
    const int origin_type =
        domain.has("OriginType") ? int(domain.at("OriginType").integer_in(0, 1)) : 0;
    double unit = domain.number_or("LengthUnit", 1.0);
    if (!(unit > 0)) domain.at("LengthUnit").fail(domain.at("LengthUnit").shown(), "> 0 mm");
    if (auto step = domain.find("Step")) {
      const auto s = step->vec3();
      if (s[0] != s[1] || s[1] != s[2]) step->fail(step->shown(), "equal steps (cubic voxels)");
      if (unit == 1.0) unit = s[0];
    }
    if (auto fmt = domain.find("MediaFormat")) fmt->one_of({"byte"});
    GridDims dims;
    if (auto dim = domain.find("Dim")) {
      if (dim->size() != 3) dim->fail(dim->shown(), "[nx, ny, nz]");
      dims = {int(dim->at(0).integer_in(1, 4096)), int(dim->at(1).integer_in(1, 4096)),
              int(dim->at(2).integer_in(1, 4096))};
      // The plan's bound (plan/limits.h), checked before the labels are allocated.
      if (dims.voxels() > plan::kMaxVoxels)
        dim->fail(std::to_string(dims.voxels()) + " voxels",
                  "at most 2^31 = " + std::to_string(plan::kMaxVoxels) +
                      " voxels (no run that large can be held in memory)");
      check_mcx_label_memory(*dim, dims, memory_budget_bytes);
    }
    if (auto vf = domain.find("VolumeFile"); vf && !vf->string().empty()) {
      if (dims.voxels() == 0) domain.at("Dim");
      read_volume_file(*vf, origin_type, dims);
    }
    if (shapes)
      paint_mcx_shapes(*shapes, origin_type, dims, out.problem.labels, memory_budget_bytes);
    if (dims.voxels() == 0 || out.problem.labels.empty())
      throw InputError(file, "/Domain", "no volume",
                       "Domain.Dim with Shapes, or a Domain.VolumeFile");
    int ones = (dims.nx == 1) + (dims.ny == 1) + (dims.nz == 1);
    if (ones == 1)
      throw InputError(file, "/Domain/Dim", "a dimension of 1",
                       "3-D volumes (MCX runs those as 2-D simulations, which photodose does not)");
    for (size_t v = 0; v < out.problem.labels.size(); ++v)
      if (out.problem.labels[v] >= out.problem.media.size())
        throw InputError(file, "/Domain/Media",
                         "voxel " + std::to_string(v) + " has label " +
                             std::to_string(out.problem.labels[v]) + " but only " +
                             std::to_string(out.problem.media.size()) + " media are defined",
                         "a medium for every label in the volume");
    out.problem.grid.dims = dims;
    out.problem.grid.voxel_mm = unit;
    out.problem.grid.origin_mm = {0, 0, 0};
    out.length_unit_mm = unit;
    return origin_type;
  }

  void read_session(const JsonNode& root) {
    auto session = root.find("Session");
    if (!session) return;
    check_keys(*session,
               {"ID", "Photons", "RNGSeed", "DoMismatch", "DoSpecular", "BCFlags", "MinEnergy"},
               kIgnoredSessionKeys);
    auto& p = out.problem;
    if (auto n = session->find("Photons"))
      p.photons = uint64_t(n->number_in(1, 1e13, "1 to 1e13 photons"));
    if (auto s = session->find("RNGSeed")) {
      const int64_t seed = s->integer();
      if (seed < 0)
        s->fail(s->shown(), "a seed >= 0 (time-based seeds would make runs irreproducible)");
      p.seed = uint64_t(seed);
    }
    p.index_mismatch = session->boolean_or("DoMismatch", true);
    p.specular_at_entry = session->boolean_or("DoSpecular", false);
    if (auto e = session->find("MinEnergy"); e && e->non_negative() > 0)
      p.roulette_threshold = float(e->number());
    p.faces.fill(FaceBoundary::fresnel);
    if (auto bc = session->find("BCFlags")) {
      const std::string flags = bc->string();
      for (size_t i = 0; i < flags.size() && i < 6; ++i) {
        // MCX's face order is -x, -y, -z, +x, +y, +z; ours is -x, +x, -y, +y, -z, +z.
        const int axis = int(i % 3);
        const int face = face_index(axis, i >= 3);
        switch (std::tolower(flags[i])) {
          case '_':
            p.faces[size_t(face)] = FaceBoundary::fresnel;
            break;
          case 'a':
            p.faces[size_t(face)] = FaceBoundary::absorb;
            break;
          case 'm':
            p.faces[size_t(face)] = FaceBoundary::mirror;
            break;
          case 'c':
            p.faces[size_t(face)] = FaceBoundary::cyclic;
            break;
          case 'r':
            if (!p.index_mismatch)
              bc->fail("'r' with DoMismatch off",
                       "'_' (Fresnel follows DoMismatch), 'a', 'm' or 'c'; or set DoMismatch 1");
            p.faces[size_t(face)] = FaceBoundary::fresnel;
            break;
          default:
            bc->fail("'" + flags + "'", "letters _, r, a, m, c for faces x-, y-, z-, x+, y+, z+");
        }
      }
      if (flags.size() > 6) ignore(*bc);  // detector flags
    }
  }

  void read_forward(const JsonNode& root) {
    auto fwd = root.find("Forward");
    if (!fwd) return;
    fwd->allow_only({"T0", "T1", "Dt"});
    const double t0 = fwd->number_or("T0", 0.0);
    const double t1 = fwd->at("T1").positive();
    if (!(t1 > t0))
      fwd->at("T1").fail(fwd->at("T1").shown(), "T1 > T0 (" + std::to_string(t0) + " s)");
    double t_end = t1, width = t1 - t0, gates = 1;
    if (auto dt = fwd->find("Dt")) {
      const double step = dt->positive();
      gates = std::max(std::round((t1 - t0) / step), 1.0);
      if (gates > 1) ignore(*dt);  // time-resolved gates: photodose integrates over time
      t_end = t0 + step * gates;
      width = step;
    }
    out.problem.time_limit_ns = t_end * 1e9;
    out.has_forward = true;
    out.gates_start_s = t0;
    out.gates_end_s = t_end;
    out.gate_width_s = width;
    out.gates_requested = int64_t(std::min(gates, 1e15));
  }

  void read_source(const JsonNode& root, int origin_type) {
    const JsonNode optode = root.at("Optode");
    check_keys(optode, {"Source"}, {"Detector"});
    const JsonNode src = optode.at("Source");
    check_keys(src, {"Type", "Pos", "Dir", "Param1", "Param2", "Weight"}, {},
               {"Pattern", "AngleInverseCDF", "Frequency", "IQUV", "WaveLength", "SrcNum", "ID"});
    const double unit = out.length_unit_mm;
    SourceSpec s;
    const std::string type =
        src.has("Type")
            ? src.at("Type").one_of({"pencil", "isotropic", "cone", "gaussian", "disk", "planar"})
            : "pencil";
    const JsonNode pos = src.at("Pos");
    if (pos.size() < 3 || pos.size() > 4) pos.fail(pos.shown(), "[x, y, z] in grid units");
    const double shift = origin_type == 0 ? 1.0 : 0.0;  // OriginType 0: 1-based positions
    s.position_mm = {float((pos.at(0).number() - shift) * unit),
                     float((pos.at(1).number() - shift) * unit),
                     float((pos.at(2).number() - shift) * unit)};
    Vec3f dir{0, 0, 1};
    if (auto d = src.find("Dir")) {
      if (d->size() < 3 || d->size() > 4) d->fail(d->shown(), "[dx, dy, dz] (a unit vector)");
      dir = {float(d->at(0).number()), float(d->at(1).number()), float(d->at(2).number())};
      if (d->size() == 4 && d->at(3).number() != 0)
        d->at(3).fail(d->at(3).shown(), "0 (focused and divergent beams are not supported)");
    }
    if (!(dot(dir, dir) > 0)) src.at("Dir").fail(src.at("Dir").shown(), "a non-zero direction");
    s.direction = normalized(dir);
    auto param = [&](const char* key, size_t i) -> double {
      auto p = src.find(key);
      if (!p) return 0.0;
      if (p->size() > 4) p->fail(p->shown(), "up to 4 numbers");
      return i < p->size() ? p->at(i).number() : 0.0;
    };
    if (type == "pencil") {
      s.kind = SourceKind::pencil;
    } else if (type == "isotropic") {
      s.kind = SourceKind::isotropic_point;
    } else if (type == "cone") {
      s.kind = SourceKind::cone;
      s.param = float(param("Param1", 0));
      if (param("Param1", 1) > 0)
        src.at("Param1").fail(src.at("Param1").shown(),
                              "Param1.y = 0 (cone uniform in solid angle; uniform-in-angle cones "
                              "are not supported)");
      if (!(s.param >= 0 && s.param <= 3.1416f))
        src.at("Param1").fail(src.at("Param1").shown(), "a half-angle in radians from 0 to pi");
    } else if (type == "gaussian" || type == "disk") {
      s.kind = type == "gaussian" ? SourceKind::gaussian : SourceKind::flat;
      s.param = float(param("Param1", 0) * unit);
      const JsonNode p1 = src.at("Param1");
      if (!(s.param > 0)) p1.fail(p1.shown(), "Param1.x > 0 (radius in grid units)");
      if (type == "disk" && param("Param1", 1) > 0)
        src.at("Param1").fail(src.at("Param1").shown(),
                              "Param1.y = 0 (annular disks are not supported)");
    } else {
      s.kind = SourceKind::planar;
      src.at("Param1");
      src.at("Param2");
      s.edge1_mm = {float(param("Param1", 0) * unit), float(param("Param1", 1) * unit),
                    float(param("Param1", 2) * unit)};
      s.edge2_mm = {float(param("Param2", 0) * unit), float(param("Param2", 1) * unit),
                    float(param("Param2", 2) * unit)};
      if (!(dot(cross(s.edge1_mm, s.edge2_mm), cross(s.edge1_mm, s.edge2_mm)) > 0))
        src.at("Param2").fail(src.at("Param2").shown(), "an edge not parallel to Param1");
    }
    if (auto w = src.find("Weight")) w->positive();  // fields are per unit launched energy
    out.problem.sources = {s};
  }
};

}  // namespace

McxInput parse_mcx_input(const nlohmann::json& doc, const std::string& file,
                         const std::string& base_dir, uint64_t memory_budget_bytes) {
  Reader r{file, base_dir, memory_budget_bytes, {}};
  const JsonNode root(doc, file, "");
  r.check_keys(root, {"Domain", "Session", "Forward", "Optode", "Shapes"}, {"Help", "Comment"});
  r.out.problem.seed = 1;
  r.out.problem.photons = 1000000;
  r.out.problem.specular_at_entry = false;
  const int origin_type = r.read_domain(root, root.find("Shapes"));
  r.read_session(root);
  r.read_forward(root);
  r.read_source(root, origin_type);
  r.out.name = std::filesystem::path(file).stem().string();
  if (auto session = root.find("Session"))
    if (auto id = session->find("ID"); id && id->is_string() && !id->string().empty())
      r.out.name = id->string();
  return r.out;
}

McxInput load_mcx_input(const std::string& path, uint64_t memory_budget_bytes) {
  const nlohmann::json doc = read_json_file(path);
  const std::string base = std::filesystem::path(path).parent_path().string();
  return parse_mcx_input(doc, path, base.empty() ? "." : base, memory_budget_bytes);
}

}  // namespace photodose
