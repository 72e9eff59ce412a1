#!/usr/bin/env bash
# The GPU checks of one device session, from binaries built elsewhere, in well under 5 minutes:
#   1. the CUDA test cases (transport, thermal, PDT: CUDA against the CPU twin, reproducibility);
#   2. `photodose bench --backend cuda` on every case, then cube60 and skinvessel at 1e8 photons
#      (the size of MCX's published figures), and the photon cases on the CPU for reference;
#   3. MCX on the same GPU (bench/peers/mcx_gpu.py) when Python can import pmcx (carried wheels);
#   4. with PROFILE=1, Nsight Compute on one photon-kernel launch.
# Everything goes to OUT_DIR: run.log (all output), tests.txt, bench_cuda.json,
# bench_cuda_1e8.json, bench_cpu.json, mcx_gpu.json, ncu.txt and summary.json (the figures
# and the machine, to commit as bench/device/results/<date>-<gpu>.json).
#
# Usage: bench/device/run.sh [BUNDLE] [OUT_DIR]
#   BUNDLE   a folder or .tar.xz from bench/device/collect-libs.sh, or a build folder
#            (default build/device-bundle.tar.xz, else build/device-bundle, else build/cuda-release)
#   OUT_DIR  default $OUT when set, else build/device-out
# Without a GPU (no nvidia-smi, or DRY_RUN=1) it checks its own flow: tests run and report their
# skips, and the bench uses --backend cpu with few photons.
set -uo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${2:-${OUT:-$root/build/device-out}}"
mkdir -p "$out"
log="$out/run.log"
: >"$log"
say() { echo "$*" | tee -a "$log"; }
started=$(date +%s)
elapsed() { echo $(($(date +%s) - started)); }

# ---- find the programs --------------------------------------------------------------------
bundle="${1:-}"
if [ -z "$bundle" ]; then
  for b in "$root/build/device-bundle.tar.xz" "$root/build/device-bundle" "$root/build/cuda-release"; do
    if [ -e "$b" ]; then bundle="$b"; break; fi
  done
fi
if [ -z "$bundle" ] || [ ! -e "$bundle" ]; then
  say "error: no bundle or build folder found (${bundle:-none})"
  exit 1
fi
if [[ "$bundle" == *.tar.xz ]]; then
  unpacked="$(mktemp -d)"
  trap 'rm -rf "$unpacked"' EXIT
  tar -C "$unpacked" -xJf "$bundle" || { say "error: cannot unpack $bundle"; exit 1; }
  bundle="$(echo "$unpacked"/*)"
fi
if [ -x "$bundle/bin/photodose" ]; then
  bin="$bundle/bin"
  tests_dir="$bundle/bin"
  export LD_LIBRARY_PATH="$bundle/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  bin="$bundle"
  tests_dir="$bundle/tests"
fi
photodose="$bin/photodose"
[ -x "$photodose" ] || { say "error: $photodose not found"; exit 1; }
missing=$(ldd "$photodose" 2>/dev/null | grep "not found" || true)
[ -z "$missing" ] || { say "error: libraries missing for photodose (carry them with collect-libs.sh):"; say "$missing"; exit 1; }

# ---- the machine --------------------------------------------------------------------------
gpu=0
if [ "${DRY_RUN:-0}" != 1 ] && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then gpu=1; fi
say "== photodose device run $(date -u +%Y-%m-%dT%H:%M:%SZ) from $bundle"
say "host: $(uname -srm); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs) x $(nproc)"
if [ $gpu = 1 ]; then
  say "gpu: $(nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv,noheader)"
else
  say "gpu: none (dry run: CUDA tests skip, the bench runs on the CPU with few photons)"
fi
"$photodose" info 2>&1 | tee -a "$log"

status=0
run_step() {  # name, command...: runs it, logs it, remembers a failure
  local name="$1"; shift
  say "-- $name ($(elapsed) s)"
  "$@" >>"$log" 2>&1
  local rc=$?
  [ $rc = 0 ] || { say "   $name failed with exit code $rc"; status=1; }
  return $rc
}

