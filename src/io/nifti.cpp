#include "photodose/io/nifti.h"

#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkMatrix4x4.h>
#include <vtkNIFTIImageHeader.h>
#include <vtkNIFTIImageWriter.h>
#include <vtkNew.h>
#include <vtkPointData.h>

#include "photodose/common/errors.h"
#include "vtk_arrays.h"
#include "vtk_support.h"

namespace photodose {
namespace {

// uint8 and uint16 arrays are kept as they are; everything else becomes float32.
vtkSmartPointer<vtkDataArray> nifti_array(const FieldView& field) {
  if (const auto* u8 = std::get_if<std::span<const uint8_t>>(&field.values))
    return vtk_support::borrow_array(field.name, *u8);
  if (const auto* u16 = std::get_if<std::span<const uint16_t>>(&field.values))
    return vtk_support::borrow_array(field.name, *u16);
  if (const auto* f32 = std::get_if<std::span<const float>>(&field.values))
    return vtk_support::borrow_array(field.name, *f32);
  vtkNew<vtkFloatArray> out;
  out->SetName(field.name.c_str());
  out->SetNumberOfTuples(vtkIdType(field.size()));
  std::visit(
      [&](auto span) {
        for (size_t n = 0; n < span.size(); ++n) out->SetValue(vtkIdType(n), float(span[n]));
      },
      field.values);
  return out;
}

}  // namespace

void write_nifti(const std::filesystem::path& path, const Grid& grid, const FieldView& array) {
  const GridDims& d = grid.dims;
  if (int64_t(array.size()) != grid.voxels())
    throw RuntimeError("cannot write '" + path.string() + "': array '" + array.name + "' has " +
                       std::to_string(array.size()) + " values for " +
                       std::to_string(grid.voxels()) + " voxels");
  vtkNew<vtkImageData> image;
  // NIfTI samples are voxel centres: one point per voxel; the position goes in the q/sform.
  image->SetDimensions(d.nx, d.ny, d.nz);
  image->SetSpacing(grid.voxel_mm, grid.voxel_mm, grid.voxel_mm);
  image->SetOrigin(0, 0, 0);
  image->GetPointData()->SetScalars(nifti_array(array));

  vtkNew<vtkMatrix4x4> position;  // identity rotation, translation to voxel (0,0,0)'s centre
  for (int a = 0; a < 3; ++a)
    position->SetElement(a, 3, grid.origin_mm[size_t(a)] + 0.5 * grid.voxel_mm);
  vtkNew<vtkNIFTIImageHeader> header;
  header->SetXYZTUnits(0x02 | 0x08);  // NIFTI_UNITS_MM | NIFTI_UNITS_SEC
  header->SetDescrip(("photodose " + array.name).substr(0, 79).c_str());

  vtk_support::check_writable(path, "NIfTI volume");
  vtkNew<vtk_support::MessageCatcher> messages;
  vtkNew<vtkNIFTIImageWriter> writer;
  messages->watch_algorithm(writer);
  writer->SetInputData(image);
  writer->SetFileName(path.c_str());
  writer->SetNIFTIHeader(header);
  writer->SetQFormMatrix(position);
  writer->SetSFormMatrix(position);
  writer->Write();
  if (writer->GetErrorCode() != 0 || messages->has_error())
    throw RuntimeError("cannot write NIfTI volume '" + path.string() +
                       "': " + vtk_support::describe_failure(writer->GetErrorCode(), *messages));
}

}  // namespace photodose
