#include "photodose/io/label_volume.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <vtkCellData.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkImageReader2.h>
#include <vtkInformation.h>
#include <vtkInformationInformationVectorKey.h>
#include <vtkInformationVector.h>
#include <vtkMatrix3x3.h>
#include <vtkMatrix4x4.h>
#include <vtkMetaImageReader.h>
#include <vtkNIFTIImageHeader.h>
#include <vtkNIFTIImageReader.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkSetGet.h>
#include <vtkStreamingDemandDrivenPipeline.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLDataParser.h>
#include <vtkXMLImageDataReader.h>

#include "label_placement.h"
#include "metaimage_header.h"
#include "nifti_header.h"
#include "nrrd_reader.h"
#include "photodose/common/available_memory.h"
#include "photodose/common/errors.h"
#include "vtk_support.h"

namespace photodose {
namespace {

enum class Format { vti, meta, nifti, nrrd };

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

Format format_of(const std::filesystem::path& path) {
  const std::string name = lower(path.filename().string());
  if (ends_with(name, ".vti")) return Format::vti;
  if (ends_with(name, ".mha") || ends_with(name, ".mhd")) return Format::meta;
  if (ends_with(name, ".nii") || ends_with(name, ".nii.gz")) return Format::nifti;
  if (ends_with(name, ".nrrd") || ends_with(name, ".nhdr")) return Format::nrrd;
  throw InputError(path.string() +
                   ": unknown label volume format; expected a .vti, .mha, .mhd, "
                   ".nii, .nii.gz, .nrrd or .nhdr file");
}

// The array holding the labels and whether it is cell data (see the header for the rules).
std::pair<vtkDataArray*, bool> label_array(vtkImageData* image, const std::string& file) {
  auto pick = [](vtkFieldData* data, vtkDataArray* active) -> vtkDataArray* {
    if (vtkDataArray* named = data->GetArray("label")) return named;
    if (active) return active;
    return data->GetNumberOfArrays() == 1 ? data->GetArray(0) : nullptr;
  };
  vtkCellData* cells = image->GetCellData();
  if (cells->GetNumberOfArrays() > 0) {
    if (vtkDataArray* a = pick(cells, nullptr)) return {a, true};
    throw InputError(file +
                     ": several cell arrays and none is called 'label'; name the label "
                     "array 'label'");
  }
  vtkPointData* points = image->GetPointData();
  if (vtkDataArray* a = pick(points, points->GetScalars())) return {a, false};
  throw InputError(file +
                   ": no label array found; expected one integer array (cell or point "
                   "data), or one called 'label'");
}

// Length unit of a NIfTI file in mm (xyzt_units: 1 metre, 2 mm, 3 micrometre; 0 unknown = mm).
double nifti_unit_mm(vtkNIFTIImageReader* reader) {
  switch (reader->GetNIFTIHeader()->GetXYZTUnits() & 0x07) {
    case 1:
      return 1000.0;
    case 3:
      return 1e-3;
    default:
      return 1.0;
  }
}

// NIfTI placement from VTK's sform (else qform) matrix, which maps VTK's data coordinates (origin
// + index x spacing, in VTK's slice order) to RAS world coordinates.
VoxelPlacement nifti_placement(vtkNIFTIImageReader* reader, vtkImageData* image, double unit_mm) {
  vtkNIFTIImageHeader* header = reader->GetNIFTIHeader();
  VoxelPlacement p;
  vtkMatrix4x4* m = nullptr;
  if (header->GetSFormCode() > 0) {
    m = reader->GetSFormMatrix();
    p.source = "NIfTI sform";
  }
  if (!m && header->GetQFormCode() > 0) {
    m = reader->GetQFormMatrix();
    p.source = "NIfTI qform";
  }
  double origin[3], spacing[3];
  image->GetOrigin(origin);
  image->GetSpacing(spacing);
  if (!m) {
    // NIfTI "method 1": no world placement; the voxel axes, first voxel centred at 0.
    p.source = "NIfTI without sform or qform (voxel axes)";
    for (size_t a = 0; a < 3; ++a) p.axes_mm[a] = {0, 0, 0}, p.axes_mm[a][a] = spacing[a] * unit_mm;
    return p;
  }
  p.frame = "RAS";
  for (size_t r = 0; r < 3; ++r) {
    double c = m->GetElement(int(r), 3);
    for (size_t k = 0; k < 3; ++k) c += m->GetElement(int(r), int(k)) * origin[k];
    p.first_centre_mm[r] = c * unit_mm;
    for (size_t a = 0; a < 3; ++a)
      p.axes_mm[a][r] = m->GetElement(int(r), int(a)) * spacing[a] * unit_mm;
  }
  return p;
}

// Placement of a VTK image (.vti, MetaImage): origin, spacing and the voxel axes' directions
// (rows of `directions`). Cell data: the first voxel's centre is half a cell past the origin.
VoxelPlacement image_placement(vtkImageData* image,
                               const std::array<std::array<double, 3>, 3>& directions,
                               bool cell_data) {
  VoxelPlacement p;
  double origin[3], spacing[3];
  image->GetOrigin(origin);
  image->GetSpacing(spacing);
  for (size_t c = 0; c < 3; ++c) {
    p.first_centre_mm[c] = origin[c];
    for (size_t a = 0; a < 3; ++a) {
      p.axes_mm[a][c] = directions[a][c] * spacing[a];
      if (cell_data) p.first_centre_mm[c] += 0.5 * p.axes_mm[a][c];
    }
  }
  return p;
}

template <class T>
void to_labels(const T* raw, double slope, double intercept, const GridDims& dims,
               std::vector<uint16_t>& out, const std::string& file) {
  const bool rescale = slope != 1.0 || intercept != 0.0;
  for (size_t n = 0; n < out.size(); ++n) {
    double v = double(raw[n]);
    if (rescale) v = v * slope + intercept;
    if (!(v >= 0 && v <= 65535 && v == std::floor(v))) {
      const int64_t i = int64_t(n) % dims.nx, j = int64_t(n) / dims.nx % dims.ny,
                    k = int64_t(n) / dims.nx / dims.ny;
      throw InputError(file + ": voxel (" + std::to_string(i) + ", " + std::to_string(j) + ", " +
                       std::to_string(k) + ") holds " + std::to_string(v) +
                       "; labels must be integers from 0 to 65535");
    }
    out[n] = uint16_t(v);
  }
}

// The MetaImage library prints its parse problems on std::cerr instead of through VTK; while it
// reads, they are collected here so that they can go into the error message instead.
class CerrCapture {
 public:
  explicit CerrCapture(bool active) : active_(active) {
    if (active_) saved_ = std::cerr.rdbuf(text_.rdbuf());
  }
  ~CerrCapture() {
    if (active_) std::cerr.rdbuf(saved_);
  }
  // The distinct lines printed, joined by "; ".
  std::string text() const {
    std::istringstream in(text_.str());
    std::string out;
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || out.find(line) != std::string::npos) continue;
      out += (out.empty() ? "" : "; ") + line;
    }
    return out;
  }

