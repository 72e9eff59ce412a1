// `"phantom": {"file": ...}`: anatomy kept in its own file (phantoms/), shared by plans. The file
// is read before the grid (it may give it); its parameters ("$name" strings standing for numbers)
// take the plan's values or their defaults; errors inside it name the file and its pointer.
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <stdexcept>

#include "parse_internal.h"
#include "photodose/plan/parse.h"

namespace photodose::plan::detail {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string>& phantom_file_keys() {
  static const std::vector<std::string> keys = {"$schema",    "name",    "description",
                                                "parameters", "grid",    "background",
                                                "regions",    "tissues", "probes"};
  return keys;
}

struct Parameter {
  double value = 0;
  bool used = false;
};

// A value written with parameters: "$r", "$r + 1.75", "$r * 2 + 1.6" (numbers, $names, + - * /,
// usual precedence, no brackets). Throws a message on a syntax error or an unknown name.
class Expression {
 public:
  Expression(const std::string& text, std::map<std::string, Parameter>& parameters)
      : text_(text), parameters_(parameters) {}
  double evaluate() {
    const double v = sum();
    skip_spaces();
    if (at_ < text_.size()) throw std::invalid_argument("unexpected '" + text_.substr(at_) + "'");
    return v;
  }

 private:
  void skip_spaces() {
    while (at_ < text_.size() && text_[at_] == ' ') ++at_;
  }
  bool take(char c) {
    skip_spaces();
    if (at_ < text_.size() && text_[at_] == c) return ++at_, true;
    return false;
  }
  double sum() {
    double v = product();
    for (;;) {
      if (take('+'))
        v += product();
      else if (take('-'))
        v -= product();
      else
        return v;
    }
  }
  double product() {
    double v = factor();
    for (;;) {
      if (take('*'))
        v *= factor();
      else if (take('/'))
        v /= factor();
      else
        return v;
    }
  }
  double factor() {
    if (take('-')) return -factor();
    skip_spaces();
    if (take('$')) {
      size_t end = at_;
      while (end < text_.size() &&
             (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_'))
        ++end;
      const std::string name = text_.substr(at_, end - at_);
      at_ = end;
      const auto it = parameters_.find(name);
      if (it == parameters_.end()) throw std::out_of_range(name);
      it->second.used = true;
      return it->second.value;
    }
    size_t used = 0;
    double v = 0;
    try {
      v = std::stod(text_.substr(at_), &used);
    } catch (const std::exception&) {
      throw std::invalid_argument("expected a number or a $parameter at '" + text_.substr(at_) +
                                  "'");
    }
    at_ += used;
    return v;
  }

  const std::string& text_;
  std::map<std::string, Parameter>& parameters_;
  size_t at_ = 0;
};

// Replaces every string below `value` that starts with '$' by the number it stands for.
void substitute(nlohmann::json& value, const std::string& pointer, const std::string& file,
                std::map<std::string, Parameter>& parameters) {
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (text.empty() || text[0] != '$') return;
    std::string names;
    for (const auto& [name, p] : parameters) names += (names.empty() ? "$" : ", $") + name;
    try {
      const double number = Expression(text, parameters).evaluate();
      if (!std::isfinite(number))
        throw InputError(file, pointer, "\"" + text + "\" = " + fmt(number), "a finite value");
      value = number;
    } catch (const std::out_of_range& unknown) {
      throw InputError(
          file, pointer, "\"" + text + "\" (unknown parameter $" + unknown.what() + ")",
          names.empty() ? "a value (this phantom declares no parameters)"
                        : "a value or an expression of the declared parameters: " + names);
    } catch (const std::invalid_argument& syntax) {
      throw InputError(file, pointer, "\"" + text + "\" (" + syntax.what() + ")",
                       "an expression of numbers and $parameters with + - * /, e.g. \"$r + 1.5\"");
    }
  } else if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it)
      substitute(it.value(), pointer + "/" + json_pointer_escape(it.key()), file, parameters);
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i)
      substitute(value[i], pointer + "/" + std::to_string(i), file, parameters);
  }
}

}  // namespace

