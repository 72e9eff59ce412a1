#pragma once
// The two kinds of failure a user can see. Library code throws; only the CLI maps them to exit
// codes (InputError -> 2, RuntimeError -> 3) and never calls exit itself.
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

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

  // Several independent errors found in one pass over the input: the first one's fields and
  // every message, one per line (`count()` of them).
  static InputError combined(const std::vector<InputError>& errors) {
    if (errors.size() == 1) return errors.front();
    std::string message;
    for (const InputError& e : errors) {
      if (!message.empty()) message.push_back('\n');
      message.append(e.what());
    }
    InputError all(errors.front(), message);
    all.parts_ = std::make_shared<const std::vector<InputError>>(errors);
    return all;
  }
  // The errors one by one (this error alone when it is not combined).
  std::vector<InputError> parts() const {
    return parts_ ? *parts_ : std::vector<InputError>{*this};
  }

  // A copy with the file name filled in, for errors raised below the level that knows it.
  InputError in_file(const std::string& file) const {
    if (pointer_.empty() && value_.empty()) return InputError(file + ": " + what());
    return InputError(file, pointer_, value_, allowed_);
  }

 private:
  InputError(const InputError& first, const std::string& message)
      : std::runtime_error(message),
        file_(first.file_),
        pointer_(first.pointer_),
        value_(first.value_),
        allowed_(first.allowed_) {}
  static std::string compose(const std::string& file, const std::string& pointer,
                             const std::string& value, const std::string& allowed) {
    std::string msg = file.empty() ? std::string("input") : file;
    msg += ": " + (pointer.empty() ? std::string("(document)") : pointer);
    msg += ": " + value;
    if (!allowed.empty()) msg += "; expected " + allowed;
    return msg;
  }
  std::string file_, pointer_, value_, allowed_;
  std::shared_ptr<const std::vector<InputError>> parts_;  // set when combined
};

// Failure while running valid input: no device, out of memory, numerical trouble, I/O error.
class RuntimeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace photodose
