#pragma once
// Checks of a MetaImage header made before VTK's MetaIO reads the file (private to src/io).
#include <filesystem>
#include <string>

namespace photodose::metaimage {

// InputError naming `file` unless the header is one MetaIO reads safely: 'Key = value' lines of
// at most 200 characters ending with ElementDataFile (LOCAL or one printable file name, not a
// list or pattern), NDims 1 to 3, and compressed data with a CompressedDataSize within its file.
// MetaIO trusts these fields (overflows, a hang and huge allocations found by
// tests/fuzz/label_volume_fuzz.cpp).
void check_header(const std::filesystem::path& path, const std::string& file);

}  // namespace photodose::metaimage
