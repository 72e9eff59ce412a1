// `--set /json/pointer=VALUE`: one change to the plan document before it is validated.
#include "photodose/common/errors.h"
#include "photodose/plan/parse.h"

namespace photodose::plan {
namespace {

// The value as JSON if it parses as JSON, else as a string (so --set /sources/0/kind=flat works
// without shell-quoted JSON quotes).
nlohmann::json value_of(const std::string& text) {
  nlohmann::json v = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return nlohmann::json(text);
  return v;
}

bool is_index(const std::string& token) {
  if (token.empty() || token.size() > 18) return false;
  if (token.size() > 1 && token[0] == '0') return false;
  for (char c : token)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

void apply_set_override(nlohmann::json& doc, const std::string& assignment) {
  const size_t eq = assignment.find('=');
  // A plan's strings end up in messages and summary.json: text that is not UTF-8 cannot.
  try {
    (void)nlohmann::json(assignment).dump();
  } catch (const nlohmann::json::type_error&) {
    throw InputError(
        "--set " +
        nlohmann::json(assignment).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
        ": not valid UTF-8 text; write the pointer and the value in UTF-8");
  }
  const std::string where = "--set " + assignment;
  if (eq == std::string::npos || assignment.empty() || assignment[0] != '/' || eq == 1)
    throw InputError(where + ": expected /json/pointer=VALUE, e.g. --set /sources/0/power_W=1.5");
  const std::string pointer_text = assignment.substr(0, eq);
  nlohmann::json::json_pointer pointer;
  try {
    pointer = nlohmann::json::json_pointer(pointer_text);
  } catch (const nlohmann::json::exception& e) {
    throw InputError(where, pointer_text, "not a valid JSON pointer",
                     "a pointer like /sources/0/power_W ('~0' for '~', '~1' for '/')");
  }
  const nlohmann::json::json_pointer parent = pointer.parent_pointer();
  const std::string key = pointer.back();
  const std::string parent_text = parent.to_string();
  // nlohmann's contains() throws for an array index beyond size_t (out_of_range 404/410).
  bool parent_exists = false;
  try {
    parent_exists = doc.contains(parent);
  } catch (const nlohmann::json::exception&) {
  }
  if (!parent_exists)
    throw InputError(where, parent_text.empty() ? "/" : parent_text, "no such object or array",
                     "a pointer whose parent exists in the plan (add the section in the file)");
  nlohmann::json& target = doc[parent];
  const nlohmann::json value = value_of(assignment.substr(eq + 1));
  if (target.is_object()) {
    target[key] = value;
  } else if (target.is_array()) {
    if (key == "-") {
      target.push_back(value);
    } else if (is_index(key) && std::stoull(key) <= target.size()) {
      const size_t i = size_t(std::stoull(key));
      if (i == target.size())
        target.push_back(value);
      else
        target[i] = value;
    } else {
      throw InputError(where, pointer_text, "index '" + key + "'",
                       "an index from 0 to " + std::to_string(target.size()) +
                           " (the size appends), or '-' to append");
    }
  } else {
    throw InputError(where, parent_text, "a " + std::string(target.type_name()),
                     "an object or an array to set '" + key + "' in");
  }
}

}  // namespace photodose::plan