std::optional<PhantomFile> read_phantom_file(const JsonNode& plan_phantom, Plan& plan) {
  if (!plan_phantom.has("file")) {
    if (plan_phantom.has("parameters"))
      plan_phantom.at("parameters")
          .fail("parameters without a phantom file", "`file` naming the phantom they set");
    return std::nullopt;
  }
  const JsonNode file_node = plan_phantom.at("file");
  fs::path path(file_node.string());
  if (path.is_relative()) path = fs::path(plan.file).parent_path() / path;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec))
    file_node.fail(file_node.shown() + " (no such file: " + path.string() + ")",
                   "an existing phantom file; relative paths start at the plan's folder");
  PhantomFile phantom;
  phantom.path = path.lexically_normal().string();
  phantom.document = read_json_file(phantom.path);
  const JsonNode root(phantom.document, phantom.path, "");
  root.expect_object();
  root.allow_only(phantom_file_keys());
  if (!root.has("regions"))
    root.fail("a phantom file without `regions`", "an object with name, grid and regions");

  // Declared parameters: {"name": {"default", "min", "max", "description"}}.
  std::map<std::string, Parameter> parameters;
  std::map<std::string, std::pair<double, double>> bounds;
  if (auto declared = root.find("parameters")) {
    declared->expect_object();
    for (auto it = declared->json().begin(); it != declared->json().end(); ++it) {
      const JsonNode p = declared->at(it.key());
      p.allow_only({"default", "min", "max", "description"});
      const double lo = p.at("min").number(), hi = p.at("max").number();
      if (!(hi >= lo)) p.at("max").fail(p.at("max").shown(), "max >= min (" + fmt(lo) + ")");
      parameters[it.key()].value =
          p.at("default").number_in(lo, hi, "the default within [min, max]");
      if (auto d = p.find("description")) d->string();
      bounds[it.key()] = {lo, hi};
    }
  }
  if (auto given = plan_phantom.find("parameters")) {
    given->expect_object();
    for (auto it = given->json().begin(); it != given->json().end(); ++it) {
      const JsonNode v = given->at(it.key());
      const auto b = bounds.find(it.key());
      if (b == bounds.end()) {
        std::string names;
        for (const auto& [name, range] : bounds) names += (names.empty() ? "" : ", ") + name;
        v.fail("unknown parameter '" + it.key() + "'",
               names.empty() ? std::string("none: the phantom declares no parameters")
                             : "one of the phantom's parameters: " + names);
      }
      parameters[it.key()].value =
          v.number_in(b->second.first, b->second.second,
                      "a value from " + fmt(b->second.first) + " to " + fmt(b->second.second) +
                          " (the phantom's bounds)");
    }
  }
  for (const char* section : {"grid", "background", "regions", "tissues", "probes"})
    if (phantom.document.contains(section))
      substitute(phantom.document[section], std::string("/") + section, phantom.path, parameters);
  for (const auto& [name, p] : parameters) {
    if (!p.used)
      plan.warnings.push_back("phantom " + phantom.path + ": parameter '" + name +
                              "' is declared but no value uses it");
    plan.phantom.parameters.emplace_back(name, p.value);
  }
  plan.phantom.file = phantom.path;
  plan.phantom.file_name = root.has("name") ? checked_name(root.at("name"), "phantom name")
                                            : fs::path(phantom.path).stem().string();
  if (auto d = root.find("description")) d->string();
  if (auto s = root.find("$schema")) s->string();
  return phantom;
}

void parse_phantom_grid(const JsonNode& root, const std::optional<PhantomFile>& phantom,
                        Plan& plan) {
  const std::optional<JsonNode> plan_grid = root.find("grid");
  if (!phantom || !phantom->document.contains("grid")) {
    parse_grid(root.at("grid"), plan);
    return;
  }
  const JsonNode file_grid = JsonNode(phantom->document, phantom->path, "").at("grid");
  parse_grid(file_grid, plan);
  if (!plan_grid) return;
  Plan own;
  parse_grid(*plan_grid, own);
  const Grid& a = own.grid;
  const Grid& b = plan.grid;
  if (!(a.dims.nx == b.dims.nx && a.dims.ny == b.dims.ny && a.dims.nz == b.dims.nz &&
        a.voxel_mm == b.voxel_mm && a.origin_mm == b.origin_mm))
    plan_grid->fail("a grid that differs from the phantom file's (" + phantom->path + ": " +
                        file_grid.shown() + ")",
                    "no grid (the phantom's is used) or the same grid");
}

}  // namespace photodose::plan::detail

namespace photodose::plan {

bool is_phantom_document(const nlohmann::json& doc) {
  return doc.is_object() && doc.contains("regions") && !doc.contains("phantom");
}

Plan load_phantom_as_plan(const std::string& path) {
  const std::filesystem::path absolute = std::filesystem::absolute(path);
  const nlohmann::json doc = {{"phantom", {{"file", absolute.filename().string()}}}};
  // A plan "in" the phantom's folder, so that the file resolves beside it.
  Plan plan = parse_plan(doc, (absolute.parent_path() / absolute.filename()).string());
  plan.name = plan.phantom.file_name;
  // A phantom has no light of its own: that a plan adds.
  std::erase_if(plan.warnings, [](const std::string& w) {
    return w.rfind("the plan has no light source", 0) == 0;
  });
  return plan;
}

}  // namespace photodose::plan
