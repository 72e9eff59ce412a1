#pragma once
// The two kinds of failure a user can see. Library code throws; only the CLI maps them to exit
// codes (InputError -> 2, RuntimeError -> 3) and never calls exit itself.
#include <stdexcept>
#include <string>

namespace photodose {

inline constexpr int kExitInputError = 2;
inline constexpr int kExitRuntimeError = 3;

// Invalid input. The message names where (file and JSON pointer), what was found and what is
// allowed, so the user can fix it without reading the code.
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, std::string pointer, std::string value, std::string allowed)
      : std::runtime_error(compose(file, pointer, value, allowed)),
        file_(std::move(file)),
        pointer_(std::move(pointer)),
        value_(std::move(value)),
        allowed_(std::move(allowed)) {}
  // For input that has no file or pointer (a command-line value, say).
  explicit InputError(const std::string& message) : std::runtime_error(message) {}

  const std::string& file() const { return file_; }
  const std::string& pointer() const { return pointer_; }
  const std::string& value() const { return value_; }
  const std::string& allowed() const { return allowed_; }

  // A copy with the file name filled in, for errors raised below the level that knows it.
  InputError in_file(const std::string& file) const {
    if (pointer_.empty() && value_.empty()) return InputError(file + ": " + what());
    return InputError(file, pointer_, value_, allowed_);
  }

 private:
  static std::string compose(const std::string& file, const std::string& pointer,
                             const std::string& value, const std::string& allowed) {
    std::string msg = file.empty() ? std::string("input") : file;
    msg += ": " + (pointer.empty() ? std::string("(document)") : pointer);
    msg += ": " + value;
    if (!allowed.empty()) msg += "; expected " + allowed;
    return msg;
  }
  std::string file_, pointer_, value_, allowed_;
};

// Failure while running valid input: no device, out of memory, numerical trouble, I/O error.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace photodose
