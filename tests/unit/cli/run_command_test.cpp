// `photodose run`: every preset runs at reduced photons and writes the outputs docs/interface.md
// lists; broken plans exit 2 (3 for memory) naming the pointer and leave no output directory;
// an unwritable output directory exits 3.
#include <doctest/doctest.h>

#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkNew.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_support.h"
#include "photodose/io/vti.h"

using namespace photodose;
using namespace photodose::test;
namespace fs = std::filesystem;

namespace {

const fs::path kPlans = fs::path(PHOTODOSE_TEST_DATA) / "plans";
const fs::path kPresets = fs::path(PHOTODOSE_SOURCE_DIR) / "presets";

// Number of distinct colours of a PNG and its size, read through VTK.
struct PngFacts {
  int width = 0, height = 0;
  size_t colours = 0;
};

PngFacts png_facts(const fs::path& path) {
  vtkNew<vtkPNGReader> reader;
  reader->SetFileName(path.c_str());
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  int dims[3];
  image->GetDimensions(dims);
  PngFacts f{dims[0], dims[1], 0};
  vtkDataArray* pixels = image->GetPointData()->GetScalars();
  std::set<uint32_t> colours;
  const int components = pixels->GetNumberOfComponents();
  for (vtkIdType i = 0; i < pixels->GetNumberOfTuples(); i += 7) {
    uint32_t c = 0;
    for (int k = 0; k < std::min(components, 3); ++k)
      c = c * 256 + uint32_t(pixels->GetComponent(i, k));
    colours.insert(c);
  }
  f.colours = colours.size();
  return f;
}

}  // namespace

TEST_CASE("Every preset runs at reduced photons and writes its outputs") {
  int presets = 0;
  for (const auto& e : fs::directory_iterator(kPresets)) {
    if (e.path().extension() != ".json") continue;
    ++presets;
    const fs::path out = fresh_dir("preset-" + e.path().stem().string()) / "out";
    const CommandResult r =
        run_photodose("run " + e.path().string() + " --photons 3000 --quiet -o " + out.string());
    INFO(e.path().filename().string() << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    const auto summary = nlohmann::json::parse(std::ifstream(out / "summary.json"));
    CHECK(summary.contains("regions"));
    CHECK(summary["warnings"].is_array());
    for (const auto& w : summary["warnings"])  // every probe lies in tissue, inside the grid
      CHECK(w.get<std::string>().rfind("probe '", 0) != 0);
    for (const auto& item : summary["outputs"].items())  // each named file was written
      if (item.value().is_string())
        CHECK_MESSAGE(fs::is_regular_file(out / item.value().get<std::string>()), item.key());
    for (const auto& t : summary["transport"])
      CHECK(t["energy"]["balance_error"].get<double>() < 1e-6);
    const VtiImage fields = read_vti(out / "fields.vti");
    CHECK(fields.find("label") != nullptr);
    CHECK(fs::exists(out / "dvh.csv"));
    if (summary.contains("thermal")) {
      CHECK(fields.find("temperature_max_C") != nullptr);
      CHECK(fields.find("thermal_damage_omega") != nullptr);
      CHECK(fields.find("cem43_min") != nullptr);
      CHECK(fs::exists(out / "probes.csv"));
    }
    if (summary.contains("pdt")) {
      CHECK(fields.find("singlet_oxygen_rx_mM") != nullptr);
      CHECK(fields.find("pdt_necrosis") != nullptr);
    }
    if (!summary["transport"].empty()) CHECK(fields.find("fluence_J_per_cm2") != nullptr);
    // Pictures: the stated size, and not blank.
    int pictures = 0;
    for (const auto& p : summary["outputs"]["pictures"]) {
      const PngFacts png = png_facts(out / p.get<std::string>());
      CHECK(png.width == 1000);
      CHECK(png.height == 800);
      CHECK(png.colours > 20);
      ++pictures;
    }
    CHECK(pictures >= 4);
  }
  CHECK(presets >= 8);
}

TEST_CASE("photodose run: broken plans exit with their code, name the pointer, write nothing") {
  std::ifstream in(kPlans / "broken" / "expected.json");
  const auto cases = nlohmann::json::parse(in)["cases"];
  for (auto it = cases.begin(); it != cases.end(); ++it) {
    const auto& want = it.value();
    const fs::path out = fresh_dir("broken-run") / "out";
    const CommandResult r =
        run_photodose("run " + (kPlans / "broken" / (it.key() + ".json")).string() +
                      " --quiet -o " + out.string());
    INFO(it.key() << ": " << r.err);
    CHECK(r.exit_code == want["exit"].get<int>());
    if (want.contains("pointer"))
      CHECK(r.err.find(want["pointer"].get<std::string>()) != std::string::npos);
    CHECK_FALSE(fs::exists(out));
    CHECK(fs::is_empty(out.parent_path()));  // no staging directory left behind either
  }
}

TEST_CASE("photodose run: an unwritable output directory exits 3 with a clear message") {
  const CommandResult r = run_photodose("run " + (kPlans / "good" / "pdt_photofrin.json").string() +
                                        " --photons 1000 --quiet -o /proc/photodose-cannot/out");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("/proc/photodose-cannot") != std::string::npos);
}

