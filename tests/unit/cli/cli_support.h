#pragma once
// Running the photodose program from tests: exit code and captured stderr.
#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace photodose::test {

struct CommandResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs `photodose <args>` through the shell, after the shell commands `before` (e.g. a ulimit);
// args must be shell-safe.
inline CommandResult run_photodose(const std::string& args, const std::string& before = "") {
  // One capture directory per test process: ctest runs the CLI tests in parallel.
  const auto dir =
      std::filesystem::temp_directory_path() / ("photodose-cli-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto out = dir / "stdout.txt", err = dir / "stderr.txt";
  const std::string cmd =
      before + std::string(PHOTODOSE_EXE) + " " + args + " >" + out.string() + " 2>" + err.string();
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ostringstream o, e;
  o << std::ifstream(out).rdbuf();
  e << std::ifstream(err).rdbuf();
  r.out = o.str();
  r.err = e.str();
  std::filesystem::remove_all(dir);
  return r;
}

// A fresh empty temporary directory for one test (per process, as tests run in parallel).
inline std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("photodose-test-" + name + "-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace photodose::test
