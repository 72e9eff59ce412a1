// Label volumes with hostile headers (tests/fuzz/label_volume_fuzz.cpp): sizes far beyond the
// memory must be refused from the header, before the reader allocates; bad spacings are
// InputErrors naming the file.
#include <cmath>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "photodose/common/errors.h"
#include "photodose/io/label_volume.h"
#include "unit/io/temp_dir.h"

using namespace photodose;

namespace {

// A NIfTI-1 single file: the 348-byte header, 4 bytes of extension flags, then `data_bytes`.
void write_nifti(const std::filesystem::path& path, const int16_t dim[8], const float pixdim[8],
                 size_t data_bytes, int16_t datatype = 2 /* unsigned char */) {
  char h[352] = {};
  const int32_t sizeof_hdr = 348;
  const int16_t bitpix = 8;
  const float vox_offset = 352;
  std::memcpy(h, &sizeof_hdr, 4);
  std::memcpy(h + 40, dim, 16);
  std::memcpy(h + 70, &datatype, 2);
  std::memcpy(h + 72, &bitpix, 2);
  std::memcpy(h + 76, pixdim, 32);
  std::memcpy(h + 108, &vox_offset, 4);
  std::memcpy(h + 344, "n+1", 4);
  std::ofstream out(path, std::ios::binary);
  out.write(h, sizeof h);
  out << std::string(data_bytes, '\1');
}

template <class Error>
std::string error_of(const std::filesystem::path& path) {
  try {
    read_label_volume(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("A label volume whose header states more voxels than memory holds is refused first") {
  test::TempDir dir;
  // 10^15 voxels in a few bytes of MetaImage header: the reader would allocate them all.
  std::ofstream(dir / "huge.mha") << "ObjectType = Image\nNDims = 3\n"
                                     "DimSize = 100000 100000 100000\nElementType = MET_UCHAR\n"
                                     "ElementDataFile = LOCAL\n";
  const std::string meta = error_of<RuntimeError>(dir / "huge.mha");
  CHECK(meta.find("huge.mha: a label volume of 100000 x 100000 x 100000 points needs about") !=
        std::string::npos);
  // NIfTI dims of 32767 per axis (3.5e13 voxels) likewise.
  const int16_t dim[8] = {3, 32767, 32767, 32767, 1, 1, 1, 1};
  const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  write_nifti(dir / "huge.nii", dim, pixdim, 8);
  CHECK(error_of<RuntimeError>(dir / "huge.nii").find("32767 x 32767 x 32767 points") !=
        std::string::npos);
  // A budget smaller than a small volume refuses it too; the default budget reads it.
  const int16_t small[8] = {3, 4, 3, 2, 1, 1, 1, 1};
  write_nifti(dir / "small.nii", small, pixdim, 24);
  CHECK_THROWS_AS(read_label_volume(dir / "small.nii", 64), RuntimeError);
  CHECK(read_label_volume(dir / "small.nii").labels.values.size() == 24);
}

TEST_CASE("A label volume with a negative or NaN spacing is an InputError") {
  test::TempDir dir;
  const int16_t dim[8] = {3, 2, 2, 2, 1, 1, 1, 1};
  // (VTK's NIfTI reader itself takes a zero pixdim as 1.)
  for (const float bad : {-1.0f, std::nanf("")}) {
    CAPTURE(bad);
    const float pixdim[8] = {1, 1, bad, 1, 1, 1, 1, 1};
    write_nifti(dir / "bad.nii", dim, pixdim, 8);
    const std::string e = error_of<InputError>(dir / "bad.nii");
    CHECK(e.find("bad.nii: voxel spacing") != std::string::npos);
  }
}

TEST_CASE("A corrupt NIfTI header is an InputError, not a crash in VTK's reader") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: headers without the "n+1" magic (read by VTK as
  // Analyze) with a junk datatype made vtkNIFTIImageReader read through a null pointer (SEGV in
  // RequestData, datatype 63) or a wild one (SEGV in RequestInformation).
  test::TempDir dir;
  const int16_t dim[8] = {3, 3, 2, 2, 1, 1, 1, 1};
  const float pixdim[8] = {1, 1, 1, 1, 1, 1, 1, 1};
  write_nifti(dir / "code63.nii", dim, pixdim, 12, 63);
  CHECK(error_of<InputError>(dir / "code63.nii")
            .find("code63.nii: not a NIfTI file that can be read (datatype code 63)") !=
        std::string::npos);
  write_nifti(dir / "analyze.nii", dim, pixdim, 12);
  {
    std::fstream f(dir / "analyze.nii", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(344);
    f.write("\0\0\0\0", 4);  // no magic: an Analyze 7.5 header
  }
  CHECK(error_of<InputError>(dir / "analyze.nii").find("no \"n+1\" magic") != std::string::npos);
  const int16_t no_dims[8] = {0, 3, 2, 2, 1, 1, 1, 1};
  write_nifti(dir / "dims.nii", no_dims, pixdim, 12);
  CHECK(error_of<InputError>(dir / "dims.nii").find("dim[0] = 0") != std::string::npos);
}

TEST_CASE("A .vti whose label array is shorter than its extent is an InputError, not a crash") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: VTK 9.1's XML reader crashed (null pointer) while
  // composing its message about the short array, for ascii, binary and appended data alike.
  test::TempDir dir;
  std::ofstream(dir / "short.vti")
      << "<?xml version=\"1.0\"?>\n<VTKFile type=\"ImageData\" version=\"0.1\" "
         "byte_order=\"LittleEndian\" header_type=\"UInt32\">\n<ImageData WholeExtent=\"0 3 0 2 "
         "0 2\" Origin=\"0 0 0\" Spacing=\"0.5 0.5 0.5\">\n<Piece Extent=\"0 3 0 2 0 2\"><CellData>"
         "\n<DataArray type=\"UInt8\" Name=\"label\" format=\"ascii\">3 0 2 4 1 3 0</DataArray>\n"
         "</CellData></Piece></ImageData></VTKFile>\n";
  CHECK(error_of<InputError>(dir / "short.vti").find("short.vti") != std::string::npos);
}

TEST_CASE("A .vti piece outside its WholeExtent is an InputError, not a heap overflow") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: VTK 9.1's XML reader copied the piece's cells
  // past the end of the whole extent's array.
  test::TempDir dir;
  auto write = [&](const std::string& name, const std::string& whole, const std::string& piece) {
    std::ofstream(dir / name)
        << "<?xml version=\"1.0\"?>\n<VTKFile type=\"ImageData\" version=\"0.1\">\n<ImageData "
           "WholeExtent=\""
        << whole << "\" Origin=\"0 0 0\" Spacing=\"0.5 0.5 0.5\">\n<Piece Extent=\"" << piece
        << "\"><CellData>\n<DataArray type=\"UInt8\" Name=\"label\" format=\"ascii\">3 0 2 4 "
           "1 3 0 2 4 1 3 0</DataArray>\n</CellData></Piece></ImageData></VTKFile>\n";
  };
  write("outside.vti", "3 3 0 2 0 2", "0 3 0 2 0 2");
  const std::string outside = error_of<InputError>(dir / "outside.vti");
  CHECK(outside.find("outside.vti") != std::string::npos);
  CHECK(outside.find("piece Extent \"0 3 0 2 0 2\" lies outside the WholeExtent \"3 3 0 2 0 2\"") !=
        std::string::npos);
  write("empty.vti", "0 3 2 0 0 2", "0 3 0 2 0 2");
  CHECK(error_of<InputError>(dir / "empty.vti").find("is empty along an axis") !=
        std::string::npos);
  // The same cells inside a matching extent read.
  write("inside.vti", "0 3 0 2 0 2", "0 3 0 2 0 2");
  CHECK(read_label_volume(dir / "inside.vti").geometry.dims.nx == 3);
}

TEST_CASE("A MetaImage ElementDataFile listing several files is an InputError") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: MetaIO takes '%' for a file-list pattern; a bad
  // pattern let std::length_error out of VTK (exit 3, "basic_string::_M_create") and a zero
  // step divided by zero (SIGFPE).
  test::TempDir dir;
  const std::vector<std::string> data_files = {std::string(1, '%').append(7, '\0').append("LOCAL"),
                                               "slice%d.raw 1 3 0", "LIST"};
  for (const std::string& data_file : data_files) {
    std::ofstream(dir / "list.mha") << "ObjectType = Image\nNDims = 3\nDimSize = 3 2 2\n"
                                       "ElementType = MET_UCHAR\nElementDataFile = "
                                    << data_file << "\n"
                                    << std::string(12, '\1');
    CHECK(error_of<InputError>(dir / "list.mha")
              .find("list.mha: a MetaImage ElementDataFile "
                    "that lists several files") != std::string::npos);
  }
}

TEST_CASE("A MetaImage with a negative DimSize is an InputError before MetaIO allocates") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: MetaIO took DimSize -2 for a huge size and asked
  // for 2^64 bytes.
  test::TempDir dir;
  std::ofstream(dir / "negative.mha") << "ObjectType = Image\nNDims = 3\nDimSize = 3 -2 2\n"
                                         "ElementType = MET_FLOAT\nElementDataFile = LOCAL\n"
                                      << std::string(48, '\0');
  CHECK(error_of<InputError>(dir / "negative.mha")
            .find("negative.mha: the header states 3 x 0 x 2 points") != std::string::npos);
}

TEST_CASE("A MetaImage header line too long for MetaIO's buffers is an InputError") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: MetaIO copied a long field into a 255-character
  // buffer (glibc aborted with "buffer overflow detected").
  test::TempDir dir;
  std::ofstream(dir / "long.mhd") << "OSHO" << std::string(300, '\x1a') << "\n";
  CHECK(error_of<InputError>(dir / "long.mhd").find("long.mhd: a MetaImage header line of 304") !=
        std::string::npos);
}

