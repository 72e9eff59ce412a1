#include "photodose/io/interrupt.h"

#include <unistd.h>

#include <csignal>

namespace photodose {
namespace {

// The one piece of process-wide state: a signal handler can reach nothing else safely.
volatile std::sig_atomic_t g_signal = 0;

const char* signal_name(int s) {
  switch (s) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    case SIGHUP:
      return "SIGHUP";
    default:
      return "a signal";
  }
}

extern "C" void on_interrupt(int s) {
  if (g_signal != 0) {  // second signal: the default action, at once
    std::signal(s, SIG_DFL);
    std::raise(s);
    return;
  }
  g_signal = s;
  static const char note[] =
      "\nphotodose: interrupted; stopping at the next safe point and removing partial output "
      "(interrupt again to stop at once)\n";
  [[maybe_unused]] ssize_t ignored = write(STDERR_FILENO, note, sizeof note - 1);
}

}  // namespace

Interrupted::Interrupted(int signal_number)
    : RuntimeError(std::string("interrupted by ") + signal_name(signal_number) +
                   "; no results were written and the output directory is as it was"),
      signal_number_(signal_number) {}

bool install_interrupt_handlers() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  // Restart interrupted system calls: the run stops at a check, not in the middle of a write.
  // Each handler resets itself, so the second signal of a kind takes its default action.
  action.sa_flags = SA_RESTART | SA_RESETHAND;
  bool ok = true;
  for (int s : {SIGINT, SIGTERM, SIGHUP}) ok = sigaction(s, &action, nullptr) == 0 && ok;
  // Past a file-size limit (ulimit -f) a write then fails with EFBIG, which the writers report
  // (exit 3, partial output removed), instead of the signal killing the process mid-write.
  ok = std::signal(SIGXFSZ, SIG_IGN) != SIG_ERR && ok;
  return ok;
}

int interrupt_signal() {
  return g_signal;
}

void throw_if_interrupted() {
  if (const int s = g_signal; s != 0) throw Interrupted(s);
}

void set_interrupt_for_testing(int signal_number) {
  g_signal = signal_number;
}

}  // namespace photodose
