// `photodose mcx`: broken inputs exit 2 naming the JSON pointer and leave no output directory;
// a good input writes summary.json and fields.vti.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_support.h"
#include "photodose/io/vti.h"

using namespace photodose;
using namespace photodose::test;
namespace fs = std::filesystem;

namespace {

const char* kGood = R"({
  "Session": {"ID": "tiny", "Photons": 2000, "RNGSeed": 3, "DoMismatch": 1},
  "Domain": {"Dim": [10, 10, 10], "OriginType": 1,
             "Media": [{"mua": 0, "mus": 0, "g": 1, "n": 1},
                       {"mua": 0.05, "mus": 1, "g": 0.9, "n": 1.37}]},
  "Shapes": [{"Grid": {"Tag": 1, "Size": [10, 10, 10]}}],
  "Forward": {"T0": 0, "T1": 5e-9, "Dt": 5e-9},
  "Optode": {"Source": {"Type": "pencil", "Pos": [5, 5, 0], "Dir": [0, 0, 1]}}
})";

CommandResult run_case(const std::string& name, const std::string& text, fs::path* out_dir) {
  const fs::path dir = fresh_dir("mcx-" + name);
  write_text(dir / "input.json", text);
  *out_dir = dir / "out";
  return run_photodose("mcx " + (dir / "input.json").string() + " -o " + out_dir->string() +
                       " --quiet --threads 2");
}

void expect_input_error(const std::string& name, const std::string& text,
                        const std::string& pointer) {
  fs::path out;
  const CommandResult r = run_case(name, text, &out);
  INFO(name << ": " << r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(pointer) != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

std::string with(const std::string& pointer, const nlohmann::json& value) {
  nlohmann::json doc = nlohmann::json::parse(kGood);
  doc[nlohmann::json::json_pointer(pointer)] = value;
  return doc.dump();
}

}  // namespace

TEST_CASE("photodose mcx writes summary.json and fields.vti") {
  fs::path out;
  const CommandResult r = run_case("good", kGood, &out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(fs::exists(out / "fields.vti"));
  const auto summary = nlohmann::json::parse(std::ifstream(out / "summary.json"));
  CHECK(summary["transport"][0]["photons"] == 2000);
  CHECK(summary["transport"][0]["energy"]["balance_error"].get<double>() < 1e-6);
  CHECK(summary["seed"] == 3);
  // What MCX users' scripts read: <ID>.mc2 (raw float32, x fastest, one gate) and <ID>.nii,
  // MCX's flux: the fluence of fields.vti over the gate's width (T1 - T0 = 5 ns).
  CHECK(summary["outputs"]["mc2"] == "tiny.mc2");
  CHECK(summary["time_gates"]["requested"] == 1);
  const VtiImage fields = read_vti(out / "fields.vti");
  const FieldArray* fluence = fields.find("fluence");
  REQUIRE(fluence != nullptr);
  std::ifstream raw(out / "tiny.mc2", std::ios::binary);
  std::vector<float> flux(1000);
  raw.read(reinterpret_cast<char*>(flux.data()), 4000);
  CHECK(raw.gcount() == 4000);
  CHECK(raw.peek() == EOF);
  double largest = 0;
  for (size_t v = 0; v < flux.size(); ++v) {
    CHECK(double(flux[v]) == doctest::Approx(fluence->at(v) / 5e-9).epsilon(1e-6));
    largest = std::max(largest, fluence->at(v));
  }
  CHECK(largest > 0);
  CHECK(fs::file_size(out / "tiny.nii") == 352 + 4000);  // NIfTI-1 header + float32 voxels
  CHECK(r.out.find("absorbed ") != std::string::npos);
  CHECK(r.out.find("(as MCX reports it)") != std::string::npos);  // no specular loss: one figure
}

TEST_CASE("photodose mcx: time gates are summed into one and the summary says so") {
  fs::path out;
  const CommandResult r = run_case("gates", with("/Forward/Dt", 1e-9), &out);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto summary = nlohmann::json::parse(std::ifstream(out / "summary.json"));
  CHECK(summary["time_gates"]["requested"] == 5);
  CHECK(summary["time_gates"]["written"] == 1);
  CHECK(summary["time_gates"]["how"].get<std::string>().find("multiply MCX's gates by Dt") !=
        std::string::npos);
  expect_input_error("t1_before_t0", with("/Forward/T0", 6e-9), "/Forward/T1");
}

TEST_CASE("photodose mcx: broken inputs exit 2 with the JSON pointer and no output") {
  expect_input_error(
      "label-without-medium",
      with("/Shapes/1", nlohmann::json::parse(R"({"Sphere": {"Tag": 3, "O": [5, 5, 5], "R": 2}})")),
      "/Domain/Media");
  expect_input_error("negative-mua", with("/Domain/Media/1/mua", -0.1), "/Domain/Media/1/mua");
  expect_input_error("unsupported-physics", with("/Domain/InverseCDF", nlohmann::json::array()),
                     "/Domain/InverseCDF");
  expect_input_error("unknown-key", with("/Forward/T2", 1e-9), "/Forward/T2");
  expect_input_error("malformed", "{\"Session\": {\"Photons\": 10,,}}", "input.json:1:");
  // Past 2^31 voxels (where MCX's own 32-bit indices fail) the volume is refused, with the
  // figure, before anything is allocated.
  expect_input_error("past-2^31-voxels", with("/Domain/Dim", {4096, 4096, 4096}),
                     "/Domain/Dim: 68719476736 voxels");
}

TEST_CASE("photodose mcx: a missing file exits 2") {
  const CommandResult r = run_photodose("mcx /nonexistent/input.json --quiet");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("/nonexistent/input.json") != std::string::npos);
}

TEST_CASE("photodose info runs without a GPU") {
  const CommandResult r = run_photodose("info --json");
  REQUIRE(r.exit_code == 0);
  const auto info = nlohmann::json::parse(r.out);
  CHECK(info["backends"][0] == "cpu");
  // A CUDA build that finds no device says why (the runtime's error), so a broken driver does
  // not pass for a machine without a GPU.
  if (info["backends"].size() == 2 && info["cuda_devices"].empty()) {
    REQUIRE(info.contains("cuda_error"));
    CHECK(info["cuda_error"].get<std::string>().rfind("cuda", 0) == 0);
  }
}

TEST_CASE("--backend cuda without a usable device exits 3, says why, writes nothing") {
  const CommandResult info = run_photodose("info --json");
  REQUIRE(info.exit_code == 0);
  if (!nlohmann::json::parse(info.out)["cuda_devices"].empty()) {
    MESSAGE("skipped: this machine has a CUDA device");
    return;
  }
  const fs::path dir = fresh_dir("mcx-no-device");
  write_text(dir / "input.json", kGood);
  const CommandResult r = run_photodose("mcx " + (dir / "input.json").string() + " -o " +
                                        (dir / "out").string() + " --quiet --backend cuda");
  CHECK(r.exit_code == 3);
  // A CPU-only build says so; a CUDA build without a device gives the runtime's reason.
  const bool says_why = r.err.find("built without CUDA") != std::string::npos ||
                        r.err.find("no CUDA device or driver found") != std::string::npos;
  CHECK_MESSAGE(says_why, r.err);
  CHECK(r.err.find("--backend cpu") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}
