#!/usr/bin/env bash
# Packs what bench/device/run.sh needs on a GPU machine that has the NVIDIA driver but not the
# Debian libraries photodose links (VTK, PLplot and their dependencies):
#   BUNDLE/bin/  photodose and the test executables that hold the CUDA tests, stripped;
#   BUNDLE/lib/  every shared library `ldd` resolves for them, except the C library's own
#                (libc, libm, libdl, libpthread, librt, the loader), which the machine has in a
#                newer version, and the driver's (libcuda, libnvidia-*), which must come from
#                the machine. The CUDA runtime is linked statically and needs no file here.
#   BUNDLE.tar.xz  the same, compressed (what to carry when the transfer size is limited).
# Usage: bench/device/collect-libs.sh [BUILD_DIR (build/cuda-release)] [BUNDLE (build/device-bundle)]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/cuda-release}"
bundle="${2:-$root/build/device-bundle}"

programs=(photodose)
tests=(photodose_unit_transport photodose_unit_pdt photodose_validation_thermal)

[ -x "$build/photodose" ] || { echo "error: $build/photodose not found; build the cuda-release preset first" >&2; exit 1; }
rm -rf "$bundle" "$bundle.tar.xz"
mkdir -p "$bundle/bin" "$bundle/lib"
cp "$build/photodose" "$bundle/bin/"
for t in "${tests[@]}"; do
  if [ -x "$build/tests/$t" ]; then
    cp "$build/tests/$t" "$bundle/bin/"
    programs+=("$t")
  else
    echo "warning: $build/tests/$t not built; its CUDA tests will not run" >&2
  fi
done
strip --strip-unneeded "$bundle"/bin/* 2>/dev/null || true

# Libraries: the union of what ldd resolves, minus the C library and the driver.
skip='^(linux-vdso|ld-linux|libc\.so|libm\.so|libdl\.so|libpthread\.so|librt\.so|libcuda\.so|libnvidia)'
for p in "${programs[@]}"; do
  ldd "$bundle/bin/$p" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}'
done | sort -u | while read -r name path; do
  if [[ "$name" =~ $skip ]]; then continue; fi
  cp -L "$path" "$bundle/lib/$name"
done
strip --strip-unneeded "$bundle"/lib/* 2>/dev/null || true

tar -C "$(dirname "$bundle")" -cJf "$bundle.tar.xz" "$(basename "$bundle")"
echo "bundle: $bundle ($(du -sh "$bundle" | cut -f1)), $bundle.tar.xz ($(du -sh "$bundle.tar.xz" | cut -f1))"
echo "libraries: $(find "$bundle/lib" -type f | wc -l); programs: ${programs[*]}"
