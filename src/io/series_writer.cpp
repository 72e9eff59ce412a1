#include "photodose/io/series_writer.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <vtkNew.h>
#include <vtkSmartPointer.h>
#include <vtkXMLDataElement.h>
#include <vtkXMLUtilities.h>

#include "photodose/common/errors.h"
#include "photodose/io/vti.h"
#include "vtk_support.h"

namespace photodose {
namespace {

// Shortest text that reads back as the same double.
std::string exact(double v) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, end);
}

// Escapes the five XML special characters for an attribute value.
std::string xml_attribute(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

SeriesWriter::SeriesWriter(std::filesystem::path directory, const Grid& grid, std::string stem)
    : directory_(std::move(directory)), grid_(grid), stem_(std::move(stem)) {
  std::error_code ec;
  std::filesystem::create_directories(directory_ / stem_, ec);
  if (ec)
    throw RuntimeError("cannot create the series directory '" + (directory_ / stem_).string() +
                       "': " + ec.message());
}

void SeriesWriter::write(double time_s, const std::vector<FieldView>& arrays) {
  if (!std::isfinite(time_s) || (!entries_.empty() && !(time_s > entries_.back().time_s)))
    throw RuntimeError("series '" + stem_ + "': time " + exact(time_s) +
                       " s does not follow the previous time");
  char name[64];
  std::snprintf(name, sizeof name, "_%06zu.vti", entries_.size());
  const std::string relative = stem_ + "/" + stem_ + name;
  write_vti(directory_ / relative, grid_, arrays);
  entries_.push_back({time_s, relative});
  write_pvd();
}

void SeriesWriter::write_pvd() const {
  const std::filesystem::path path = pvd_path();
  vtk_support::check_writable(path, "time series index");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << "<?xml version=\"1.0\"?>\n"
         "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
         "  <Collection>\n";
  for (const SeriesEntry& e : entries_)
    out << "    <DataSet timestep=\"" << exact(e.time_s) << "\" group=\"\" part=\"0\" file=\""
        << xml_attribute(e.file) << "\"/>\n";
  out << "  </Collection>\n</VTKFile>\n";
  out.close();
  if (!out)
    throw RuntimeError("cannot write time series index '" + path.string() +
                       "': " + std::strerror(errno));
}

std::vector<SeriesEntry> read_pvd(const std::filesystem::path& path) {
  vtkSmartPointer<vtkXMLDataElement> root;
  root.TakeReference(vtkXMLUtilities::ReadElementFromFile(path.c_str()));
  if (!root || std::strcmp(root->GetName(), "VTKFile") != 0 || !root->GetAttribute("type") ||
      std::strcmp(root->GetAttribute("type"), "Collection") != 0)
    throw InputError(path.string() + ": not a readable VTK collection (.pvd) file");
  std::vector<SeriesEntry> entries;
  vtkXMLDataElement* collection = root->FindNestedElementWithName("Collection");
  for (int i = 0; collection && i < collection->GetNumberOfNestedElements(); ++i) {
    vtkXMLDataElement* e = collection->GetNestedElement(i);
    double time_s = 0;
    const char* file = e->GetAttribute("file");
    if (std::strcmp(e->GetName(), "DataSet") != 0 || !file ||
        !e->GetScalarAttribute("timestep", time_s))
      throw InputError(path.string() + ": DataSet entry " + std::to_string(i) +
                       " lacks a file or a timestep");
    entries.push_back({time_s, file});
  }
  return entries;
}

}  // namespace photodose
