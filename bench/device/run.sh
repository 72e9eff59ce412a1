#!/usr/bin/env bash
# The GPU checks of one device session, from binaries built elsewhere, in well under 5 minutes:
#   1. photodose info: the GPU nvidia-smi lists must be the one photodose finds;
#   2. the CUDA test cases (transport, thermal, PDT against their CPU twins, reproducibility),
#      each case in its own process, so one kernel fault does not take the others with it, and
#      the transport cases again with the other photon kernels;
#   3. `photodose bench --backend cuda` on every case (MCX's cases at 1e6 photons, heat256
#      explicit and implicit against a same-run device copy, the gnr-ptt preset), then the three
#      photon kernels (PHOTODOSE_PHOTON_KERNEL) at 1e8 photons, alternating, twice;
#   4. MCX on the same GPU against photodose at 1e8 photons (bench/peers/mcx_gpu.py), when
#      Python can import pmcx (carried wheels);
#   5. with SANITIZE=1, compute-sanitizer's memcheck on small cases; with PROFILE=1, Nsight
#      Compute on one photon-kernel launch and one launch of each heat kernel, after the
#      warm-up launches (CHECK_ENV, e.g. "PHOTODOSE_PHOTON_KERNEL=refill", picks the kernel
#      variants these two look at);
#   6. the photon cases on the machine's CPU, for reference.
# HEAT_ONLY=1 keeps steps 1, 2 (heat cases only) and 5: the CUDA tests, the explicit heat
# kernels (PHOTODOSE_HEAT_EXPLICIT_KERNEL) compared alternating, twice, and their profile.
# Every step has its own time limit, and each writes its results as it goes, so a step that
# fails or is killed keeps what came before it. Everything goes to OUT_DIR: run.log (all
# output), tests.txt, tests_variants.txt, bench_cuda.json, variant_photon_*.json, bench_cpu.json,
# mcx_gpu.json, memcheck.txt, ncu.txt, ncu_heat.txt and summary.json (the figures and the
# machine, to commit as bench/device/results/<date>-<gpu>.json); PACK=1 puts all but run.log and
# summary.json into device-run.tar.gz.
#
# Usage: bench/device/run.sh [BUNDLE] [OUT_DIR]
#   BUNDLE   a folder or .tar.xz from bench/device/collect-libs.sh, or a build folder
#            (default build/device-bundle.tar.xz, else build/device-bundle, else build/cuda-release)
#   OUT_DIR  default $OUT when set, else build/device-out
# Without a GPU (no nvidia-smi, or DRY_RUN=1) it runs the same steps on the CPU with few photons
# and a small heat grid, to check its own flow: the CUDA cases report their skips and the MCX
# comparison runs photodose only.
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

# The profiling tools may be installed beside the toolkit without being on PATH.
for d in /usr/local/cuda/bin /opt/nvidia/nsight-compute/*; do
  [ -d "$d" ] && PATH="$PATH:$d"
done
export PATH

# ---- the machine --------------------------------------------------------------------------
gpu=0
if [ "${DRY_RUN:-0}" != 1 ] && command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then gpu=1; fi
say "== photodose device run $(date -u +%Y-%m-%dT%H:%M:%SZ) from $bundle"
say "host: $(uname -srm); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs) x $(nproc)"
if [ $gpu = 1 ]; then
  say "gpu: $(nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.sm,clocks.max.sm --format=csv,noheader)"
  backend=cuda
  export PHOTODOSE_REQUIRE_CUDA=1  # a CUDA test case without a device fails instead of skipping
else
  say "gpu: none (dry run: the same steps on the CPU, with few photons)"
  backend=cpu
fi
timeout 60 "$photodose" info --json >"$out/info.json" 2>>"$log"
cat "$out/info.json" >>"$log"
status=0
photodose_gpus=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["cuda_devices"]))' \
  "$out/info.json" 2>/dev/null || echo 0)
if [ $gpu = 1 ] && [ "$photodose_gpus" = 0 ]; then
  say "error: nvidia-smi lists a GPU but photodose finds none: $(grep cuda_error "$out/info.json" || echo 'no error given')"
  status=1
fi

run_step() {  # name, seconds, command...: runs it under a time limit, logs it, remembers a failure
  local name="$1" limit="$2"; shift 2
  say "-- $name ($(elapsed) s, limit ${limit} s)"
  timeout --kill-after=10 "$limit" "$@" >>"$log" 2>&1
  local rc=$?
  if [ $rc = 124 ] || [ $rc = 137 ]; then say "   $name stopped at its ${limit} s limit"; fi
  [ $rc = 0 ] || { say "   $name failed with exit code $rc"; status=1; }
  return $rc
}

# ---- 1. CUDA tests, one process per case ------------------------------------------------------
: >"$out/tests.txt"
passed=0
failed=0
for t in photodose_unit_transport photodose_unit_pdt photodose_validation_thermal; do
  exe="$tests_dir/$t"
  if [ ! -x "$exe" ]; then say "   $t: not in the bundle"; status=1; failed=$((failed + 1)); continue; fi
  mapfile -t cases < <("$exe" --list-test-cases --test-case='*CUDA*' --no-version 2>/dev/null |
    grep -v -e '^\[doctest\]' -e '^=*$' -e '^$')
  say "-- $t: ${#cases[@]} CUDA cases ($(elapsed) s)"
  for c in "${cases[@]}"; do
    # doctest filters are wildcards: escape the ones a case name may contain.
    filter="${c//\\/\\\\}"
    filter="${filter//\*/\\*}"
    filter="${filter//\?/\\?}"
    filter="${filter//,/\\,}"
    filter="${filter//\[/\\[}"
    filter="${filter//\]/\\]}"
    start_case=$(date +%s)
    # -s prints each case's messages (figures, or why it skipped).
    PHOTODOSE_CUDA_SYNC=1 timeout --kill-after=10 120 "$exe" --test-case="$filter" -s --no-version \
      >"$out/case.txt" 2>&1
    rc=$?
    { echo "### $t: $c (exit $rc, $(($(date +%s) - start_case)) s)"; cat "$out/case.txt"; } >>"$out/tests.txt"
    cat "$out/case.txt" >>"$log"
    if [ $rc = 0 ] && grep -q "test cases: *1 | *1 passed" "$out/case.txt"; then
      passed=$((passed + 1))
      say "   ok      $c"
    else
      failed=$((failed + 1))
      status=1
      say "   FAILED  $c (exit $rc)"
    fi
  done
