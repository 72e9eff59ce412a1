#pragma once
// The transport part of summary.json (docs/interface.md): photons, speed and the energy balance.
#include <nlohmann/json.hpp>

#include "photodose/transport/result.h"

namespace photodose {

// {"photons", "seconds", "photons_per_ms", "batches", "energy": {...}, "energy_std_error": {...}}
nlohmann::ordered_json transport_summary_json(const TransportResult& result);
nlohmann::ordered_json energy_json(const EnergyBalance& energy);

}  // namespace photodose
