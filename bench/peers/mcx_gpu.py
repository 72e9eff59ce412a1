#!/usr/bin/env python3
"""photodose against MCX on the same NVIDIA GPU.

Installs MCX's Python package (pmcx, whose wheel carries MCX built with the static CUDA runtime:
only the NVIDIA driver is needed) and numpy from PyPI into a private virtual environment when
they are missing, then runs each case alternately with MCX and with
`photodose bench --backend cuda`, REPEATS times each, and prints photons/ms and the ratio
photodose / MCX (median of the repeats), writing the JSON after each case. MCX's figure uses its kernel time (stat.runtime, ms);
photodose's uses the wall time of its whole transport after an untimed warm-up (preparation,
uploads, kernels and read-back), so the ratio leans, slightly, in MCX's favour. The cases are MCX's cube60, cubesph60b and skinvessel benchmarks, built
from the same parameters as bench/cases/*.json (peer_cases.py). Both programs run on GPU 0.

Usage: bench/peers/mcx_gpu.py [--photodose build/cuda-release/photodose] [--photons 1e8]
                              [--repeats 3] [--json FILE] [--case cube60 ...] [--dry-run]
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_cases import (ROOT, SEED, compare_alternating, ensure_packages, mcx_config, quiet_stdout,  # noqa: E402
                        run_photodose)


def gpu_name():
    try:
        out = subprocess.check_output(["nvidia-smi", "--query-gpu=name,driver_version",
                                       "--format=csv,noheader"], text=True)
        return out.strip().splitlines()[0]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "unknown (nvidia-smi unavailable)"


def run_mcx(name, photons, seed):
    import pmcx
    cfg = mcx_config(name, photons, seed)
    cfg.update({"gpuid": 1, "autopilot": 1})  # MCX counts GPUs from 1
    with quiet_stdout():
        res = pmcx.run(cfg)
    stat = res["stat"]
    return photons / float(stat["runtime"]), 100.0 * stat["energyabs"] / stat["energytot"]


def write_json(path, out):
    """Written to a neighbour and renamed into place after every case, so a run that is stopped
    keeps the cases before it."""
    if not path:
        return
    with open(path + ".partial", "w") as f:
        json.dump(out, f, indent=2)
    os.replace(path + ".partial", path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photodose", default=os.path.join(ROOT, "build", "cuda-release", "photodose"))
    parser.add_argument("--photons", type=float, default=1e8)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--case", action="append")
    parser.add_argument("--json")
    parser.add_argument("--budget-s", type=float,
                        help="after this many seconds, each case runs one pair and no more")
    parser.add_argument("--dry-run", action="store_true",
                        help="no GPU: run photodose alone on the CPU through the same steps")
    args = parser.parse_args()
    if not args.dry_run:
        ensure_packages(["pmcx", "numpy"], ["numpy", "pmcx"])
    cases = args.case or ["cube60", "cubesph60b", "skinvessel"]
    out = {"date": time.strftime("%Y-%m-%d %H:%M"), "gpu": gpu_name(), "photodose_device": None,
           "photodose_commit": None, "cases": []}
    deadline = time.monotonic() + args.budget_s if args.budget_s else None
    for name in cases:
        if args.dry_run:
            rate, absorbed, report = run_photodose(args.photodose, name, args.photons, "cpu")
            row = {"case": name, "photons": int(args.photons), "photodose_photons_per_ms": rate,
                   "mcx_photons_per_ms": None, "photodose_runs": [rate], "mcx_runs": [],
                   "photodose_absorbed_percent": absorbed, "mcx_absorbed_percent": None,
                   "ratio": None}
            print(f"{name:12s} photodose {rate:11.1f} photons/ms (dry run, CPU; MCX not run)",
                  flush=True)
        else:
            run_mcx(name, min(args.photons, 1e6), SEED)  # warm-up: context creation, clocks
            row, report = compare_alternating(
                name, args.photons, args.repeats, lambda seed: run_mcx(name, args.photons, seed),
                lambda: run_photodose(args.photodose, name, args.photons, "cuda"), "MCX",
                deadline)
        out["photodose_device"] = report["device"]
        out["photodose_commit"] = report["commit"]
        out["cases"].append(row)
        write_json(args.json, out)


if __name__ == "__main__":
    main()