done
rm -f "$out/case.txt"
echo "{\"passed\": $passed, \"failed\": $failed}" >"$out/tests.json"

# The kernel variants measured below pass the same CUDA tests before their figures count.
if [ $gpu = 1 ]; then
  for variant in "PHOTODOSE_PHOTON_KERNEL=refill photodose_unit_transport" \
                 "PHOTODOSE_PHOTON_KERNEL=persistent photodose_unit_transport" \
    "PHOTODOSE_HEAT_EXPLICIT_KERNEL=direct photodose_validation_thermal" \
    "PHOTODOSE_HEAT_EXPLICIT_KERNEL=loads-first photodose_validation_thermal"; do
    if [ "${HEAT_ONLY:-0}" = 1 ] && [[ "$variant" == *PHOTON* ]]; then continue; fi
    read -r setting t <<<"$variant"
    { echo "### variant $setting: $t"; env "$setting" PHOTODOSE_CUDA_SYNC=1 timeout --kill-after=10 120 \
        "$tests_dir/$t" --test-case='*CUDA*' -s --no-version 2>&1; echo "exit $?"; } >>"$out/tests_variants.txt"
    result=$(grep "^\[doctest\] test cases" "$out/tests_variants.txt" | tail -1)
    say "   variant $setting, $t: $result"
    echo "$result" | grep -q " 0 failed" || status=1
  done
fi

# ---- 2. bench -------------------------------------------------------------------------------
heat_variants() {  # the explicit heat kernels compared in one run, alternating, twice
  for round in 1 2; do
    for k in direct loads-first loads-first-2; do
      PHOTODOSE_HEAT_EXPLICIT_KERNEL=$k run_step "explicit heat kernel $k, round $round" 60 \
        "$photodose" bench --backend "$backend" --case heat256 "$@" \
        --json "$out/variant_heat_${k}_$round.json"
    done
  done
}
if [ $gpu = 1 ] && [ "${HEAT_ONLY:-0}" = 1 ]; then
  run_step "bench, heat case, CUDA" 60 "$photodose" bench --backend cuda --case heat256 \
    --json "$out/bench_cuda.json"
  heat_variants
elif [ $gpu = 1 ]; then
  run_step "bench, all cases, CUDA" 120 "$photodose" bench --backend cuda --json "$out/bench_cuda.json"
  heat_variants
  # The photon kernels compared in the same run, alternating (bench/RESULTS.md): lane refill with
  # fast math (the default) against lane refill with IEEE-exact transcendentals and against one
  # packet per iteration.
  for round in 1 2; do
    for k in persistent refill refill-fast; do
      PHOTODOSE_PHOTON_KERNEL=$k run_step "photon kernel $k, round $round" 60 "$photodose" bench \
        --backend cuda --case cube60 --case cubesph60b --case skinvessel --photons 100000000 \
        --json "$out/variant_photon_${k}_$round.json"
    done
  done
