#!/usr/bin/env python3
"""The summary of one device run (bench/device/run.sh): reads what the steps wrote into OUT_DIR
and writes OUT_DIR/summary.json in the shape bench/device/results/ keeps, then prints a short
table. Usage: summarize.py OUT_DIR STATUS SECONDS"""
import json
import os
import sys


def load(out, name):
    path = os.path.join(out, name)
    if not os.path.exists(path):
        return None
    try:
        with open(path) as f:
            return json.load(f)
    except ValueError as e:
        return {"unreadable": str(e)}


def main():
    out, status, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    info = load(out, "info.json") or {}
    bench = load(out, "bench_cuda.json") or {}
    cpu = load(out, "bench_cpu.json") or {}
    mcx = load(out, "mcx_gpu.json") or {}
    tests = load(out, "tests.json") or {"passed": 0, "failed": 0}
    devices = info.get("cuda_devices") or []
    summary = {"status": "ok" if status == 0 else "failed", "seconds": seconds,
               "device": bench.get("device") or (devices[0] if devices else None),
               "gpu": mcx.get("gpu"), "commit": info.get("commit"),
               "version": info.get("photodose_version"), "tests": tests, "cases": [],
               "heat": None}
    peer = {c["case"]: c for c in mcx.get("cases", [])}
    cpu_rate = {c["name"]: c.get("photons_per_ms") for c in cpu.get("cases", [])}
    for c in bench.get("cases", []):
        if c.get("kind") == "photon transport":
            row = {"name": c["name"], "photons": c["photons"],
                   "photons_per_ms": c["photons_per_ms"],
                   "absorbed_fraction": c["absorbed_percent"] / 100.0,
                   "cpu_photons_per_ms": cpu_rate.get(c["name"])}
            summary["cases"].append(row)
        elif c["name"].startswith("heat"):
            summary["heat"] = {k: c.get(k) for k in (
                "dims", "voxel_updates_per_s", "GB_per_s", "copy_GB_per_s", "fraction_of_copy",
                "implicit_voxel_updates_per_s", "implicit_GB_per_s", "implicit_fraction_of_copy")}
        else:
            summary["preset"] = {k: c.get(k) for k in (
                "name", "photons", "photons_per_ms", "tumor_fluence_rate_rel_error_mean",
                "figure_of_merit_per_s", "seconds")}
    # The comparison with MCX is at 1e8 photons: those rows replace the 1e6 ones of their case.
    for name, p in peer.items():
        row = next((r for r in summary["cases"] if r["name"] == name), None)
        if row is None:
            row = {"name": name}
            summary["cases"].append(row)
        row.update({"photons": p["photons"], "photons_per_ms": p["photodose_photons_per_ms"],
                    "absorbed_fraction": p["photodose_absorbed_percent"] / 100.0,
                    "mcx_photons_per_ms": p.get("mcx_photons_per_ms"),
                    "mcx_absorbed_fraction": (p["mcx_absorbed_percent"] / 100.0
                                              if p.get("mcx_absorbed_percent") is not None
                                              else None),
                    "ratio_to_mcx": p.get("ratio"),
                    "photodose_runs": p.get("photodose_runs"), "mcx_runs": p.get("mcx_runs")})
    # Kernel variants of the same run (variant_<kind>_<name>_<round>.json): the median rate of
    # each variant per case over its rounds.
    variants = {}
    for name in sorted(os.listdir(out)):
        if not (name.startswith("variant_") and name.endswith(".json")):
            continue
        kind, variant, _round = name[len("variant_"):-len(".json")].split("_")
        for c in (load(out, name) or {}).get("cases", []):
            rate = c.get("photons_per_ms") if kind == "photon" else c.get("fraction_of_copy")
            variants.setdefault(kind, {}).setdefault(c["name"], {}).setdefault(variant, []).append(rate)
            if kind == "heat":
                variants[kind][c["name"]].setdefault(variant + "_implicit", []).append(
                    c.get("implicit_fraction_of_copy"))
    for cases in variants.values():
        for per_variant in cases.values():
            for v, runs in per_variant.items():
                runs = sorted(r for r in runs if r is not None)
                mid = len(runs) // 2
                median = (None if not runs else runs[mid] if len(runs) % 2 else
                          0.5 * (runs[mid - 1] + runs[mid]))
                per_variant[v] = {"runs": runs, "median": median}
    summary["variants"] = variants
    summary["raw"] = {"bench_cuda": bench, "bench_cpu": cpu, "mcx_gpu": mcx, "info": info}
    with open(os.path.join(out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)

    print(f"tests: {tests['passed']} passed, {tests['failed']} failed")
    for r in summary["cases"]:
        line = f"{r['name']:12s} {r.get('photons_per_ms') or 0:12.1f} photons/ms"
        if r.get("absorbed_fraction") is not None:
            line += f"  absorbed {100 * r['absorbed_fraction']:6.2f} %"
        if r.get("mcx_photons_per_ms"):
            line += (f"  MCX {r['mcx_photons_per_ms']:10.1f} ({100 * r['mcx_absorbed_fraction']:.2f} %)"
                     f"  ratio {r['ratio_to_mcx']:.2f}")
        print(line)
    h = summary["heat"]
    if h:
        print(f"heat {h['dims']}: explicit {h['GB_per_s']:.1f} GB/s = {100 * h['fraction_of_copy']:.1f} %,"
              f" implicit {h['implicit_GB_per_s']:.1f} GB/s = {100 * h['implicit_fraction_of_copy']:.1f} %"
              f" of copy ({h['copy_GB_per_s']:.1f} GB/s)")
    if summary.get("preset"):
        p = summary["preset"]
        print(f"gnr-ptt      {p['photons_per_ms']:12.1f} photons/ms, whole plan {p['seconds']:.2f} s")
    for kind, cases in variants.items():
        for case, per_variant in cases.items():
            print(f"{kind} {case}: " + ", ".join(
                f"{v} {r['median']:.4g}" for v, r in per_variant.items() if r["median"] is not None))
    print(f"status {summary['status']} after {seconds} s; results in {out}/summary.json")


if __name__ == "__main__":
    main()
