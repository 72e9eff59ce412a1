#pragma once
// Each subcommand registers itself on the top-level CLI11 app; its callback does the work.
#include <CLI/CLI.hpp>

namespace photodose::cli {

void add_info_command(CLI::App& app);
void add_optics_command(CLI::App& app);
void add_mcx_command(CLI::App& app);
void add_validate_command(CLI::App& app);
void add_bench_command(CLI::App& app);
void add_run_command(CLI::App& app);
void add_optimize_command(CLI::App& app);

}  // namespace photodose::cli
