#!/usr/bin/env python3
"""photodose against MCX-CL on the same CPU cores (MCX-CL runs on PoCL, Debian's pocl-opencl-icd).

Installs MCX-CL's Python package (pmcxcl) and numpy from PyPI into a private virtual environment
when they are missing, then runs each case alternately with MCX-CL and with `photodose bench`,
REPEATS times each, and prints photons/ms and the ratio photodose / MCX-CL (median of the
repeats). The cases are MCX's cube60 and cubesph60b benchmarks, built here from the same
parameters as bench/cases/*.json.

Usage: bench/peers/mcxcl_cpu.py [--photodose build/cpu-release/photodose] [--photons 1e6]
                                [--repeats 3] [--json FILE] [--case cube60 --case cubesph60b]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def ensure_pmcxcl():
    try:
        import numpy  # noqa: F401
        import pmcxcl  # noqa: F401
        return
    except ImportError:
        pass
    env = os.path.join(ROOT, "build", "peers-venv")
    python = os.path.join(env, "bin", "python3")
    if not os.path.exists(python):
        venv.create(env, with_pip=True)
    subprocess.check_call([python, "-m", "pip", "install", "-q", "pmcxcl", "numpy"])
    # Re-run this script inside the environment that has the packages.
    os.execv(python, [python] + sys.argv)


def mcxcl_config(name, photons, seed):
    import numpy as np
    vol = np.ones((60, 60, 60), dtype=np.uint8)
    if name == "cubesph60b":
        i = np.arange(60) + 0.5
        x, y, z = np.meshgrid(i, i, i, indexing="ij")
        vol[(x - 30) ** 2 + (y - 30) ** 2 + (z - 30) ** 2 <= 15 ** 2] = 2
    return {
        "nphoton": int(photons), "vol": vol,
        "prop": [[0, 0, 1, 1], [0.005, 1.0, 0.01, 1.37], [0.002, 5.0, 0.90, 1.0]],
        "srcpos": [29, 29, 0], "srcdir": [0, 0, 1],
        "tstart": 0, "tend": 5e-9, "tstep": 5e-9,
        "isreflect": 1 if name == "cubesph60b" else 0,
        "seed": seed, "issrcfrom0": 1,
    }


def run_mcxcl(name, photons, seed):
    import pmcxcl
    res = pmcxcl.run(mcxcl_config(name, photons, seed))
    ms = float(res["stat"]["runtime"])
    return photons / ms


def run_photodose(exe, name, photons):
    out = subprocess.check_output([exe, "bench", "--case", name, "--photons", str(int(photons)),
                                   "--backend", "cpu", "--json", "-"], text=True)
    report = json.loads(out[out.index("{"):])
    return report["cases"][0]["photons_per_ms"], report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photodose", default=os.path.join(ROOT, "build", "cpu-release", "photodose"))
    parser.add_argument("--photons", type=float, default=1e6)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--case", action="append")
    parser.add_argument("--json")
    args = parser.parse_args()
    ensure_pmcxcl()
    cases = args.case or ["cube60", "cubesph60b"]
    results = []
    device = None
    for name in cases:
        ours, theirs = [], []
        for rep in range(args.repeats):  # alternate so that machine load hits both alike
            theirs.append(run_mcxcl(name, args.photons, 1648335518 + rep))
            rate, report = run_photodose(args.photodose, name, args.photons)
            ours.append(rate)
            device = report["device"]
        row = {"case": name, "photons": int(args.photons),
               "photodose_photons_per_ms": statistics.median(ours),
               "mcxcl_photons_per_ms": statistics.median(theirs),
               "photodose_runs": ours, "mcxcl_runs": theirs}
        row["ratio"] = row["photodose_photons_per_ms"] / row["mcxcl_photons_per_ms"]
        results.append(row)
        print(f"{name:12s} photodose {row['photodose_photons_per_ms']:9.1f}  MCX-CL "
              f"{row['mcxcl_photons_per_ms']:9.1f} photons/ms  ratio {row['ratio']:.2f}", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"device": device, "cpu_count": os.cpu_count(), "cases": results}, f, indent=2)


if __name__ == "__main__":
    main()
