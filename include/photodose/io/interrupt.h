#pragma once
// Ctrl-C and `kill` during a run: finish cleanly instead of leaving half-written results.
//
// install_interrupt_handlers() (called once by the CLI) makes the first SIGINT, SIGTERM or SIGHUP
// only set a flag and print a one-line note; long loops call throw_if_interrupted() at safe
// points (between photon batches, heat steps, output files), which throws Interrupted. Unwinding
// then runs OutputDirectory's destructor, which deletes the staging directory, and main maps the
// exception to exit code 3. A second signal restores the default action and re-raises it, killing
// the process at once; its staging directory is then deleted by the next run for the same OUTDIR
// (see output_directory.h). SIGXFSZ is ignored, so a file-size limit makes a write fail (and the
// run report it) instead of killing the process. Nothing but a flag is touched inside the signal
// handler, so it is async-signal-safe. Call throw_if_interrupted() outside OpenMP parallel regions
// (an exception must not leave one); inside, poll interrupt_signal() and leave the loop instead.
#include <string>

#include "photodose/common/errors.h"

namespace photodose {

class Interrupted : public RuntimeError {
 public:
  explicit Interrupted(int signal_number);
  int signal_number() const { return signal_number_; }

 private:
  int signal_number_;
};

// Installs the handlers (idempotent). Returns false if the system refused.
bool install_interrupt_handlers();
// The signal received since the handlers were installed (or the flag was cleared), or 0.
int interrupt_signal();
// Throws Interrupted if a signal was received.
void throw_if_interrupted();
// For tests: pretend `signal_number` arrived (0 clears it).
void set_interrupt_for_testing(int signal_number);

}  // namespace photodose
