#pragma once
// A scalar field on a Grid, owned on the host. Device copies are made by the backends.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "photodose/common/grid.h"

namespace photodose {

template <class T>
struct Field3 {
  Grid grid;
  std::vector<T> values;

  Field3() = default;
  explicit Field3(const Grid& g, T fill = T{}) : grid(g), values(size_t(g.voxels()), fill) {}

  int64_t size() const { return int64_t(values.size()); }
  T& operator()(int i, int j, int k) { return values[size_t(grid.dims.index(i, j, k))]; }
  const T& operator()(int i, int j, int k) const {
    return values[size_t(grid.dims.index(i, j, k))];
  }
  T* data() { return values.data(); }
  const T* data() const { return values.data(); }
};

// A non-owning view that kernels take by value (host or device pointer).
template <class T>
struct View3 {
  T* data = nullptr;
  GridDims dims;
  PD_HOST_DEVICE T& operator()(int i, int j, int k) const { return data[dims.index(i, j, k)]; }
  PD_HOST_DEVICE T& operator[](int64_t n) const { return data[n]; }
};

template <class T>
View3<T> view_of(Field3<T>& f) {
  return {f.data(), f.grid.dims};
}
template <class T>
View3<const T> view_of(const Field3<T>& f) {
  return {f.data(), f.grid.dims};
}

}  // namespace photodose