 private:
  bool active_;
  std::ostringstream text_;
  std::streambuf* saved_ = nullptr;
};

// The bytes reading the file will take, from its header alone (UpdateInformation reads no voxel
// data): the whole extent's points times the bytes per point of the arrays it declares (at
// least a double: readers convert), plus our own labels. In doubles: a hostile header's
// product does not fit an integer.
struct PlannedRead {
  double points = 0;
  double bytes = 0;
  std::string extent;
};

PlannedRead planned_read(vtkAlgorithm* reader) {
  vtkInformation* info = reader->GetOutputInformation(0);
  int e[6] = {0, -1, 0, -1, 0, -1};
  if (info->Has(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT()))
    info->Get(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), e);
  PlannedRead r;
  r.points = 1;
  for (int a = 0; a < 3; ++a) {
    const double n = std::max(0.0, double(e[2 * a + 1]) - double(e[2 * a]) + 1);
    r.points *= n;
    r.extent += (a ? " x " : "") + std::to_string(int64_t(n));
  }
  double per_point = 0;
  if (auto* image = vtkImageReader2::SafeDownCast(reader))
    per_point += double(std::max(image->GetNumberOfScalarComponents(), 1)) *
                 double(vtkDataArray::GetDataTypeSize(image->GetDataScalarType()));
  for (vtkInformationInformationVectorKey* key :
       {vtkDataObject::POINT_DATA_VECTOR(), vtkDataObject::CELL_DATA_VECTOR()}) {
    vtkInformationVector* arrays = info->Get(key);
    for (int i = 0; arrays && i < arrays->GetNumberOfInformationObjects(); ++i) {
      vtkInformation* a = arrays->GetInformationObject(i);
      const int components = a->Has(vtkDataObject::FIELD_NUMBER_OF_COMPONENTS())
                                 ? a->Get(vtkDataObject::FIELD_NUMBER_OF_COMPONENTS())
                                 : 1;
      const int type =
          a->Has(vtkDataObject::FIELD_ARRAY_TYPE()) ? a->Get(vtkDataObject::FIELD_ARRAY_TYPE()) : 0;
      per_point += double(std::max(components, 1)) *
                   double(std::max(vtkDataArray::GetDataTypeSize(type), 1));
    }
  }
  r.bytes = r.points * (std::max(per_point, 8.0) + sizeof(uint16_t));
  return r;
}

