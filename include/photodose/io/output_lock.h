#pragma once
// One writer per output directory: two runs to the same OUTDIR at once would each write a whole
// result, and the later commit would silently replace the earlier one. The second run instead
// fails at once, naming the process that holds the directory.
//
// The lock is an flock(2) on `<parent>/.<name>.lock`, held from before any computation until the
// result is committed or rolled back, then the file is removed. A holder killed outright leaves
// the file without a lock; the next run takes it over. flock locks are released by the kernel
// when the process dies, so a stale file never blocks.
#include <filesystem>

namespace photodose {

class OutputLock {
 public:
  OutputLock() = default;
  // Takes the lock of `final_path` (normalised, its parent existing). RuntimeError (exit 3)
  // naming the directory and the holder's process id when another run holds it, or the
  // operating system's reason when the lock file cannot be made.
  explicit OutputLock(const std::filesystem::path& final_path);
  ~OutputLock();
  OutputLock(OutputLock&& other) noexcept;
  OutputLock& operator=(OutputLock&& other) noexcept;
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  // Removes the lock file and releases the lock (what the destructor does). Never throws.
  void release() noexcept;
  bool held() const { return fd_ >= 0; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

}  // namespace photodose
