#pragma once
// Reading user JSON with errors that say where: every value is reached through a JsonNode that
// knows its file and JSON pointer, every object lists its allowed keys (unknown keys are
// errors), and every number is range-checked with a statement of what is allowed.
#include <array>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace photodose {

class JsonNode {
 public:
  JsonNode(const nlohmann::json& value, std::string file, std::string pointer)
      : value_(&value), file_(std::move(file)), pointer_(std::move(pointer)) {}

  const nlohmann::json& json() const { return *value_; }
  const std::string& file() const { return file_; }
  // JSON pointer of this node ("" for the document root).
  const std::string& pointer() const { return pointer_; }
  std::string where() const { return pointer_.empty() ? "/" : pointer_; }

  bool is_object() const { return value_->is_object(); }
  bool is_array() const { return value_->is_array(); }
  bool is_number() const { return value_->is_number(); }
  bool is_string() const { return value_->is_string(); }
  bool has(const std::string& key) const { return value_->is_object() && value_->contains(key); }

  // Child of an object; a missing required key is an error naming the key.
  JsonNode at(const std::string& key) const;
  std::optional<JsonNode> find(const std::string& key) const;
  // Element of an array.
  JsonNode at(size_t index) const;
  size_t size() const;  // elements of an array (error if not an array)
  std::vector<JsonNode> elements() const;

  // Typed reads. Each throws InputError naming the pointer, the value and what is allowed.
  double number() const;
  double number_in(double lo, double hi, const std::string& allowed) const;  // closed interval
  double positive() const;                                                   // > 0
  double non_negative() const;                                               // >= 0
  int64_t integer() const;
  int64_t integer_in(int64_t lo, int64_t hi) const;
  bool boolean() const;  // true/false (and 0/1, as MCX files use)
  std::string string() const;
  std::string one_of(std::initializer_list<const char*> choices) const;
  std::array<double, 3> vec3() const;
  std::vector<double> numbers() const;

  // Convenience: optional members with defaults.
  double number_or(const std::string& key, double fallback) const;
  bool boolean_or(const std::string& key, bool fallback) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;

  // Throws unless this is an object whose keys are all in `allowed`.
  void expect_object() const;
  void allow_only(std::initializer_list<const char*> allowed) const;
  void allow_only(const std::vector<std::string>& allowed) const;

  [[noreturn]] void fail(const std::string& value, const std::string& allowed) const;
  // The value as it appears in the file, shortened for messages.
  std::string shown() const;

 private:
  const nlohmann::json* value_;
  std::string file_;
  std::string pointer_;
};

// Escapes a key for use in a JSON pointer (RFC 6901: "~" -> "~0", "/" -> "~1").
std::string json_pointer_escape(const std::string& key);

// Reads and parses a JSON file. A missing file or a syntax error is an InputError with the
// line and column.
nlohmann::json read_json_file(const std::string& path);
nlohmann::json parse_json_text(const std::string& text, const std::string& name);

}  // namespace photodose