TEST_CASE("photodose run: a file-size limit exits 3 with the system's words, nothing left") {
  // Without care the kernel's SIGXFSZ kills the run mid-write and leaves its staging directory.
  const fs::path dir = fresh_dir("run-file-size");
  for (const int limit_KiB : {1, 16}) {
    CAPTURE(limit_KiB);
    const CommandResult r =
        run_photodose("run " + (kPlans / "good" / "pdt_photofrin.json").string() +
                          " --photons 1000 --quiet -o " + (dir / "out").string(),
                      "ulimit -f " + std::to_string(limit_KiB) + "; ");
    CHECK(r.exit_code == 3);
    const bool system_words = r.err.find("File too large") != std::string::npos ||
                              r.err.find("No space left on device") != std::string::npos;
    CHECK_MESSAGE(system_words, r.err);
    CHECK(fs::is_empty(dir));  // neither the output nor its staging directory
  }
  fs::remove_all(dir);
}

TEST_CASE("photodose run: a missing plot driver exits 3 before computing, never prompts") {
  // PLplot itself would prompt on stdin for a device and then exit 1; photodose checks first.
  const fs::path dir = fresh_dir("run-no-driver");
  ::setenv("PLPLOT_DRV_DIR", (dir / "no-drivers").c_str(), 1);  // inherited by the program
  const CommandResult r =
      run_photodose("run " + (kPlans / "good" / "pdt_photofrin.json").string() +
                    " --photons 1000 --quiet -o " + (dir / "out").string() + " </dev/null");
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("memcairo") != std::string::npos);
  CHECK(r.err.find((dir / "no-drivers").string()) != std::string::npos);
  CHECK(r.err.find("Enter device") == std::string::npos);
  CHECK(!fs::exists(dir / "out"));
  // A plan that asks for no pictures does not need the driver.
  const fs::path plan = dir / "no_png.json";
  nlohmann::json doc;
  std::ifstream(kPlans / "good" / "pdt_photofrin.json") >> doc;
  doc["outputs"]["png"] = false;
  std::ofstream(plan) << doc.dump();
  const CommandResult ok =
      run_photodose("run " + plan.string() + " --photons 1000 --quiet -o " + (dir / "ok").string());
  ::unsetenv("PLPLOT_DRV_DIR");
  CHECK(ok.exit_code == 0);
  fs::remove_all(dir);
}

namespace {

// Starts a long run to dir/out in the background, waits until its staging directory exists
// (the run is past set-up and computing), sends `signal`, and returns the run's exit status.
int signalled_run_exit(const fs::path& dir, const std::string& signal) {
  const fs::path code = dir / "exit-code";
  const std::string script =
      std::string(PHOTODOSE_EXE) + " run " + (kPlans / "good" / "pdt_photofrin.json").string() +
      " --photons 2000000000 --quiet -o " + (dir / "out").string() + " 2>" +
      (dir / "stderr.txt").string() + " & pid=$!; for i in $(seq 1200); do " + "ls -d " +
      (dir / "out.tmp-").string() + "* >/dev/null 2>&1 && break; sleep 0.05; done; " + "kill -" +
      signal + " $pid; wait $pid 2>/dev/null; echo $? >" + code.string();
  const int status = std::system(("bash -c '" + script + "'").c_str());
  REQUIRE(WIFEXITED(status));
  int exit_code = -1;
  std::ifstream(code) >> exit_code;
  fs::remove(code);
  return exit_code;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  return names;
}

}  // namespace

