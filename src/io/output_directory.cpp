#include "photodose/io/output_directory.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

#include "photodose/common/errors.h"

namespace photodose {
namespace fs = std::filesystem;
namespace {

std::string os_reason(int error) {
  return std::strerror(error);
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || !buf[0]) return "host";
  std::string out;
  for (const char* c = buf; *c; ++c)
    out += (std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' || *c == '_') ? *c : '_';
  return out;
}

std::string random_tag() {
  std::random_device device;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%08x", unsigned(device()));
  return buf;
}

// `<name>.<kind>-<host>-`: the prefix of this host's staging ("tmp") and set-aside ("old") names.
std::string sibling_prefix(const fs::path& final_path, const char* kind) {
  return final_path.filename().string() + "." + kind + "-" + host_name() + "-";
}

fs::path sibling(const fs::path& final_path, const char* kind) {
  return final_path.parent_path() /
         (sibling_prefix(final_path, kind) + std::to_string(getpid()) + "-" + random_tag());
}

// The process id in a sibling's name (after the prefix), or 0.
pid_t pid_in(const std::string& name, const std::string& prefix) {
  if (name.compare(0, prefix.size(), prefix) != 0) return 0;
  long pid = 0;
  size_t i = prefix.size();
  for (; i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])); ++i)
    pid = pid * 10 + (name[i] - '0');
  return (i < name.size() && name[i] == '-' && pid > 0) ? pid_t(pid) : 0;
}

bool process_gone(pid_t pid) {
  return kill(pid, 0) != 0 && errno == ESRCH;
}

// Deletes staging directories of dead processes; puts back a result a killed commit had moved
// aside (and deletes such a copy when a result is in place). Returns what it did, one line each.
std::vector<std::string> sweep_orphans(const fs::path& final_path) {
  const std::string tmp = sibling_prefix(final_path, "tmp");
  const std::string old = sibling_prefix(final_path, "old");
  std::error_code ec;
  std::vector<fs::path> stale_tmp, stale_old;
  for (const auto& entry : fs::directory_iterator(final_path.parent_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (pid_t p = pid_in(name, tmp); p && p != getpid() && process_gone(p))
      stale_tmp.push_back(entry.path());
    if (pid_t p = pid_in(name, old); p && p != getpid() && process_gone(p))
      stale_old.push_back(entry.path());
  }
  std::vector<std::string> done;
  const auto said = [&](const fs::path& p, const std::string& what) {
    done.push_back(what + " '" + p.string() + "', left by a run whose process is gone");
  };
  for (const fs::path& p : stale_tmp)
    if (fs::remove_all(p, ec) > 0 && !ec) said(p, "removed the unfinished output");
  for (const fs::path& p : stale_old) {
    if (!fs::exists(fs::symlink_status(final_path, ec))) {
      fs::rename(p, final_path, ec);
      if (!ec) said(p, "restored the previous result from");
    } else if (fs::remove_all(p, ec) > 0 && !ec) {
      said(p, "removed the replaced result");
    }
  }
  return done;
}

// fsync every file below `dir` and the directories themselves, so that the renamed result is
// on disk before it becomes visible (a crash right after commit cannot leave empty files).
void sync_tree(const fs::path& dir) {
  std::error_code ec;
  auto sync_one = [](const fs::path& p, bool directory) {
    const int fd = open(p.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
  };
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec))
    sync_one(it->path(), it->is_directory(ec));
  sync_one(dir, true);
}

fs::path normalised(const fs::path& p) {
  fs::path out = fs::absolute(p).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();  // "out/" -> "out"
  return out;
}

void check_replaceable(const fs::path& final_path) {
  std::error_code ec;
  const fs::file_status st = fs::symlink_status(final_path, ec);
  if (!fs::exists(st)) return;
  const std::string where = "output directory '" + final_path.string() + "'";
  if (fs::is_symlink(st))
    throw RuntimeError(where + " is a symbolic link; give the real path with -o");
  if (!fs::is_directory(st))
    throw RuntimeError(where + " exists and is not a directory; choose another -o");
  if (!replaceable_output_directory(final_path))
    throw RuntimeError(where +
                       " exists and is not a photodose result (no summary.json); "
                       "choose another -o or move it away first");
}

}  // namespace

