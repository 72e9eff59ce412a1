// All-or-nothing output: commit puts the result in place, anything else leaves OUTDIR as it was.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include <doctest/doctest.h>

#include "photodose/io/interrupt.h"
#include "photodose/io/output_directory.h"
#include "unit/io/temp_dir.h"

using namespace photodose;
namespace fs = std::filesystem;

namespace {

size_t entries_in(const fs::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string host() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  std::string out;
  for (const char* c = buf; *c; ++c)
    out += (std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' || *c == '_') ? *c : '_';
  return out;
}

// The id of a process that has exited (and been reaped).
pid_t dead_pid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  int status = 0;
  waitpid(child, &status, 0);
  return child;
}

}  // namespace

TEST_CASE("commit creates OUTDIR (and missing parents) with the files written") {
  test::TempDir dir;
  const fs::path out = dir / "runs" / "plan-a";
  {
    OutputDirectory o(out);
    CHECK(o.staging_path().parent_path() == dir / "runs");
    CHECK_FALSE(fs::exists(out));
    write_text(o.file("summary.json"), "{\"photodose_version\": \"x\"}");
    o.commit();
    CHECK(o.committed());
    CHECK(o.path() == out);
  }
  CHECK(read_text(out / "summary.json") == "{\"photodose_version\": \"x\"}");
  CHECK(entries_in(dir / "runs") == 1);  // no staging directory left beside it
}

TEST_CASE("an exception before commit leaves nothing behind, not even created parents") {
  test::TempDir dir;
  const fs::path out = dir / "a" / "b" / "plan";
  try {
    OutputDirectory o(out);
    write_text(o.file("fields.vti"), "partial");
    throw RuntimeError("simulated failure in the middle of a run");
  } catch (const RuntimeError&) {
  }
  CHECK(entries_in(dir.path()) == 0);
}

TEST_CASE("an earlier result is replaced only at commit, and kept if the run fails") {
  test::TempDir dir;
  const fs::path out = dir / "plan";
  fs::create_directory(out);
  write_text(out / "summary.json", "{\"photodose_version\": \"old\"}");
  write_text(out / "old-only.png", "x");
  {
    OutputDirectory o(out);
    write_text(o.file("summary.json"), "{\"photodose_version\": \"new\"}");
    CHECK(read_text(out / "summary.json").find("old") != std::string::npos);  // untouched yet
    // No commit: the failed run must leave the old result exactly as it was.
  }
  CHECK(read_text(out / "summary.json").find("old") != std::string::npos);
  CHECK(fs::exists(out / "old-only.png"));
  {
    OutputDirectory o(out);
    write_text(o.file("summary.json"), "{\"photodose_version\": \"new\"}");
    o.commit();
  }
  CHECK(read_text(out / "summary.json").find("new") != std::string::npos);
  CHECK_FALSE(fs::exists(out / "old-only.png"));  // replaced as a whole, not merged
  CHECK(entries_in(dir.path()) == 1);
}

TEST_CASE("OUTDIR that is not a photodose result is refused before anything runs") {
  test::TempDir dir;
  fs::create_directory(dir / "data");
  write_text(dir / "data" / "thesis.tex", "precious");
  CHECK_THROWS_AS(OutputDirectory(dir / "data"), RuntimeError);
  write_text(dir / "file", "x");
  CHECK_THROWS_AS(OutputDirectory(dir / "file"), RuntimeError);
  fs::create_directory_symlink(dir / "data", dir / "link");
  CHECK_THROWS_AS(OutputDirectory(dir / "link"), RuntimeError);
  CHECK(read_text(dir / "data" / "thesis.tex") == "precious");
  CHECK(entries_in(dir.path()) == 3);
  // An empty directory is fine.
  fs::create_directory(dir / "empty");
  OutputDirectory ok(dir / "empty");
  ok.commit();
}

