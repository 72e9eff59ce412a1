#pragma once
// SOED parameters from a plan: the per-plan `soed` override of a photosensitizer's library
// values (docs/interface.md), and the range checks the solver relies on.
#include <string>

#include "photodose/common/json_input.h"
#include "photodose/pdt/soed_parameters.h"

namespace photodose {

// Returns `base` with the keys present in `soed` replaced. Allowed keys, each optional:
// xi_cm2_per_mW_s (>= 0), sigma_per_uM (>= 0), beta_uM (> 0), delta_uM (>= 0),
// g_uM_per_s (>= 0), oxygen0_uM (> 0), threshold_mM (> 0). Unknown keys and values out of
// range are InputErrors naming the JSON pointer. The citation gains a note of the override.
SoedParameters apply_soed_override(SoedParameters base, const JsonNode& soed);

// Throws InputError (naming `where`, e.g. "photosensitizer photofrin") unless every parameter
// is finite and in the ranges above.
void validate_soed_parameters(const SoedParameters& parameters, const std::string& where);

}  // namespace photodose
