#!/usr/bin/env bash
# Tissue response: wall time of a plan whose light follows the thermal damage against the same
# plan with the light computed once (same process tree, same machine, one after the other), the
# number of light recomputations, and the peak temperature and necrosis of each.
# Usage: bench/light_updates.sh [build/cpu-release/photodose] [plan with transport.update_every_s]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/cpu-release/photodose}
plan=${2:-bench/plans/liver_point_updates.json}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The same plan without the updates (and the tolerance that needs them).
/usr/bin/python3 - "$plan" "$out/static.json" <<'PY'
import json, sys
plan = json.load(open(sys.argv[1]))
for key in ("update_every_s", "update_tolerance"):
    plan["transport"].pop(key, None)
json.dump(plan, open(sys.argv[2], "w"))
PY
run() {  # run NAME PLAN
  local start end
  start=$(date +%s.%N)
  "$exe" run "$2" -o "$out/$1" --quiet > /dev/null
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
with=$(run updates "$plan")
without=$(run static "$out/static.json")
/usr/bin/python3 - "$out" "$with" "$without" <<'PY'
import json, sys
out, with_s, without_s = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
for name, seconds in (("updates", with_s), ("static", without_s)):
    s = json.load(open(f"{out}/{name}/summary.json"))
    updates = s.get("light_updates", [])
    recomputed = sum(1 for u in updates if u["recomputed"])
    regions = s["regions"]
    t_max = max(r["temperature_max_C"] for r in regions.values())
    necrosis = sum(r["thermal_necrosis_fraction"] * r["volume_mm3"] for r in regions.values())
    print(f"{name:8s} {seconds:7.1f} s wall, {len(updates)} updates, {recomputed} recomputed, "
          f"T_max {t_max:.1f} degC, necrosis {necrosis:.0f} mm^3")
print(f"ratio {with_s / without_s:.1f}x")
PY