// VTK 9.1's XML reader reads through a null pointer while composing its error message for a
// data array that holds fewer values than its extent (a truncated .vti; found by
// tests/fuzz/label_volume_fuzz.cpp, and VTK's own Python crashes the same way). With VTK's
// message display off the message is not composed; the short array is then caught by the
// value count check below.
class QuietVtk {
 public:
  explicit QuietVtk(bool active) : active_(active), saved_(vtkObject::GetGlobalWarningDisplay()) {
    if (active_) vtkObject::GlobalWarningDisplayOff();
  }
  ~QuietVtk() {
    if (active_) vtkObject::SetGlobalWarningDisplay(saved_);
  }

 private:
  bool active_;
  int saved_;
};

// VTK 9.1's XML reader copies each piece into the whole extent without checking that the piece
// lies inside it (a heap overflow in ReadSubExtent, found by label_volume_fuzz.cpp). A label
// volume's pieces are checked against its WholeExtent from the header VTK has parsed.
void check_vti_piece_extents(vtkXMLImageDataReader* reader, const std::string& file) {
  vtkXMLDataParser* parser = reader->GetXMLParser();
  vtkXMLDataElement* root = parser ? parser->GetRootElement() : nullptr;
  vtkXMLDataElement* image = root ? root->FindNestedElementWithName("ImageData") : nullptr;
  if (!image) throw InputError(file + ": no ImageData element; expected a VTK image (.vti) file");
  auto extent_text = [](const int* e) {
    std::string t;
    for (int i = 0; i < 6; ++i) t += (i ? " " : "") + std::to_string(e[i]);
    return t;
  };
  int whole[6];
  if (image->GetVectorAttribute("WholeExtent", 6, whole) != 6)
    throw InputError(file + ": the ImageData element has no WholeExtent of six integers");
  for (int a = 0; a < 3; ++a)
    if (whole[2 * a] > whole[2 * a + 1])
      throw InputError(file + ": WholeExtent \"" + extent_text(whole) +
                       "\" is empty along an axis; expected min <= max on each");
  for (int i = 0; i < image->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* piece = image->GetNestedElement(i);
    if (std::string(piece->GetName()) != "Piece") continue;
    int e[6];
    if (piece->GetVectorAttribute("Extent", 6, e) != 6)
      throw InputError(file + ": piece " + std::to_string(i) + " has no Extent of six integers");
    for (int a = 0; a < 3; ++a)
      if (e[2 * a] > e[2 * a + 1] || e[2 * a] < whole[2 * a] || e[2 * a + 1] > whole[2 * a + 1])
        throw InputError(file + ": piece Extent \"" + extent_text(e) +
                         "\" lies outside the WholeExtent \"" + extent_text(whole) +
                         "\"; expected each piece inside it");
  }
}

vtkSmartPointer<vtkAlgorithm> make_reader(Format format, const std::filesystem::path& path) {
  if (format == Format::vti) {
    auto r = vtkSmartPointer<vtkXMLImageDataReader>::New();
    r->SetFileName(path.c_str());
    return r;
  }
  if (format == Format::meta) {
    auto r = vtkSmartPointer<vtkMetaImageReader>::New();
    r->SetFileName(path.c_str());
    return r;
  }
  auto r = vtkSmartPointer<vtkNIFTIImageReader>::New();
  r->SetFileName(path.c_str());
  return r;
}

}  // namespace

std::optional<uint16_t> LabelVolume::label_at(const std::array<double, 3>& point_mm) const {
  int index[3];
  const int n[3] = {geometry.dims.nx, geometry.dims.ny, geometry.dims.nz};
  const std::array<double, 3> d = {point_mm[0] - placement.first_centre_mm[0],
                                   point_mm[1] - placement.first_centre_mm[1],
                                   point_mm[2] - placement.first_centre_mm[2]};
  for (size_t a = 0; a < 3; ++a) {
    // Voxel a's index runs from -0.5 to n - 0.5 about its centre.
    const double u = world_to_index[a][0] * d[0] + world_to_index[a][1] * d[1] +
                     world_to_index[a][2] * d[2] + 0.5;
    if (!(u >= 0 && u < n[a])) return std::nullopt;
    index[a] = std::min(int(u), n[a] - 1);
  }
  return labels(index[0], index[1], index[2]);
}

