#!/usr/bin/env bash
# Draws the mid-planes of every phantom in phantoms/ into phantoms/pictures/ (the pictures that
# phantoms/README.md shows), with a built photodose: tools/phantom_pictures.sh [PHOTODOSE]
set -euo pipefail
cd "$(dirname "$0")/.."
photodose=${1:-build/cpu-release/photodose}
mkdir -p phantoms/pictures
for phantom in phantoms/*.json; do
  "$photodose" validate "$phantom" --pictures phantoms/pictures >/dev/null
done
ls phantoms/pictures