else
  run_step "bench (dry run), all cases, CPU" 300 "$photodose" bench --backend cpu --photons 2000 \
    --heat-size 24 --heat-steps 2 --json "$out/bench_cuda.json"
  run_step "photon kernel variants (dry run: the CPU has one)" 60 "$photodose" bench --backend cpu \
    --case cube60 --photons 2000 --json "$out/variant_photon_cpu_1.json"
  heat_variants --heat-size 24 --heat-steps 2
fi

# ---- 3. MCX on the same GPU ------------------------------------------------------------------
if [ "${HEAT_ONLY:-0}" = 1 ]; then
  say "-- MCX comparison skipped (HEAT_ONLY=1)"
elif [ $gpu = 1 ] && python3 -c 'import pmcx, numpy' >/dev/null 2>&1; then
  # Past 50 s each remaining case runs one pair; the JSON is rewritten after every case.
  run_step "MCX against photodose at 1e8 photons (bench/peers/mcx_gpu.py)" 200 python3 \
    "$root/bench/peers/mcx_gpu.py" --photodose "$photodose" --photons 1e8 --repeats 3 \
    --budget-s 50 --json "$out/mcx_gpu.json"
elif [ $gpu = 0 ]; then
  run_step "MCX comparison (dry run: photodose only, CPU)" 120 python3 \
    "$root/bench/peers/mcx_gpu.py" --photodose "$photodose" --photons 2000 --repeats 1 \
    --dry-run --json "$out/mcx_gpu.json"
else
  say "-- MCX comparison skipped: pmcx not importable (carry its wheel, see bench/device/README.md)"
  status=1
fi

# ---- 4. memory checks and profile --------------------------------------------------------------
if [ $gpu = 1 ] && [ "${SANITIZE:-0}" = 1 ] && command -v compute-sanitizer >/dev/null 2>&1; then
  # Out-of-bounds and misaligned accesses in the photon, heat and preset kernels, on small cases.
  run_step "compute-sanitizer memcheck" 90 env ${CHECK_ENV:-} compute-sanitizer --tool memcheck --error-exitcode 9 \
    --log-file "$out/memcheck.txt" "$photodose" bench --backend cuda --case cube60 \
    --case cubesph60b --case heat256 --heat-size 40 --heat-steps 2 --photons 20000
fi
# ---- profile -----------------------------------------------------------------------------
if [ $gpu = 1 ] && [ "${PROFILE:-0}" = 1 ] && command -v ncu >/dev/null 2>&1; then
  sections=(--section SpeedOfLight --section Occupancy --section LaunchStats
    --section WarpStateStats --section MemoryWorkloadAnalysis --section SchedulerStats)
  # The bench's untimed warm-up transport runs 10 batches of 1e3 photons: skip those launches.
  [ "${HEAT_ONLY:-0}" = 1 ] || run_step "Nsight Compute, one photon-kernel launch" 90 env ${CHECK_ENV:-} ncu --clock-control none \
    --kernel-name regex:'photon_.*kernel' --launch-skip 10 --launch-count 1 "${sections[@]}" \
    --section InstructionStats --section SourceCounters \
    --log-file "$out/ncu.txt" "$photodose" bench --backend cuda --case cube60 --photons 10000000
  # The heat case: the second timed explicit step, then the predictor, the x, y and z sweeps
  # and the accept pass of an implicit one.
  run_step "Nsight Compute, heat kernels" 90 env ${CHECK_ENV:-} ncu --clock-control none \
    --kernel-name regex:'explicit_kernel|predictor_kernel|sweep|accept_kernel' --launch-skip 2 \
    --launch-count 6 \
    "${sections[@]}" --log-file "$out/ncu_heat.txt" "$photodose" bench --backend cuda \
    --case heat256 --heat-steps 2
fi

# ---- 5. the photon cases on this machine's CPU, for reference ------------------------------------
if [ "${HEAT_ONLY:-0}" = 1 ]; then
  :
elif [ $gpu = 1 ]; then
  run_step "bench, photon cases, CPU" 60 "$photodose" bench --backend cpu --case cube60 \
    --case cubesph60b --case skinvessel --photons 200000 --json "$out/bench_cpu.json"
else
  run_step "bench (dry run), photon cases, CPU" 60 "$photodose" bench --backend cpu --case cube60 \
    --case cubesph60b --case skinvessel --photons 2000 --json "$out/bench_cpu.json"
fi

# ---- summary --------------------------------------------------------------------------------
python3 "$root/bench/device/summarize.py" "$out" "$status" "$(elapsed)" | tee -a "$log"
# PACK=1: everything but summary.json and run.log into one archive, for transfers that limit the
# number of files.
if [ "${PACK:-0}" = 1 ]; then
  (cd "$out" && files=$(ls | grep -v -x -e summary.json -e run.log -e device-run.tar.gz) &&
    tar -czf device-run.tar.gz $files && rm -f $files)
fi
exit $status
