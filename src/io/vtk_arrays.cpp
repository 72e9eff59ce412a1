#include "vtk_arrays.h"

namespace photodose::vtk_support {
namespace {

template <class T>
FieldValues copy_typed(vtkDataArray* array) {
  std::vector<T> values(size_t(array->GetNumberOfTuples()));
  if (!values.empty())
    std::memcpy(values.data(), array->GetVoidPointer(0), values.size() * sizeof(T));
  return values;
}

}  // namespace

bool copy_array(vtkDataArray* array, FieldValues& out) {
  switch (array->GetDataType()) {
    case VTK_FLOAT:
      out = copy_typed<float>(array);
      return true;
    case VTK_DOUBLE:
      out = copy_typed<double>(array);
      return true;
    case VTK_UNSIGNED_CHAR:
      out = copy_typed<uint8_t>(array);
      return true;
    case VTK_UNSIGNED_SHORT:
      out = copy_typed<uint16_t>(array);
      return true;
    case VTK_INT:
      out = copy_typed<int32_t>(array);
      return true;
    default:
      return false;
  }
}

}  // namespace photodose::vtk_support