bool replaceable_output_directory(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(fs::symlink_status(dir, ec))) return false;
  if (fs::is_empty(dir, ec) && !ec) return true;
  const fs::path summary = dir / "summary.json";
  if (!fs::is_regular_file(fs::symlink_status(summary, ec))) return false;
  std::ifstream in(summary, std::ios::binary);
  std::string head(65536, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  head.resize(size_t(in.gcount()));
  return head.find("\"photodose_version\"") != std::string::npos;
}

OutputDirectory::OutputDirectory(fs::path final_path) : final_path_(normalised(final_path)) {
  if (final_path_ == final_path_.root_path() || final_path_.filename() == "..")
    throw RuntimeError("'" + final_path.string() + "' cannot be an output directory");
  check_replaceable(final_path_);
  // Create missing parents, outermost first, remembering them for rollback.
  std::vector<fs::path> missing;
  std::error_code ec;
  for (fs::path p = final_path_.parent_path(); !fs::exists(fs::symlink_status(p, ec));
       p = p.parent_path()) {
    missing.push_back(p);
    if (p == p.root_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (mkdir(it->c_str(), 0777) != 0 && errno != EEXIST) {
      const int error = errno;
      rollback();
      throw RuntimeError("cannot create directory '" + it->string() + "' for the output: " +
                         os_reason(error) + "; choose a writable location with -o");
    }
    created_parents_.push_back(*it);
  }
  try {
    lock_ = OutputLock(final_path_);
  } catch (...) {
    rollback();
    throw;
  }
  notices_ = sweep_orphans(final_path_);
  for (int attempt = 0;; ++attempt) {
    staging_path_ = sibling(final_path_, "tmp");
    if (mkdir(staging_path_.c_str(), 0777) == 0) break;
    const int error = errno;
    if (error == EEXIST && attempt < 100) continue;
    staging_path_.clear();
    rollback();
    throw RuntimeError("cannot create the output directory in '" +
                       final_path_.parent_path().string() + "': " + os_reason(error) +
                       "; choose a writable location with -o");
  }
}

OutputDirectory::~OutputDirectory() {
  rollback();
}

void OutputDirectory::rollback() noexcept {
  if (committed_ || rolled_back_) return;
  rolled_back_ = true;
  std::error_code ec;
  if (!staging_path_.empty()) fs::remove_all(staging_path_, ec);
  lock_.release();
  for (auto it = created_parents_.rbegin(); it != created_parents_.rend(); ++it)
    fs::remove(*it, ec);  // only succeeds while still empty
}

void OutputDirectory::commit() {
  if (committed_) return;
  if (rolled_back_) throw RuntimeError("output directory already rolled back; cannot commit");
  sync_tree(staging_path_);
  check_replaceable(final_path_);
  std::error_code ec;
  const std::string what = "cannot put the results in place at '" + final_path_.string() + "': ";
  if (!fs::exists(fs::symlink_status(final_path_, ec))) {
    if (std::rename(staging_path_.c_str(), final_path_.c_str()) != 0)
      throw RuntimeError(what + os_reason(errno));
  } else {
    bool exchanged = false;
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, staging_path_.c_str(), AT_FDCWD, final_path_.c_str(),
                  RENAME_EXCHANGE) == 0) {
      exchanged = true;
      fs::remove_all(staging_path_, ec);  // now the previous result
    } else if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP) {
      throw RuntimeError(what + os_reason(errno));
    }
#endif
    if (!exchanged) {
      const fs::path aside = sibling(final_path_, "old");
      if (std::rename(final_path_.c_str(), aside.c_str()) != 0)
        throw RuntimeError(what + "cannot move the previous result aside: " + os_reason(errno));
      if (std::rename(staging_path_.c_str(), final_path_.c_str()) != 0) {
        const int error = errno;
        std::rename(aside.c_str(), final_path_.c_str());
        throw RuntimeError(what + os_reason(error));
      }
      fs::remove_all(aside, ec);
    }
  }
  committed_ = true;
  lock_.release();
  // Make the rename itself durable.
  const int fd = open(final_path_.parent_path().c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

}  // namespace photodose
