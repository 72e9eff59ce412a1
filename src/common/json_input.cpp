#include "photodose/common/json_input.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include "photodose/common/errors.h"

namespace photodose {

std::string json_pointer_escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string JsonNode::shown() const {
  // Invalid UTF-8 is shown replaced, so that a message can always be written.
  std::string text = value_->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

void JsonNode::fail(const std::string& value, const std::string& allowed) const {
  throw InputError(file_, where(), value, allowed);
}

void JsonNode::expect_object() const {
  if (!value_->is_object()) fail(shown(), "an object");
}

JsonNode JsonNode::at(const std::string& key) const {
  expect_object();
  auto it = value_->find(key);
  if (it == value_->end())
    throw InputError(file_, pointer_ + "/" + json_pointer_escape(key), "missing",
                     "a value for required key '" + key + "'");
  return JsonNode(*it, file_, pointer_ + "/" + json_pointer_escape(key));
}

std::optional<JsonNode> JsonNode::find(const std::string& key) const {
  expect_object();
  auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  return JsonNode(*it, file_, pointer_ + "/" + json_pointer_escape(key));
}

size_t JsonNode::size() const {
  if (!value_->is_array()) fail(shown(), "an array");
  return value_->size();
}

JsonNode JsonNode::at(size_t index) const {
  if (!value_->is_array()) fail(shown(), "an array");
  if (index >= value_->size())
    throw InputError(file_, pointer_ + "/" + std::to_string(index), "missing",
                     "at least " + std::to_string(index + 1) + " elements");
  return JsonNode((*value_)[index], file_, pointer_ + "/" + std::to_string(index));
}

std::vector<JsonNode> JsonNode::elements() const {
  std::vector<JsonNode> out;
  const size_t n = size();
  for (size_t i = 0; i < n; ++i) out.push_back(at(i));
  return out;
}

double JsonNode::number() const {
  if (!value_->is_number()) fail(shown(), "a number");
  const double v = value_->get<double>();
  if (!std::isfinite(v)) fail(shown(), "a finite number");
  return v;
}

double JsonNode::number_in(double lo, double hi, const std::string& allowed) const {
  const double v = number();
  if (!(v >= lo && v <= hi)) fail(shown(), allowed);
  return v;
}

double JsonNode::positive() const {
  const double v = number();
  if (!(v > 0)) fail(shown(), "a number > 0");
  return v;
}

double JsonNode::non_negative() const {
  const double v = number();
  if (!(v >= 0)) fail(shown(), "a number >= 0");
  return v;
}

int64_t JsonNode::integer() const {
  if (value_->is_number_integer()) return value_->get<int64_t>();
  if (value_->is_number_float()) {
    const double v = value_->get<double>();
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e15) return int64_t(v);
  }
  fail(shown(), "an integer");
}

int64_t JsonNode::integer_in(int64_t lo, int64_t hi) const {
  const int64_t v = integer();
  if (v < lo || v > hi)
    fail(shown(), "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  return v;
}

bool JsonNode::boolean() const {
  if (value_->is_boolean()) return value_->get<bool>();
  if (value_->is_number_integer()) {
    const auto v = value_->get<int64_t>();
    if (v == 0 || v == 1) return v == 1;
  }
  fail(shown(), "true or false");
}

std::string JsonNode::string() const {
  if (!value_->is_string()) fail(shown(), "a string");
  return value_->get<std::string>();
}

std::string JsonNode::one_of(std::initializer_list<const char*> choices) const {
  std::string allowed = "one of";
  bool first = true;
  for (const char* c : choices) {
    allowed += first ? " " : ", ";
    allowed += c;
    first = false;
  }
  if (!value_->is_string()) fail(shown(), allowed);
  const std::string v = value_->get<std::string>();
  for (const char* c : choices)
    if (v == c) return v;
  fail(shown(), allowed);
}

std::array<double, 3> JsonNode::vec3() const {
  if (!value_->is_array() || value_->size() != 3) fail(shown(), "an array of 3 numbers");
  return {at(0).number(), at(1).number(), at(2).number()};
}

std::vector<double> JsonNode::numbers() const {
  std::vector<double> out;
  for (const auto& e : elements()) out.push_back(e.number());
  return out;
}

double JsonNode::number_or(const std::string& key, double fallback) const {
  auto n = find(key);
  return n ? n->number() : fallback;
}

bool JsonNode::boolean_or(const std::string& key, bool fallback) const {
  auto n = find(key);
  return n ? n->boolean() : fallback;
}

std::string JsonNode::string_or(const std::string& key, const std::string& fallback) const {
  auto n = find(key);
  return n ? n->string() : fallback;
}

void JsonNode::allow_only(const std::vector<std::string>& allowed) const {
  expect_object();
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    bool ok = false;
    for (const auto& a : allowed) ok = ok || it.key() == a;
    if (ok) continue;
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw InputError(file_, pointer_ + "/" + json_pointer_escape(it.key()),
                     "unknown key '" + it.key() + "'",
                     list.empty() ? "no keys here" : "one of the keys " + list);
  }
}

void JsonNode::allow_only(std::initializer_list<const char*> allowed) const {
  std::vector<std::string> keys;
  for (const char* a : allowed) keys.emplace_back(a);
  allow_only(keys);
}

namespace {

// "name:LINE:COLUMN" of the byte at `offset`.
std::string text_position(const std::string& text, const std::string& name, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < std::min(text.size(), offset); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return name + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& name) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    std::string reason = e.what();
    const auto pos = reason.find("syntax error");
    if (pos != std::string::npos) reason = reason.substr(pos);
    throw InputError(text_position(text, name, e.byte > 0 ? size_t(e.byte - 1) : 0) +
                     ": malformed JSON: " + reason + "; fix the syntax at that line and column");
  } catch (const nlohmann::json::out_of_range& e) {
    // A number beyond a double (1e309): the parser names the token but not where it is.
    std::string reason = e.what();
    const auto pos = reason.find("number overflow");
    if (pos != std::string::npos) reason = reason.substr(pos);
    const auto quote = reason.find('\'');
    const std::string token =
        quote == std::string::npos ? "" : reason.substr(quote + 1, reason.rfind('\'') - quote - 1);
    const size_t at = token.empty() ? std::string::npos : text.find(token);
    throw InputError((at == std::string::npos ? name : text_position(text, name, at)) +
                     ": malformed JSON: " + reason +
                     "; numbers must lie within a double's range (about 1.8e308)");
  }
}

nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open the file; check the path and the permissions");
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_json_text(ss.str(), path);
}

}  // namespace photodose