TEST_CASE("an unwritable place is a RuntimeError naming the path and the system's reason") {
  test::TempDir dir;
  write_text(dir / "plain-file", "x");
  try {
    OutputDirectory o(dir / "plain-file" / "out");
    FAIL("no exception");
  } catch (const RuntimeError& e) {
    const std::string what = e.what();
    MESSAGE(what);
    CHECK(what.find((dir / "plain-file").string()) != std::string::npos);
    CHECK(what.find("Not a directory") != std::string::npos);
  }
  if (geteuid() != 0) {  // root may write anywhere, so permissions only bind other users
    fs::create_directory(dir / "locked");
    fs::permissions(dir / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    try {
      OutputDirectory o(dir / "locked" / "out");
      FAIL("no exception");
    } catch (const RuntimeError& e) {
      CHECK(std::string(e.what()).find("Permission denied") != std::string::npos);
    }
  }
}

TEST_CASE("staging directories of killed runs are cleaned up and a set-aside result is restored") {
  test::TempDir dir;
  const fs::path out = dir / "plan";
  const std::string dead = std::to_string(dead_pid());
  const fs::path orphan = dir / ("plan.tmp-" + host() + "-" + dead + "-0badf00d");
  const fs::path aside = dir / ("plan.old-" + host() + "-" + dead + "-0badf00d");
  const fs::path alive = dir / ("plan.tmp-" + host() + "-1-0badf00d");  // pid 1 always exists
  const fs::path other_host = dir / ("plan.tmp-elsewhere-" + dead + "-0badf00d");
  for (const auto& p : {orphan, aside, alive, other_host}) fs::create_directory(p);
  write_text(aside / "summary.json", "{\"photodose_version\": \"old\"}");
  OutputDirectory o(out);
  CHECK_FALSE(fs::exists(orphan));
  CHECK_FALSE(fs::exists(aside));
  // Each clean-up is said, naming the directory.
  REQUIRE(o.notices().size() == 2);
  CHECK(o.notices()[0] == "removed the unfinished output '" + orphan.string() +
                              "', left by a run whose process is gone");
  CHECK(o.notices()[1].find("restored the previous result from '" + aside.string()) == 0);
  CHECK(read_text(out / "summary.json").find("old") != std::string::npos);  // put back
  CHECK(fs::exists(alive));
  CHECK(fs::exists(other_host));
}

TEST_CASE("interrupts become an exception at the next check, and unwinding cleans up") {
  test::TempDir dir;
  REQUIRE(install_interrupt_handlers());
  CHECK(interrupt_signal() == 0);
  std::raise(SIGINT);  // handled: the process goes on, the flag is set
  CHECK(interrupt_signal() == SIGINT);
  try {
    OutputDirectory o(dir / "plan");
    write_text(o.file("fields.vti"), "partial");
    throw_if_interrupted();
    FAIL("no exception");
  } catch (const Interrupted& e) {
    CHECK(e.signal_number() == SIGINT);
    CHECK(std::string(e.what()).find("SIGINT") != std::string::npos);
  }
  CHECK(entries_in(dir.path()) == 0);
  set_interrupt_for_testing(0);
  std::signal(SIGINT, SIG_DFL);
  CHECK_NOTHROW(throw_if_interrupted());
}

TEST_CASE("OutputDirectory: a second run to the same OUTDIR fails at once, naming the first") {
  test::TempDir tmp;
  const fs::path out = tmp.path() / "result";
  {
    OutputDirectory first(out);
    write_text(first.file("summary.json"), "{\"photodose_version\": \"first\"}");
    bool refused = false;
    try {
      OutputDirectory second(out);
    } catch (const RuntimeError& e) {
      refused = true;
      const std::string what = e.what();
      CHECK(what.find("being written by another photodose run") != std::string::npos);
      CHECK(what.find("process " + std::to_string(getpid())) != std::string::npos);
    }
    CHECK(refused);
    // A different OUTDIR in the same parent is not affected.
    OutputDirectory other(tmp.path() / "other");
    first.commit();
  }
  // The first run's result is whole, and neither lock file nor staging directory is left.
  CHECK(read_text(out / "summary.json").find("first") != std::string::npos);
  CHECK(entries_in(tmp.path()) == 1);
  // Once the first is done, the next run to the same OUTDIR proceeds.
  OutputDirectory next(out);
  CHECK(fs::exists(next.staging_path()));
}
