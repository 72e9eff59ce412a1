// The broken-plan corpus (tests/data/plans/broken, expectations in expected.json) through the
// library in the order `photodose validate` uses: load_plan, check_run_memory, voxelize.
// Exit code 2 must be an InputError naming the expected JSON pointer, 3 a RuntimeError.
#include <doctest/doctest.h>

#include "photodose/plan/memory.h"
#include "photodose/plan/phantom.h"
#include "plan_support.h"

using namespace photodose;
using namespace photodose::test;

TEST_CASE("every broken plan fails with the expected error and pointer") {
  const auto expected = read_json(plans_dir() / "broken" / "expected.json")["cases"];
  REQUIRE(expected.size() >= 20);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(plans_dir() / "broken"))
    if (entry.path().extension() == ".json" && entry.path().stem() != "expected") ++files;
  CHECK(files == int(expected.size()));  // no case without expectations and vice versa

  for (auto it = expected.begin(); it != expected.end(); ++it) {
    const std::string name = it.key();
    const auto& want = it.value();
    const std::string path = (plans_dir() / "broken" / (name + ".json")).string();
    INFO(name);
    int exit_code = 0;
    std::string message, pointer;
    try {
      const plan::Plan p = plan::load_plan(path);
      plan::check_run_memory(p);
      plan::voxelize_phantom(p, 2);
    } catch (const InputError& e) {
      exit_code = 2;
      message = e.what();
      pointer = e.pointer();
    } catch (const RuntimeError& e) {
      exit_code = 3;
      message = e.what();
    }
    INFO(message);
    CHECK(exit_code == want["exit"].get<int>());
    if (want.contains("pointer")) CHECK(pointer == want["pointer"].get<std::string>());
    if (want.contains("contains"))
      for (const auto& text : want["contains"])
        CHECK(message.find(text.get<std::string>()) != std::string::npos);
    // The message always names the file.
    CHECK(message.find(name + ".json") != std::string::npos);
  }
}