TEST_CASE("photodose run: SIGTERM stops like SIGINT, exit 3, nothing written") {
  const fs::path dir = fresh_dir("run-sigterm");
  CHECK(signalled_run_exit(dir, "TERM") == 3);
  std::ostringstream err;
  err << std::ifstream(dir / "stderr.txt").rdbuf();
  CHECK_MESSAGE(err.str().find("interrupted by SIGTERM") != std::string::npos, err.str());
  fs::remove(dir / "stderr.txt");
  CHECK(entries(dir).empty());  // no result, no staging directory, no lock
  fs::remove_all(dir);
}

TEST_CASE("photodose run: after SIGKILL the next run removes the orphan and says so") {
  const fs::path dir = fresh_dir("run-sigkill");
  CHECK(signalled_run_exit(dir, "KILL") == 128 + SIGKILL);
  fs::remove(dir / "stderr.txt");
  std::string orphan;
  for (const std::string& name : entries(dir))
    if (name.rfind("out.tmp-", 0) == 0) orphan = name;
  REQUIRE_MESSAGE(!orphan.empty(), "a killed run leaves its staging directory");
  const CommandResult r = run_photodose("run " + (kPlans / "good" / "pdt_photofrin.json").string() +
                                        " --photons 1000 --quiet -o " + (dir / "out").string());
  CHECK(r.exit_code == 0);
  CHECK_MESSAGE(r.err.find("note: removed the unfinished output '" + (dir / orphan).string()) !=
                    std::string::npos,
                r.err);
  CHECK(entries(dir) == std::vector<std::string>{"out"});
  fs::remove_all(dir);
}

TEST_CASE("photodose run: same seed gives bitwise-identical fields for 1 and 2 threads") {
  const fs::path dir = fresh_dir("run-threads");
  const std::string plan = (kPlans / "good" / "pdt_photofrin.json").string();
  REQUIRE(run_photodose("run " + plan + " --photons 4000 --threads 1 --quiet -o " +
                        (dir / "a").string())
              .exit_code == 0);
  REQUIRE(run_photodose("run " + plan + " --photons 4000 --threads 2 --quiet -o " +
                        (dir / "b").string())
              .exit_code == 0);
  const VtiImage a = read_vti(dir / "a" / "fields.vti"), b = read_vti(dir / "b" / "fields.vti");
  REQUIRE(a.arrays.size() == b.arrays.size());
  for (size_t i = 0; i < a.arrays.size(); ++i) {
    INFO(a.arrays[i].name);
    CHECK(a.arrays[i].values == b.arrays[i].values);
  }
}

TEST_CASE("photodose run keeps the plan as run: --set applied, listed, and plan.json reruns it") {
  // full_featured.json reads a label volume by a relative path: the kept copy names it whole.
  const fs::path dir = fresh_dir("run-plan-as-run");
  const std::string plan = (kPlans / "good" / "full_featured.json").string();
  const CommandResult first =
      run_photodose("run " + plan +
                    " --photons 2000 --seed 5 --quiet --set /sources/0/power_W=0.7"
                    " -o " +
                    (dir / "first").string());
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  const auto summary = nlohmann::json::parse(std::ifstream(dir / "first" / "summary.json"));
  CHECK(summary["overrides"] == nlohmann::json::array({"/sources/0/power_W=0.7"}));
  const auto kept = nlohmann::json::parse(std::ifstream(dir / "first" / "plan.json"));
  CHECK(kept["sources"][0]["power_W"] == 0.7);
  // Run the kept copy from another folder: the same results, bit for bit.
  fs::create_directories(dir / "elsewhere");
  fs::copy_file(dir / "first" / "plan.json", dir / "elsewhere" / "plan.json");
  const CommandResult again =
      run_photodose("run " + (dir / "elsewhere" / "plan.json").string() +
                    " --photons 2000 --seed 5 --quiet -o " + (dir / "again").string());
  REQUIRE_MESSAGE(again.exit_code == 0, again.err);
  std::ostringstream a, b;
  a << std::ifstream(dir / "first" / "fields.vti", std::ios::binary).rdbuf();
  b << std::ifstream(dir / "again" / "fields.vti", std::ios::binary).rdbuf();
  CHECK(a.str() == b.str());
  fs::remove_all(dir);
}
