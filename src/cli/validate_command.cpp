// `photodose validate PLAN.json [--set /pointer=VALUE]... [--pictures DIR]`: reads and checks a
// plan as `run` would (parsing, cross-references, the memory a run needs, the voxelised phantom),
// then prints "ok" and a short summary on stdout, warnings on stderr; --pictures also draws the
// phantom's mid-planes. Errors exit 2 (input) or 3 (memory, a missing plot driver).
#include <iostream>
#include <memory>

#include "commands.h"
#include "photodose/common/json_input.h"
#include "photodose/io/plot.h"
#include "photodose/pipeline/phantom_pictures.h"
#include "photodose/plan/describe.h"
#include "photodose/plan/memory.h"
#include "photodose/plan/parse.h"
#include "photodose/plan/phantom.h"

namespace photodose::cli {

void add_validate_command(CLI::App& app) {
  struct Options {
    std::string plan;
    std::vector<std::string> sets;
    std::string pictures;
  };
  auto opts = std::make_shared<Options>();
  auto* cmd = app.add_subcommand(
      "validate", "Check a treatment plan without running it; prints ok and a summary");
  cmd->add_option("plan", opts->plan, "Treatment plan (JSON)")->required();
  cmd->add_option("--set", opts->sets,
                  "Override one value before validation: /json/pointer=VALUE (repeatable)")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("--pictures", opts->pictures,
                  "Also draw the phantom's three mid-planes with its regions outlined: "
                  "DIR/<plan name>_{xy,xz,yz}.png");
  cmd->callback([opts] {
    if (!opts->pictures.empty()) require_plot_driver();
    // A phantom file (phantoms/) is checked on its own, as a plan that loads it.
    const bool phantom_only =
        opts->sets.empty() && plan::is_phantom_document(read_json_file(opts->plan));
    const plan::Plan p = phantom_only ? plan::load_phantom_as_plan(opts->plan)
                                      : plan::load_plan(opts->plan, opts->sets);
    plan::check_run_memory(p);
    const plan::VoxelizedPhantom phantom = plan::voxelize_phantom(p);
    std::cout << "ok\n" << plan::describe_plan(p, phantom);
    for (const auto& w : p.warnings) std::cerr << "warning: " << w << "\n";
    for (const auto& w : phantom.warnings) std::cerr << "warning: " << w << "\n";
    if (!opts->pictures.empty())
      for (const auto& path : pipeline::write_phantom_pictures(opts->pictures, p.name, p, phantom))
        std::cout << "picture: " << path.string() << "\n";
  });
}

}  // namespace photodose::cli