TEST_CASE("A MetaImage whose ElementDataFile is empty is an InputError before MetaIO reads on") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: MetaIO read past an empty ElementDataFile into a
  // long line that overflowed its 255-character buffer.
  test::TempDir dir;
  std::ofstream(dir / "empty.mha") << "ObjectType = Image\nNDims = 3\nDimSize = 3 2 2\n"
                                      "ElementType = MET_UCHAR\nElementDataFile = \n"
                                   << "ElementSpacing = " << std::string(300, 'J') << "\n";
  CHECK(error_of<InputError>(dir / "empty.mha").find("ElementDataFile names no data") !=
        std::string::npos);
}

TEST_CASE("MetaImage compressed data must state its size, and data file names be printable") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: with CompressedData = True, no
  // CompressedDataSize and a NUL in ElementDataFile, MetaIO asked for 2^63 bytes.
  test::TempDir dir;
  const std::string head =
      "ObjectType = Image\nNDims = 3\nDimSize = 2 2 2\n"
      "ElementType = MET_UCHAR\n";
  std::ofstream(dir / "nosize.mha") << head << "CompressedData = True\nElementDataFile = LOCAL\n"
                                    << std::string(16, 'x');
  CHECK(error_of<InputError>(dir / "nosize.mha").find("CompressedDataSize '(none)'") !=
        std::string::npos);
  std::ofstream(dir / "big.mha") << head << "CompressedData = True\nCompressedDataSize = 9999\n"
                                 << "ElementDataFile = LOCAL\n"
                                 << std::string(16, 'x');
  CHECK(error_of<InputError>(dir / "big.mha").find("at most the data file's") != std::string::npos);
  std::ofstream(dir / "nul.mha", std::ios::binary)
      << head << "ElementDataFile = " << std::string(3, '\0') << "\n"
      << std::string(8, 'x');
  CHECK(error_of<InputError>(dir / "nul.mha").find("control character") != std::string::npos);
}

TEST_CASE("A MetaImage NDims other than 1, 2 or 3 is an InputError before MetaIO loops over it") {
  // Found by tests/fuzz/label_volume_fuzz.cpp: NDims = 888888888888 hung MetaIO.
  test::TempDir dir;
  std::ofstream(dir / "ndims.mha")
      << "ObjectType = Image\nNDims = 888888888888 3\nDimSize = 3 2 2\n"
         "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n"
      << std::string(12, '\1');
  CHECK(
      error_of<InputError>(dir / "ndims.mha").find("ndims.mha: MetaImage NDims '888888888888 3'") !=
      std::string::npos);
}
