#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz, built by
#   cmake --preset fuzz && cmake --build --preset fuzz -j2
# Usage:
#   tests/fuzz/run.sh smoke               every target on 20000 inputs from seed 1 (CI)
#   tests/fuzz/run.sh TARGET [FLAG...]    one target (plan, phantom, mcx, label_volume) with libFuzzer
#                                         flags, e.g. -runs=1000000 -seed=7
# Seeds are built from the repository's inputs (make_corpus.py) into build/fuzz/seeds; inputs
# that reach new code are kept in build/fuzz/corpus/TARGET, and a crashing input is written to
# build/fuzz/artifacts/TARGET-crash-<sha1>. One process, one job: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
build=build/fuzz

max_len() {
  case "$1" in
    plan) echo 16384 ;;
    *) echo 8192 ;;
  esac
}

dict() {
  case "$1" in
    label_volume) echo tests/fuzz/label_volume.dict ;;
    *) echo tests/fuzz/json.dict ;;
  esac
}

# run_target TARGET CORPUS_DIR [FLAG...]
run_target() {
  local target=$1 corpus=$2
  shift 2
  local exe="$build/tests/fuzz/photodose_fuzz_$target"
  [ -x "$exe" ] || { echo "error: $exe not built; run cmake --build --preset fuzz" >&2; exit 1; }
  mkdir -p "$corpus" "$build/artifacts"
  # stdin closed: no input may wait on a terminal.
  "$exe" -max_len="$(max_len "$target")" -dict="$(dict "$target")" -rss_limit_mb=2048 \
    -timeout=10 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" "$@" \
    "$corpus" "$build/seeds/$target" </dev/null
}

# Leaks inside third-party libraries only (see the file).
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0"

/usr/bin/python3 tests/fuzz/make_corpus.py . "$build/seeds"
if [ "${1:-}" = smoke ]; then
  for target in plan phantom mcx label_volume; do
    rm -rf "$build/smoke/$target"
    run_target "$target" "$build/smoke/$target" -runs=20000 -seed=1
  done
else
  target=${1:?usage: tests/fuzz/run.sh smoke | TARGET [FLAG...]}
  shift
  run_target "$target" "$build/corpus/$target" "$@"
fi
