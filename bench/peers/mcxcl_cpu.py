#!/usr/bin/env python3
"""photodose against MCX-CL on the same CPU cores (MCX-CL runs on PoCL, Debian's pocl-opencl-icd).

Installs MCX-CL's Python package (pmcxcl) and numpy from PyPI into a private virtual environment
when they are missing, then runs each case alternately with MCX-CL and with `photodose bench`,
REPEATS times each, and prints photons/ms and the ratio photodose / MCX-CL (median of the
repeats). MCX-CL's figure uses its kernel time (stat.runtime), photodose's the wall time of its
whole transport (preparation and tally reduction included). The cases are MCX's cube60 and cubesph60b benchmarks, built here from the same
parameters as bench/cases/*.json.

PoCL needs one work-around, which this script applies itself: pmcxcl's extension module links
libstdc++ statically and exports its locale facet ids as process-wide unique symbols
(STB_GNU_UNIQUE). When PoCL's LLVM, which uses the system's libstdc++.so.6, is loaded later, it
binds to those foreign ids, its std::ostringstream can no longer format integers, the kernel
compiler is handed "-DPOCL_DEVICE_ADDRESS_BITS=" with no value, `__OPENCL_VERSION__` ends up
undefined and every build fails with "pocl_types.h: 'stdint.h' file not found". Loading the
system libstdc++.so.6 with RTLD_GLOBAL before pmcxcl makes everyone use its facet ids. No system
file is changed.

Usage: bench/peers/mcxcl_cpu.py [--photodose build/cpu-release/photodose] [--photons 1e6]
                                [--repeats 3] [--json FILE] [--case cube60 --case cubesph60b]
"""
import argparse
import ctypes
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_cases import (ROOT, compare_alternating, cpu_model, ensure_packages, mcx_config,  # noqa: E402
                        quiet_stdout, run_photodose)


def preload_system_libstdcxx():
    """See the module's docstring: must run before pmcxcl is imported."""
    try:
        ctypes.CDLL("libstdc++.so.6", mode=ctypes.RTLD_GLOBAL)
    except OSError as e:  # a system without it cannot run PoCL either
        print(f"note: could not preload libstdc++.so.6 ({e})", file=sys.stderr)


def run_mcxcl(name, photons, seed):
    import pmcxcl
    cfg = mcx_config(name, photons, seed)
    with quiet_stdout():
        res = pmcxcl.run(cfg)
    stat = res["stat"]
    ms = float(stat["runtime"])  # kernel time, ms
    return photons / ms, 100.0 * stat["energyabs"] / stat["energytot"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photodose", default=os.path.join(ROOT, "build", "cpu-release", "photodose"))
    parser.add_argument("--photons", type=float, default=1e6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="photodose threads (0: all cores)")
    parser.add_argument("--case", action="append")
    parser.add_argument("--json")
    args = parser.parse_args()
    preload_system_libstdcxx()
    ensure_packages(["pmcxcl", "numpy"], ["numpy", "pmcxcl"])
    cases = args.case or ["cube60", "cubesph60b"]
    results = []
    report = None
    load_before = os.getloadavg()
    for name in cases:
        row, report = compare_alternating(
            name, args.photons, args.repeats, lambda seed: run_mcxcl(name, args.photons, seed),
            lambda: run_photodose(args.photodose, name, args.photons, "cpu", args.threads),
            "MCX-CL")
        results.append(row)
    out = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpu": cpu_model(),
           "cpu_count": os.cpu_count(), "load_average_before": load_before,
           "load_average_after": os.getloadavg(),
           "photodose_device": report["device"] if report else None,
           "photodose_threads": report["threads"] if report else None,
           "photodose_commit": report["commit"] if report else None, "cases": results}
    if args.json:
        with open(args.json, "w") as f:
            json.dump(out, f, indent=2)


if __name__ == "__main__":
    main()
