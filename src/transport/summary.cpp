#include "photodose/transport/summary.h"

namespace photodose {

nlohmann::ordered_json energy_json(const EnergyBalance& e) {
  nlohmann::ordered_json faces;
  for (int f = 0; f < kFaceCount; ++f) faces[kFaceNames[size_t(f)]] = e.escaped_by_face[size_t(f)];
  return {{"specular", e.specular},
          {"absorbed", e.absorbed},
          {"escaped", e.escaped()},
          {"escaped_by_face", faces},
          {"stopped_by_time", e.stopped_by_time},
          {"roulette_net", e.roulette_net},
          {"balance_error", e.balance_error()}};
}

nlohmann::ordered_json transport_summary_json(const TransportResult& r) {
  nlohmann::ordered_json j = {{"photons", r.photons},
                              {"seconds", r.seconds},
                              {"photons_per_ms", r.photons_per_ms()},
                              {"batches", r.batches},
                              {"energy", energy_json(r.energy)}};
  nlohmann::ordered_json se = energy_json(r.energy_std_error);
  se.erase("balance_error");
  se.erase("escaped");
  j["energy_std_error"] = se;
  if (r.photons_stopped_by_step_limit > 0)
    j["photons_stopped_by_step_limit"] = r.photons_stopped_by_step_limit;
  return j;
}

}  // namespace photodose
