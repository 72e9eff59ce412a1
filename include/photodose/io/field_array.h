#pragma once
// Named voxel arrays as the output layer sees them: one value per voxel of a Grid, x fastest.
// FieldView borrows the caller's memory (writing a 256^3 grid of fifteen fields copies nothing);
// FieldArray owns its values (what the readers return).
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "photodose/common/errors.h"
#include "photodose/common/field3.h"

namespace photodose {

// The element types the output files carry. VTK names: Float32, Float64, UInt8, UInt16, Int32.
using FieldValues = std::variant<std::vector<float>, std::vector<double>, std::vector<uint8_t>,
                                 std::vector<uint16_t>, std::vector<int32_t>>;
using FieldSpan =
    std::variant<std::span<const float>, std::span<const double>, std::span<const uint8_t>,
                 std::span<const uint16_t>, std::span<const int32_t>>;

struct FieldArray {
  std::string name;
  FieldValues values;

  size_t size() const {
    return std::visit([](const auto& v) { return v.size(); }, values);
  }
  // The stored values of type T; throws RuntimeError naming the array if the type differs.
  template <class T>
  const std::vector<T>& as() const;
  // Value n converted to double, whatever the element type.
  double at(size_t n) const {
    return std::visit([n](const auto& v) { return double(v[n]); }, values);
  }
};

struct FieldView {
  std::string name;
  FieldSpan values;

  size_t size() const {
    return std::visit([](const auto& v) { return v.size(); }, values);
  }
};

// Views of the usual containers. The viewed memory must outlive the call that uses the view.
template <class T>
FieldView field_view(std::string name, const std::vector<T>& values) {
  return {std::move(name), std::span<const T>(values)};
}
template <class T>
FieldView field_view(std::string name, const Field3<T>& field) {
  return {std::move(name), std::span<const T>(field.values)};
}
inline FieldView field_view(const FieldArray& array) {
  return {array.name,
          std::visit([](const auto& v) -> FieldSpan { return std::span(v.data(), v.size()); },
                     array.values)};
}

// "Float32", "Float64", "UInt8", "UInt16" or "Int32" (VTK's type names).
const char* element_type_name(const FieldValues& values);
const char* element_type_name(const FieldSpan& values);

template <class T>
const std::vector<T>& FieldArray::as() const {
  if (const auto* v = std::get_if<std::vector<T>>(&values)) return *v;
  throw RuntimeError("array '" + name + "' holds " + element_type_name(values) +
                     " values, not the element type asked for");
}

}  // namespace photodose
