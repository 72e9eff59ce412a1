// The per-plan `soed` override and the parameter checks the solver relies on.
#include "photodose/pdt/soed_override.h"

#include <cmath>
#include <string>

#include "photodose/common/errors.h"

namespace photodose {

SoedParameters apply_soed_override(SoedParameters base, const JsonNode& soed) {
  soed.allow_only({"xi_cm2_per_mW_s", "sigma_per_uM", "beta_uM", "delta_uM", "g_uM_per_s",
                   "oxygen0_uM", "threshold_mM"});
  std::string changed;
  const auto read = [&](const char* key, double& field, bool strictly_positive) {
    const auto node = soed.find(key);
    if (!node) return;
    field = strictly_positive ? node->positive() : node->non_negative();
    changed += changed.empty() ? key : std::string(", ") + key;
  };
  read("xi_cm2_per_mW_s", base.xi_cm2_per_mW_s, false);
  read("sigma_per_uM", base.sigma_per_uM, false);
  // β > 0 keeps [3O2]/([3O2]+β) defined when oxygen runs out.
  read("beta_uM", base.beta_uM, true);
  read("delta_uM", base.delta_uM, false);
  read("g_uM_per_s", base.g_uM_per_s, false);
  read("oxygen0_uM", base.oxygen0_uM, true);
  // A zero threshold would call every voxel with drug necrotic.
  read("threshold_mM", base.threshold_mM, true);
  if (!changed.empty())
    base.source += (base.source.empty() ? "" : "; ") + std::string("plan override of ") + changed +
                   " at " + soed.where();
  return base;
}

void validate_soed_parameters(const SoedParameters& p, const std::string& where) {
  const auto check = [&](const char* key, double value, bool strictly_positive) {
    const bool ok = std::isfinite(value) && (strictly_positive ? value > 0 : value >= 0);
    if (!ok)
      throw InputError("", where + " soed." + key, std::to_string(value),
                       strictly_positive ? "a finite value > 0 (set it in the plan's soed object)"
                                         : "a finite value >= 0");
  };
  check("xi_cm2_per_mW_s", p.xi_cm2_per_mW_s, false);
  check("sigma_per_uM", p.sigma_per_uM, false);
  check("beta_uM", p.beta_uM, true);
  check("delta_uM", p.delta_uM, false);
  check("g_uM_per_s", p.g_uM_per_s, false);
  check("oxygen0_uM", p.oxygen0_uM, true);
  check("threshold_mM", p.threshold_mM, true);
}

}  // namespace photodose
