#!/usr/bin/env bash
# Voxeliser at 512^3: wall time and peak memory of `photodose validate` (parse, voxelise every
# shape kind, memory check) on bench/plans/voxelize512.json (head shells, a tube, a turned
# ellipsoid, a tumour). Usage: bench/voxelize.sh [build/cpu-release/photodose]
set -euo pipefail
cd "$(dirname "$0")/.."
exe=${1:-build/cpu-release/photodose}
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KiB peak resident" "$exe" validate bench/plans/voxelize512.json \
    > /dev/null
done
