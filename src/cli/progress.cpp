#include "progress.h"

#include <cstdio>

#include "photodose/io/interrupt.h"

namespace photodose::cli {

Progress::Progress(std::string stage, bool quiet)
    : stage_(std::move(stage)), quiet_(quiet), start_(std::chrono::steady_clock::now()) {
  last_print_ = start_;
}

void Progress::update(double fraction) {
  throw_if_interrupted();
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_print_ < std::chrono::milliseconds(500) && fraction < 1.0) return;
  last_print_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double left = fraction > 0 ? elapsed * (1.0 - fraction) / fraction : 0.0;
  std::fprintf(stderr, "\r%s: %5.1f %%  %6.1f s elapsed, about %6.1f s left ", stage_.c_str(),
               100.0 * fraction, elapsed, left);
  std::fflush(stderr);
  printed_ = true;
}

void Progress::done() {
  if (quiet_) return;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::fprintf(stderr, "%s%s: done in %.1f s%30s\n", printed_ ? "\r" : "", stage_.c_str(), elapsed,
               "");
}

}  // namespace photodose::cli
