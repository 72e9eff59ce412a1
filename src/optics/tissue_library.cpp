// The built-in tissues are the rows of data/tissues/tissues.json (loader: tissue_table.cpp);
// this file holds the library's lookups.
#include <algorithm>

#include "photodose/common/errors.h"
#include "photodose/optics/tissue.h"
#include "photodose/optics/tissue_table.h"

namespace photodose::optics {

TissueLibrary TissueLibrary::builtin() {
  // Parsed once (thread-safe static initialisation); a bad table throws on every call.
  static const TissueLibrary library = [] {
    TissueLibrary lib;
    lib.tissues_ = load_builtin_tissue_table();
    return lib;
  }();
  return library;
}

bool TissueLibrary::contains(const std::string& name) const {
  return std::any_of(tissues_.begin(), tissues_.end(),
                     [&](const TissueProperties& t) { return t.name == name; });
}

const TissueProperties& TissueLibrary::at(const std::string& name) const {
  for (const auto& t : tissues_)
    if (t.name == name) return t;
  std::string known;
  for (const auto& n : names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError("unknown tissue '" + name + "'; known tissues: " + known);
}

std::vector<std::string> TissueLibrary::names() const {
  std::vector<std::string> out;
  for (const auto& t : tissues_) out.push_back(t.name);
  return out;
}

void TissueLibrary::set(TissueProperties tissue) {
  for (auto& t : tissues_)
    if (t.name == tissue.name) {
      t = std::move(tissue);
      return;
    }
  tissues_.push_back(std::move(tissue));
}

TissueProperties builtin_tissue(const std::string& name) {
  return TissueLibrary::builtin().at(name);
}

}  // namespace photodose::optics
