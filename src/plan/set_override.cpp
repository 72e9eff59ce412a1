// `--set /json/pointer=VALUE`: one change to the plan document before it is validated.
#include <vector>

#include "photodose/common/errors.h"
#include "photodose/common/json_input.h"
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
  // Walk to the parent, creating missing objects on the way (--set /outputs/nifti=true works
  // on a plan without an outputs section); array elements must exist.
  std::vector<std::string> tokens;
  for (nlohmann::json::json_pointer p = parent; !p.empty(); p = p.parent_pointer())
    tokens.insert(tokens.begin(), p.back());
  nlohmann::json* node = &doc;
  std::string walked;
  for (const std::string& token : tokens) {
    if (node->is_null()) *node = nlohmann::json::object();
    if (node->is_object()) {
      node = &(*node)[token];
    } else if (node->is_array()) {
      if (!is_index(token) || std::stoull(token) >= node->size())
        throw InputError(where, walked + "/" + json_pointer_escape(token), "index '" + token + "'",
                         node->empty() ? std::string("an element that exists (the list is empty)")
                                       : "an index from 0 to " + std::to_string(node->size() - 1));
      node = &(*node)[size_t(std::stoull(token))];
    } else {
      throw InputError(where, walked.empty() ? "/" : walked, "a " + std::string(node->type_name()),
                       "an object or an array to go into with '" + token + "'");
    }
    walked.push_back('/');
    walked.append(json_pointer_escape(token));
  }
  if (node->is_null()) *node = nlohmann::json::object();
  nlohmann::json& target = *node;
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
