#pragma once
// Progress of a long stage on stderr: percentage, elapsed time and an estimate of the time left.
// Also the place where Ctrl-C is noticed between batches or steps.
#include <chrono>
#include <string>

namespace photodose::cli {

class Progress {
 public:
  Progress(std::string stage, bool quiet);
  // fraction in [0, 1]; prints at most a few times a second. Throws Interrupted after Ctrl-C.
  void update(double fraction);
  // Ends the line with the total time.
  void done();

 private:
  std::string stage_;
  bool quiet_;
  bool printed_ = false;
  std::chrono::steady_clock::time_point start_, last_print_;
};

}  // namespace photodose::cli