std::array<double, 3> LabelVolume::centre_mm(int i, int j, int k) const {
  std::array<double, 3> p = placement.first_centre_mm;
  for (size_t c = 0; c < 3; ++c)
    p[c] += i * placement.axes_mm[0][c] + j * placement.axes_mm[1][c] + k * placement.axes_mm[2][c];
  return p;
}

namespace {

// Spacing, corner origin (axis-aligned meaning), the inverse and the label storage from the
// placement and dims already set.
void finish_geometry(LabelVolume& out, const std::string& file) {
  ImageGeometry& g = out.geometry;
  const VoxelPlacement& p = out.placement;
  for (size_t a = 0; a < 3; ++a) {
    g.spacing_mm[a] = std::hypot(p.axes_mm[a][0], p.axes_mm[a][1], p.axes_mm[a][2]);
    if (!(g.spacing_mm[a] > 0) || !std::isfinite(g.spacing_mm[a]) ||
        !std::isfinite(p.first_centre_mm[a]))
      throw InputError(file + ": voxel spacing " + std::to_string(g.spacing_mm[a]) +
                       " mm along axis " + std::to_string(a) +
                       " (or a non-finite origin); expected a positive spacing");
    g.origin_mm[a] = p.first_centre_mm[a] - 0.5 * g.spacing_mm[a];
  }
  out.world_to_index = p.inverse(file);
  Grid grid;
  grid.dims = g.dims;
  grid.voxel_mm = g.spacing_mm[0];
  grid.origin_mm = g.origin_mm;
  out.labels = Field3<uint16_t>(grid);
}

LabelVolume read_nrrd_label_volume(const std::filesystem::path& path,
                                   uint64_t memory_budget_bytes) {
  const std::string file = path.string();
  const nrrd::Header h = nrrd::read_header(path, file);
  const double voxels = double(h.dims.nx) * double(h.dims.ny) * double(h.dims.nz);
  check_input_memory(file,
                     "a label volume of " + std::to_string(h.dims.nx) + " x " +
                         std::to_string(h.dims.ny) + " x " + std::to_string(h.dims.nz) + " points",
                     voxels * (double(h.value_bytes()) + sizeof(uint16_t)), memory_budget_bytes,
                     "use a smaller volume or coarser voxels");
  LabelVolume out;
  out.format = "NRRD";
  out.geometry.dims = h.dims;
  out.placement.first_centre_mm = h.first_centre_mm;
  out.placement.axes_mm = h.axes_mm;
  out.placement.frame = h.frame;
  out.placement.source = "NRRD " + h.placement;
  finish_geometry(out, file);
  const std::vector<unsigned char> raw = nrrd::read_data(h, file);
  auto convert = [&](auto tag) {
    using T = decltype(tag);
    to_labels(reinterpret_cast<const T*>(raw.data()), 1.0, 0.0, h.dims, out.labels.values, file);
  };
  switch (h.type) {
    case nrrd::Type::int8:
      convert(int8_t{});
      break;
    case nrrd::Type::uint8:
      convert(uint8_t{});
      break;
    case nrrd::Type::int16:
      convert(int16_t{});
      break;
    case nrrd::Type::uint16:
      convert(uint16_t{});
      break;
    case nrrd::Type::int32:
      convert(int32_t{});
      break;
    case nrrd::Type::uint32:
      convert(uint32_t{});
      break;
    case nrrd::Type::int64:
      convert(int64_t{});
      break;
    case nrrd::Type::uint64:
      convert(uint64_t{});
      break;
    case nrrd::Type::float32:
      convert(float{});
      break;
    case nrrd::Type::float64:
      convert(double{});
      break;
  }
  return out;
}

}  // namespace

LabelVolume read_label_volume(const std::filesystem::path& path) {
  return read_label_volume(path, input_memory_budget_bytes());
}

