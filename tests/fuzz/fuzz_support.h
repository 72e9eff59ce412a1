#pragma once
// What the fuzz targets share: the readers under test take file names (as the program does), so
// each input is written to a file in a private temporary folder first; and the rule that a bad
// input may only end in photodose's own errors (InputError, RuntimeError), which the program
// reports with a message and exit code 2 or 3. Any other exception escapes the target, and
// libFuzzer reports it as a crash.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "photodose/common/errors.h"

namespace photodose::fuzz {

// A folder of this process's own, made once and removed at exit.
inline const std::filesystem::path& scratch_dir() {
  static const std::filesystem::path dir = [] {
    std::string tmpl = (std::filesystem::temp_directory_path() / "photodose-fuzz-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) std::abort();
    std::atexit([] { std::filesystem::remove_all(scratch_dir()); });
    return std::filesystem::path(tmpl);
  }();
  return dir;
}

// Writes `bytes` to scratch_dir()/name and returns the path.
inline std::filesystem::path write_scratch(const std::string& name, std::string_view bytes) {
  const std::filesystem::path path = scratch_dir() / name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  if (!out) std::abort();
  return path;
}

// Runs `f`, accepting photodose's errors as the right answer to a bad input.
template <class F>
void expect_clean_errors(F&& f) {
  try {
    f();
  } catch (const InputError&) {
  } catch (const RuntimeError&) {
  }
}

}  // namespace photodose::fuzz