# ---- 1. CUDA tests --------------------------------------------------------------------------
: >"$out/tests.txt"
for t in photodose_unit_transport photodose_unit_pdt photodose_validation_thermal; do
  exe="$tests_dir/$t"
  if [ ! -x "$exe" ]; then say "   $t: not in the bundle"; status=1; continue; fi
  say "-- $t, CUDA cases ($(elapsed) s)"
  # -s prints each case's messages, which say when a case skips for want of a GPU.
  timeout 120 "$exe" -tc='*CUDA*' -s 2>&1 | tee -a "$out/tests.txt" >>"$log"
  rc=${PIPESTATUS[0]}
  tail -n 3 "$out/tests.txt" | tee -a "$log"
  [ "$rc" = 0 ] || { say "   $t failed with exit code $rc"; status=1; }
done

# ---- 2. bench -------------------------------------------------------------------------------
if [ $gpu = 1 ]; then
  run_step "bench, all cases, CUDA" "$photodose" bench --backend cuda --json "$out/bench_cuda.json"
  run_step "bench, cube60 and skinvessel at 1e8 photons, CUDA" "$photodose" bench --backend cuda \
    --case cube60 --case skinvessel --photons 100000000 --json "$out/bench_cuda_1e8.json"
  run_step "bench, photon cases, CPU" "$photodose" bench --backend cpu --case cube60 \
    --case cubesph60b --case skinvessel --json "$out/bench_cpu.json"
else
  run_step "bench (dry run), CPU" "$photodose" bench --backend cpu --case cube60 --case vdhulst \
    --case heat256 --heat-size 32 --photons 2000 --json "$out/bench_cuda.json"
fi

# ---- 3. MCX on the same GPU ------------------------------------------------------------------
if [ $gpu = 1 ] && python3 -c 'import pmcx, numpy' >/dev/null 2>&1; then
  run_step "MCX against photodose (bench/peers/mcx_gpu.py)" timeout 150 python3 \
    "$root/bench/peers/mcx_gpu.py" --photodose "$photodose" --photons 1e8 --repeats 3 \
    --json "$out/mcx_gpu.json"
else
  say "-- MCX comparison skipped: $([ $gpu = 1 ] && echo 'pmcx not importable (carry its wheel, see bench/device/README.md)' || echo 'no GPU')"
fi

# ---- 4. profile -----------------------------------------------------------------------------
if [ $gpu = 1 ] && [ "${PROFILE:-0}" = 1 ] && command -v ncu >/dev/null 2>&1; then
  run_step "Nsight Compute, one photon-kernel launch" timeout 120 ncu --kernel-name regex:photon_kernel \
    --launch-count 1 --section SpeedOfLight --section Occupancy --section LaunchStats \
    --section WarpStateStats "$photodose" bench --backend cuda --case cube60 --photons 1000000
  grep -A200 "photon_kernel" "$log" | head -150 >"$out/ncu.txt" || true
fi

# ---- summary --------------------------------------------------------------------------------
python3 - "$out" "$status" "$(elapsed)" <<'EOF' | tee -a "$log"
import json, os, sys
out, status, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
summary = {"status": "ok" if status == 0 else "failed", "seconds": seconds}
for name in ("bench_cuda", "bench_cuda_1e8", "bench_cpu", "mcx_gpu"):
    path = os.path.join(out, name + ".json")
    if os.path.exists(path):
        with open(path) as f:
            summary[name] = json.load(f)
tests = os.path.join(out, "tests.txt")
if os.path.exists(tests):
    summary["tests"] = [l.strip() for l in open(tests) if l.startswith("[doctest] test cases")]
with open(os.path.join(out, "summary.json"), "w") as f:
    json.dump(summary, f, indent=2)
for c in summary.get("bench_cuda", {}).get("cases", []) + summary.get("bench_cuda_1e8", {}).get("cases", []):
    rate = c.get("photons_per_ms")
    print(f"{c['name']:14s} " + (f"{rate:12.1f} photons/ms" if rate else
          f"{c.get('fraction_of_copy', 0) * 100:5.1f} % of copy bandwidth"))
for c in summary.get("mcx_gpu", {}).get("cases", []):
    print(f"{c['case']:14s} photodose/MCX = {c['ratio']:.2f}")
print(f"status {summary['status']} after {seconds} s; results in {out}/summary.json")
EOF
exit $status
