#!/usr/bin/env bash
# Inverse planning: for each plan with an optimize section, the wall time of `photodose optimize`
# against one forward `photodose run` of the same plan (same machine, one after the other), the
# evaluations and light transports the search needed, and the goals before and after.
# Usage: bench/optimize.sh [build/cpu-release/photodose] [plan ...]   (default: the presets
#        that have an optimize section)
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/cpu-release/photodose}
shift || true
plans=("$@")
if [ ${#plans[@]} -eq 0 ]; then
  for p in presets/*.json; do
    grep -q '"optimize"' "$p" && plans+=("$p")
  done
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
seconds() {  # seconds COMMAND...
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}
for plan in "${plans[@]}"; do
  name=$(basename "$plan" .json)
  forward=$(seconds "$exe" run "$plan" -o "$out/$name-run" --quiet --set /outputs/png=false)
  search=$(seconds "$exe" optimize "$plan" -o "$out/$name-opt" --quiet --set /outputs/png=false)
  /usr/bin/python3 - "$out/$name-run" "$out/$name-opt" "$forward" "$search" "$name" <<'PY'
import json, sys
run_dir, opt_dir, forward, search, name = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
o = json.load(open(f"{opt_dir}/summary.json"))["optimize"]
g = json.load(open(f"{run_dir}/summary.json"))["goals"]
print(f"{name}: {o['status']}, {o['iterations']} evaluations, {o['light']['transports']} transports "
      f"({o['light']['reused']} reused); optimize {search:.1f} s, run {forward:.1f} s, "
      f"ratio {search / forward:.1f}x")
print("  variables: " + ", ".join(f"{k} = {v:.4g}" for k, v in o["variables"].items()))
print(f"  coverage {100 * o['initial']['target_coverage']:.1f} % -> {100 * o['target_coverage']:.1f} %; "
      f"{o['minimize']} {o['initial']['objective']:.4g} -> {o['objective']:.4g}; "
      f"healthy necrosis {o['initial']['healthy_necrosis_volume_mm3']:.1f} -> "
      f"{o['healthy_necrosis_volume_mm3']:.1f} mm^3")
for before, after in zip(o["initial"]["limits"], o["limits"]):
    print(f"  {after['region']} {after['quantity']} <= {after['bound']:g}: "
          f"{before['value']:.4g} -> {after['value']:.4g} ({'met' if after['met'] else 'NOT met'})")
print("  at its bound / missed: " + "; ".join(o["binding"]))
PY
done
