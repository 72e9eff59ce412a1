#include "photodose/io/output_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "photodose/common/errors.h"

namespace photodose {
namespace fs = std::filesystem;

namespace {

fs::path lock_path(const fs::path& final_path) {
  std::string name = ".";  // appended, not operator+(const char*, string&&): GCC 12 -Wrestrict
  name += final_path.filename().string();
  name += ".lock";
  return final_path.parent_path() / name;
}

}  // namespace

OutputLock::OutputLock(const fs::path& final_path) : path_(lock_path(final_path)) {
  // A holder removes the file when it is done, so the file locked may no longer be the one at
  // the path: retry until the lock is on the file the path names.
  for (;;) {
    const int fd = open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
      throw RuntimeError("cannot create the lock file '" + path_.string() + "' for the output: " +
                         std::strerror(errno) + "; choose a writable location with -o");
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      char holder[32] = {};
      [[maybe_unused]] const ssize_t n = pread(fd, holder, sizeof holder - 1, 0);
      close(fd);
      if (error == EWOULDBLOCK)
        throw RuntimeError("output directory '" + final_path.string() +
                           "' is being written by another photodose run (process " +
                           (holder[0] ? std::string(holder) : std::string("unknown")) +
                           "); wait for it to finish or choose another -o");
      throw RuntimeError("cannot lock '" + path_.string() + "': " + std::strerror(error));
    }
    struct stat locked {
    }, named{};
    if (fstat(fd, &locked) == 0 && stat(path_.c_str(), &named) == 0 &&
        locked.st_dev == named.st_dev && locked.st_ino == named.st_ino) {
      fd_ = fd;
      break;
    }
    close(fd);
  }
  const std::string pid = std::to_string(getpid());
  if (ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t n = pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

OutputLock::~OutputLock() {
  release();
}

OutputLock::OutputLock(OutputLock&& other) noexcept
    : path_(std::move(other.path_)), fd_(other.fd_) {
  other.fd_ = -1;
}

OutputLock& OutputLock::operator=(OutputLock&& other) noexcept {
  if (this != &other) {
    release();
    path_ = std::move(other.path_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void OutputLock::release() noexcept {
  if (fd_ < 0) return;
  unlink(path_.c_str());  // while still holding the lock: see the constructor's retry
  close(fd_);
  fd_ = -1;
}

}  // namespace photodose
