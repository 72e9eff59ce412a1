#pragma once
// Writing a result directory all-or-nothing. Files go into a private staging directory beside
// OUTDIR; commit() puts it in place with a rename at the very end. A run that throws, or is
// interrupted, leaves OUTDIR exactly as it was (absent, or the previous result).
//
// Policy
// - Staging directory: `<parent>/<name>.tmp-<host>-<pid>-<random>`, in OUTDIR's own parent, so
//   the final rename never crosses file systems and is atomic. Missing parents of OUTDIR are
//   created; those created are removed again on rollback when still empty.
// - An existing OUTDIR is replaced only at commit, and only if it is a directory that is empty
//   or holds a photodose summary.json (an earlier result). Anything else - a file, a symbolic
//   link, a directory of other data - is refused when the OutputDirectory is made (before any
//   computation), so a mistyped `-o $HOME` can never delete data.
// - Replacement exchanges the two directories atomically (Linux renameat2 RENAME_EXCHANGE),
//   then deletes the old one. Where the file system cannot exchange, the old directory is moved
//   aside, the new one renamed in (the old one is moved back if that fails), then the old one is
//   deleted. Either way OUTDIR is always either the complete old or the complete new result.
// - Staging directories orphaned by a process killed outright (SIGKILL, a second Ctrl-C, power
//   loss) are deleted by the next OutputDirectory for the same OUTDIR on the same host, once
//   the process named in them no longer exists; notices() says what was removed.
// - One run at a time per OUTDIR (output_lock.h): a second run to the same OUTDIR fails when
//   its OutputDirectory is made, before any computation, naming the process that holds it.
// Interrupts: see interrupt.h. The CLI turns SIGINT/SIGTERM into an exception at the next check,
// and unwinding runs this class's destructor, which deletes the staging directory.
#include <filesystem>
#include <string>
#include <vector>

#include "photodose/io/output_lock.h"

namespace photodose {

class OutputDirectory {
 public:
  // Prepares the staging directory for `final_path`. RuntimeError (exit code 3) naming the path
  // and the operating system's reason if it cannot be created, or if final_path exists and is
  // not a directory this class may replace (see the policy above).
  explicit OutputDirectory(std::filesystem::path final_path);
  // Deletes the staging directory unless committed. Never throws.
  ~OutputDirectory();
  OutputDirectory(const OutputDirectory&) = delete;
  OutputDirectory& operator=(const OutputDirectory&) = delete;

  // Where to write now (the staging directory); after commit(), the final path.
  const std::filesystem::path& path() const { return committed_ ? final_path_ : staging_path_; }
  // path() / name.
  std::filesystem::path file(const std::string& name) const { return path() / name; }
  const std::filesystem::path& final_path() const { return final_path_; }
  const std::filesystem::path& staging_path() const { return staging_path_; }
  bool committed() const { return committed_; }
  // What making it cleaned up (orphans of killed runs), one sentence each, for the user.
  const std::vector<std::string>& notices() const { return notices_; }

  // Puts the staging directory in place of final_path (see the policy). RuntimeError naming the
  // paths and the reason if it cannot; the staging directory is then still deleted by the
  // destructor and final_path is as it was.
  void commit();
  // Deletes the staging directory now (what the destructor does). Never throws.
  void rollback() noexcept;

 private:
  std::filesystem::path final_path_;
  std::filesystem::path staging_path_;
  std::vector<std::filesystem::path> created_parents_;  // deepest last
  std::vector<std::string> notices_;
  OutputLock lock_;
  bool committed_ = false;
  bool rolled_back_ = false;
};

// Whether `dir` may be replaced by a new result: an empty directory, or one holding a photodose
// summary.json. (Exposed for the CLI's messages and for tests.)
bool replaceable_output_directory(const std::filesystem::path& dir);

}  // namespace photodose
