#include "photodose/io/vti.h"

#include <cmath>
#include <set>

#include <vtkCellData.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLImageDataWriter.h>

#include "photodose/common/errors.h"
#include "vtk_arrays.h"
#include "vtk_support.h"

namespace photodose {

const char* element_type_name(const FieldValues& values) {
  static constexpr const char* kNames[] = {"Float32", "Float64", "UInt8", "UInt16", "Int32"};
  return kNames[values.index()];
}
const char* element_type_name(const FieldSpan& values) {
  static constexpr const char* kNames[] = {"Float32", "Float64", "UInt8", "UInt16", "Int32"};
  return kNames[values.index()];
}

bool ImageGeometry::cubic(double tolerance) const {
  const double s = spacing_mm[0];
  return std::abs(spacing_mm[1] - s) <= tolerance * s &&
         std::abs(spacing_mm[2] - s) <= tolerance * s;
}

Grid ImageGeometry::grid(const std::string& source) const {
  if (!cubic())
    throw InputError(source + ": voxels of " + std::to_string(spacing_mm[0]) + " x " +
                     std::to_string(spacing_mm[1]) + " x " + std::to_string(spacing_mm[2]) +
                     " mm are not cubic; resample the image to cubic voxels");
  Grid g;
  g.dims = dims;
  g.voxel_mm = spacing_mm[0];
  g.origin_mm = origin_mm;
  return g;
}

const FieldArray* VtiImage::find(const std::string& name) const {
  for (const auto& a : arrays)
    if (a.name == name) return &a;
  return nullptr;
}

void write_vti(const std::filesystem::path& path, const Grid& grid,
               const std::vector<FieldView>& arrays) {
  const GridDims& d = grid.dims;
  if (d.nx <= 0 || d.ny <= 0 || d.nz <= 0 || !(grid.voxel_mm > 0))
    throw RuntimeError("cannot write '" + path.string() +
                       "': the grid is empty or its voxel size is not positive");
  vtkNew<vtkImageData> image;
  // Points are voxel corners, so there is one more point than voxels along each axis.
  image->SetDimensions(d.nx + 1, d.ny + 1, d.nz + 1);
  image->SetSpacing(grid.voxel_mm, grid.voxel_mm, grid.voxel_mm);
  image->SetOrigin(grid.origin_mm[0], grid.origin_mm[1], grid.origin_mm[2]);
  std::set<std::string> names;
  for (const FieldView& field : arrays) {
    if (field.name.empty() || !names.insert(field.name).second)
      throw RuntimeError("cannot write '" + path.string() + "': array name '" + field.name +
                         "' is empty or used twice");
    if (int64_t(field.size()) != grid.voxels())
      throw RuntimeError("cannot write '" + path.string() + "': array '" + field.name + "' has " +
                         std::to_string(field.size()) + " values for " +
                         std::to_string(grid.voxels()) + " voxels");
    image->GetCellData()->AddArray(std::visit(
        [&](auto span) { return vtk_support::borrow_array(field.name, span); }, field.values));
  }
  vtk_support::check_writable(path, "VTK image");
  vtkNew<vtk_support::MessageCatcher> messages;
  vtkNew<vtkXMLImageDataWriter> writer;
  messages->watch_algorithm(writer);
  writer->SetInputData(image);
  writer->SetFileName(path.c_str());
  writer->SetDataModeToAppended();
  writer->EncodeAppendedDataOff();  // raw bytes: smaller and faster than base64
  writer->SetCompressorTypeToZLib();
  writer->SetHeaderTypeToUInt64();
  if (writer->Write() != 1 || writer->GetErrorCode() != 0 || messages->has_error())
    throw RuntimeError("cannot write VTK image '" + path.string() +
                       "': " + vtk_support::describe_failure(writer->GetErrorCode(), *messages));
}

VtiImage read_vti(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(path.string() + ": no such file; expected a VTK XML image (.vti)");
  vtkNew<vtk_support::MessageCatcher> messages;
  vtkNew<vtkXMLImageDataReader> reader;
  messages->watch_algorithm(reader);
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  if (messages->has_error() || !image || reader->GetErrorCode() != 0)
    throw InputError(path.string() + ": not a readable VTK XML image (" +
                     vtk_support::describe_failure(reader->GetErrorCode(), *messages) + ")");
  VtiImage out;
  int points[3];
  image->GetDimensions(points);
  out.geometry.dims = {std::max(points[0] - 1, 1), std::max(points[1] - 1, 1),
                       std::max(points[2] - 1, 1)};
  image->GetSpacing(out.geometry.spacing_mm.data());
  image->GetOrigin(out.geometry.origin_mm.data());
  vtkCellData* cells = image->GetCellData();
  for (int i = 0; i < cells->GetNumberOfArrays(); ++i) {
    vtkDataArray* array = cells->GetArray(i);
    const std::string name = cells->GetArrayName(i) ? cells->GetArrayName(i) : "";
    FieldArray field{name, {}};
    if (!array || array->GetNumberOfComponents() != 1 ||
        !vtk_support::copy_array(array, field.values))
      throw InputError(
          path.string() + ": cell array '" + name +
          "' is not a single-component Float32, Float64, UInt8, UInt16 or Int32 array");
    out.arrays.push_back(std::move(field));
  }
  return out;
}

}  // namespace photodose
