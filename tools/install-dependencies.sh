#!/usr/bin/env bash
# Installs what photodose needs to build and test from Debian packages, skipping those already
# installed. The CUDA toolkit is not a Debian package here: install it separately for the CUDA
# backend (the CPU backend needs none of it).
set -euo pipefail

packages=(
  cmake g++ make pkg-config git   # build
  libcli11-dev                    # command line
  nlohmann-json3-dev              # plans, inputs, summaries
  libvtk9-dev                     # .vti/.mha/.nii reading and writing
  zlib1g-dev                      # .nii.gz headers checked before VTK reads them
  libplplot-dev plplot-driver-cairo  # headless PNG pictures
  librandom123-dev                # Philox counter-based random numbers
  doctest-dev                     # tests
  libnlopt-cxx-dev                # photodose optimize: bounded constrained search (COBYLA)
  python3-vtk9 python3-numpy      # the independent output checks in tests/python
  python3-nibabel                 # NIfTI outputs read back by a reader that is not VTK
  python3-jsonschema              # the plan schema check in the tests
  clang-14 libclang-rt-14-dev libomp-14-dev  # the fuzz targets (libFuzzer, sanitizers, OpenMP)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Package lists are fetched when missing, or when an install from stale lists fails.
if ! ls /var/lib/apt/lists/*_Packages* >/dev/null 2>&1; then $sudo apt-get update; fi
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
