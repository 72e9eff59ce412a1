#pragma once
// Section readers of the plan parser (one file each) and the small helpers they share.
#include <optional>
#include <string>
#include <vector>

#include "photodose/common/errors.h"
#include "photodose/common/json_input.h"
#include "photodose/plan/plan.h"

namespace photodose::plan::detail {

// The errors of one pass over a plan. Sections (and sources) that do not depend on each other
// are read even after one of them failed, so that `validate` reports them all at once.
class ErrorList {
 public:
  // Runs `read`; an InputError it throws is kept and false returned.
  template <class Read>
  bool attempt(Read&& read) {
    try {
      read();
      return true;
    } catch (const InputError& e) {
      errors_.push_back(e);
      return false;
    }
  }
  bool empty() const { return errors_.empty(); }
  void throw_if_any() const {
    if (!errors_.empty()) throw InputError::combined(errors_);
  }

 private:
  std::vector<InputError> errors_;
};

// A phantom file named by `phantom.file`, parameters substituted; errors in it name its path.
struct PhantomFile {
  std::string path;
  nlohmann::json document;
  JsonNode root() const { return JsonNode(document, path, ""); }
  std::optional<JsonNode> find(const std::string& key) const { return root().find(key); }
};
std::optional<PhantomFile> read_phantom_file(const JsonNode& plan_phantom, Plan& plan);

// Sections, in the order parse_plan calls them: later ones may rely on earlier ones.
void parse_grid(const JsonNode& node, Plan& plan);
// The plan's grid, or the phantom file's (a plan grid beside it must be equal).
void parse_phantom_grid(const JsonNode& root, const std::optional<PhantomFile>& phantom,
                        Plan& plan);
// Adds or overrides tissues of plan.tissues (the library, then the phantom file's, then the
// plan's).
void parse_tissues(const std::optional<JsonNode>& node, Plan& plan);
// Background and regions: the phantom file's, then the plan's painted over them.
void parse_phantom(const JsonNode& node, const std::optional<PhantomFile>& file, Plan& plan);
void parse_agents(const JsonNode& node, Plan& plan);
void parse_thermal(const JsonNode& node, Plan& plan);
void parse_pdt(const JsonNode& node, Plan& plan);
void parse_sources(const JsonNode& node, Plan& plan, ErrorList& errors);  // each source
void parse_transport(const JsonNode& node, Plan& plan);
// Probes, appended; names unique across the phantom file's and the plan's (`seen`).
void parse_probes(const JsonNode& node, Plan& plan,
                  std::vector<std::pair<std::string, std::string>>& seen);
void parse_outputs(const JsonNode& node, Plan& plan);

// Checks across sections once everything is read: default schedules and timing, the PDT
// photosensitizer and its light, optical data at every source wavelength, and warnings.
void check_timing(Plan& plan);
void check_pdt(const JsonNode& root, Plan& plan);
// transport.update_every_s needs a thermal stage and a source.
void check_light_updates(const JsonNode& root, const Plan& plan);
void check_optics(const JsonNode& root, Plan& plan);
void check_heating(Plan& plan);
// The `optimize` section, last: its pointers name values of the document `doc`.
void parse_optimize(const JsonNode& node, const nlohmann::json& doc, Plan& plan);

// A name used in output files (directory, CSV column, VTK array): 1 to 64 characters from
// letters, digits, '_', '-', '.', starting with a letter, digit or '_'.
std::string checked_name(const JsonNode& node, const std::string& what);
// Throws at `node` if `name` is already in `seen` (with the pointer that used it); else adds it.
void require_unique(const JsonNode& node, const std::string& name, const std::string& what,
                    std::vector<std::pair<std::string, std::string>>& seen);
// A tissue name that must exist in the plan's library; the error lists the known names.
std::string tissue_name(const JsonNode& node, const Plan& plan);

// Resolved region names of the phantom in painting order ("background" first).
std::vector<std::string> region_names(const Plan& plan);

// The face index of "-x" ... "+z" (kFaceNames), or -1.
int face_of(const std::string& name);
// "-x, +x, -y, +y, -z, +z".
std::string face_list();

std::string fmt(double value);
std::string fmt(const Vec3& v);
// "[start, end) s".
std::string interval_text(double start_s, double duration_s);
std::string join(const std::vector<std::string>& items, const std::string& separator = ", ");

// The grid's box in mm, as "[x0, x1] x [y0, y1] x [z0, z1] mm".
std::string grid_box_text(const Grid& grid);
// True if p lies in the grid's closed box (with a relative tolerance of 1e-9 of the extent).
bool inside_grid(const Grid& grid, const Vec3& p);

}  // namespace photodose::plan::detail