LabelVolume read_label_volume(const std::filesystem::path& path, uint64_t memory_budget_bytes) {
  const std::string file = path.string();
  const Format format = format_of(path);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(file +
                     ": no such file; expected a label volume (.vti, .mha, .mhd, .nii, .nrrd)");
  if (format == Format::nrrd) return read_nrrd_label_volume(path, memory_budget_bytes);
  if (format == Format::nifti) nifti::check_header(path);
  if (format == Format::meta) metaimage::check_header(path, file);
  vtkSmartPointer<vtkAlgorithm> reader = make_reader(format, path);
  vtkNew<vtk_support::MessageCatcher> messages;
  messages->watch_algorithm(reader);
  std::string library_text;
  {
    CerrCapture capture(format == Format::meta);
    // The header first: the size it states is checked before the reader allocates it.
    reader->UpdateInformation();
    if (!messages->has_error() && reader->GetErrorCode() == 0) {
      if (format == Format::vti)
        check_vti_piece_extents(vtkXMLImageDataReader::SafeDownCast(reader), file);
      const PlannedRead planned = planned_read(reader);
      // MetaIO allocates a negative DimSize as a huge size (found by label_volume_fuzz.cpp).
      if (!(planned.points > 0))
        throw InputError(file + ": the header states " + planned.extent +
                         " points; expected a positive size along every axis");
      check_input_memory(file, "a label volume of " + planned.extent + " points", planned.bytes,
                         memory_budget_bytes, "use a smaller volume or coarser voxels");
      QuietVtk quiet(format == Format::vti);
      // MetaIO lets standard-library exceptions out (a '%' in ElementDataFile, which it takes
      // for a file-list pattern, made std::length_error; found by label_volume_fuzz.cpp).
      try {
        reader->Update();
      } catch (const std::exception& e) {
        throw InputError(file + ": cannot read the label volume (" + e.what() + ")");
      }
    }
    library_text = capture.text();
  }
  vtkImageData* image = vtkImageData::SafeDownCast(reader->GetOutputDataObject(0));
  if (messages->has_error() || !image || reader->GetErrorCode() != 0 ||
      image->GetNumberOfPoints() == 0)
    throw InputError(file + ": cannot read the label volume (" +
                     vtk_support::describe_failure(reader->GetErrorCode(), *messages) +
                     (library_text.empty() ? "" : "; " + library_text) + ")");

  auto [array, cell_data] = label_array(image, file);
  if (array->GetNumberOfComponents() != 1)
    throw InputError(file + ": the label array has " +
                     std::to_string(array->GetNumberOfComponents()) +
                     " components; expected one integer label per voxel");

  LabelVolume out;
  ImageGeometry& g = out.geometry;
  int points[3];
  image->GetDimensions(points);
  const int shrink = cell_data ? 1 : 0;
  g.dims = {std::max(points[0] - shrink, 1), std::max(points[1] - shrink, 1),
            std::max(points[2] - shrink, 1)};
  double vtk_spacing[3];
  image->GetSpacing(vtk_spacing);
  for (int a = 0; a < 3; ++a)
    if (!(vtk_spacing[a] > 0) || !std::isfinite(vtk_spacing[a]))
      throw InputError(file + ": voxel spacing " + std::to_string(vtk_spacing[a]) +
                       " mm along axis " + std::to_string(a) + "; expected a positive spacing");
  double slope = 1, intercept = 0;
  if (auto* nifti = vtkNIFTIImageReader::SafeDownCast(reader)) {
    out.format = "NIfTI";
    out.placement = nifti_placement(nifti, image, nifti_unit_mm(nifti));
    if (nifti->GetRescaleSlope() != 0) {
      slope = nifti->GetRescaleSlope();
      intercept = nifti->GetRescaleIntercept();
    }
  } else if (format == Format::meta) {
    out.format = "MetaImage";
    const auto directions = metaimage_directions(path, file);
    out.placement = image_placement(image,
                                    directions.value_or(std::array<std::array<double, 3>, 3>{
                                        {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}),
                                    cell_data);
    out.placement.frame = "LPS";
    out.placement.source = directions ? "MetaImage Offset, ElementSpacing and TransformMatrix"
                                      : "MetaImage Offset and ElementSpacing";
  } else {
    out.format = "VTK image";
    vtkMatrix3x3* d = image->GetDirectionMatrix();
    std::array<std::array<double, 3>, 3> directions;
    for (size_t a = 0; a < 3; ++a)
      for (size_t c = 0; c < 3; ++c) directions[a][c] = d->GetElement(int(c), int(a));
    out.placement = image_placement(image, directions, cell_data);
    out.placement.source = "VTK image Origin, Spacing and Direction";
  }
  finish_geometry(out, file);
  const Grid& grid = out.labels.grid;
  if (array->GetNumberOfTuples() != grid.voxels())
    throw InputError(file + ": the label array has " + std::to_string(array->GetNumberOfTuples()) +
                     " values for " + std::to_string(grid.voxels()) + " voxels");
  switch (array->GetDataType()) {
    vtkTemplateMacro(to_labels(static_cast<const VTK_TT*>(array->GetVoidPointer(0)), slope,
                               intercept, g.dims, out.labels.values, file));
    default:
      throw InputError(file + ": label array of type " + std::string(array->GetDataTypeAsString()) +
                       "; expected integers (or floating-point values that are integers)");
  }
  return out;
}

}  // namespace photodose
