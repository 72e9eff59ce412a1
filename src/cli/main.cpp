// photodose: light, heat and damage for nanoparticle photothermal and photodynamic therapy.
#include <iostream>

#include "commands.h"
#include "photodose/common/errors.h"
#include "photodose/io/interrupt.h"
#include "photodose/version.h"

int main(int argc, char** argv) {
  CLI::App app{
      "photodose: GPU-accelerated dosimetry for nanoparticle photothermal and "
      "photodynamic therapy"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("photodose ") + photodose::kVersion + " (" +
                                        photodose::kCommit + ")");
  photodose::cli::add_info_command(app);
  photodose::cli::add_optics_command(app);
  photodose::cli::add_mcx_command(app);
  photodose::cli::add_validate_command(app);
  photodose::cli::add_bench_command(app);
  photodose::cli::add_run_command(app);
  photodose::cli::add_optimize_command(app);
  photodose::install_interrupt_handlers();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return photodose::kExitInputError;
  } catch (const photodose::InputError& e) {
    const auto parts = e.parts();  // several independent errors: one line each
    for (const auto& part : parts) std::cerr << "error: " << part.what() << "\n";
    if (parts.size() > 1) std::cerr << parts.size() << " errors\n";
    return photodose::kExitInputError;
  } catch (const photodose::RuntimeError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return photodose::kExitRuntimeError;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory; reduce the grid or the photon batch size\n";
    return photodose::kExitRuntimeError;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return photodose::kExitRuntimeError;
  }
  return 0;
}
