#pragma once
// Mapping between the output layer's element types and VTK's array classes (private).
#include <cstdint>
#include <cstring>

#include <vtkDataArray.h>
#include <vtkDoubleArray.h>
#include <vtkFloatArray.h>
#include <vtkIntArray.h>
#include <vtkSmartPointer.h>
#include <vtkType.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>

#include "photodose/io/field_array.h"

namespace photodose::vtk_support {

template <class T>
struct VtkArrayOf;
template <>
struct VtkArrayOf<float> {
  using type = vtkFloatArray;
};
template <>
struct VtkArrayOf<double> {
  using type = vtkDoubleArray;
};
template <>
struct VtkArrayOf<uint8_t> {
  using type = vtkUnsignedCharArray;
};
template <>
struct VtkArrayOf<uint16_t> {
  using type = vtkUnsignedShortArray;
};
template <>
struct VtkArrayOf<int32_t> {
  using type = vtkIntArray;
};

// A VTK array that borrows `values` (VTK never frees or writes it): writers only read their
// input, so the const_cast is never used to modify the caller's data.
template <class T>
vtkSmartPointer<vtkDataArray> borrow_array(const std::string& name, std::span<const T> values) {
  auto array = vtkSmartPointer<typename VtkArrayOf<T>::type>::New();
  array->SetName(name.c_str());
  array->SetNumberOfComponents(1);
  array->SetArray(const_cast<T*>(values.data()), vtkIdType(values.size()), /*save=*/1);
  return array;
}

// Copies a single-component VTK array of one of the five element types into FieldValues;
// returns false for any other type.
bool copy_array(vtkDataArray* array, FieldValues& out);

}  // namespace photodose::vtk_support
