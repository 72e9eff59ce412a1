"""What the peer comparisons share: the benchmark cases as MCX / MCX-CL Python dictionaries (built
from the same parameters as bench/cases/*.json), running `photodose bench` on one case, and a
description of the machine."""
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import venv

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SEED = 1648335518

CUBE_MEDIA = [[0, 0, 1, 1], [0.005, 1.0, 0.01, 1.37], [0.002, 5.0, 0.90, 1.0]]


def ensure_packages(packages, modules):
    """Imports `modules`, or installs `packages` from PyPI into build-peers/venv and re-runs the
    calling script there."""
    try:
        for m in modules:
            __import__(m)
        return
    except ImportError:
        pass
    env = os.path.join(ROOT, "build-peers", "venv")
    python = os.path.join(env, "bin", "python3")
    if os.path.realpath(sys.executable) == os.path.realpath(python):
        sys.exit(f"{', '.join(modules)} failed to import inside {env}")
    if not os.path.exists(python):
        venv.create(env, with_pip=True)
    subprocess.check_call([python, "-m", "pip", "install", "-q"] + packages)
    os.execv(python, [python] + sys.argv)


def _cube_sphere_volume(np):
    vol = np.ones((60, 60, 60), dtype=np.uint8)
    i = np.arange(60) + 0.5  # voxel centres, as the MCX-format Sphere shape
    x, y, z = np.meshgrid(i, i, i, indexing="ij")
    vol[(x - 30) ** 2 + (y - 30) ** 2 + (z - 30) ** 2 <= 15 ** 2] = 2
    return vol


def _skinvessel_volume(np):
    # bench/cases/skinvessel.json: 200^3 voxels of 5 um; z layers (1-based, inclusive) 1-20 air-like
    # medium 1, 21-32 epidermis (4), 33-200 dermis (3); a vessel (2) of radius 20 voxels along x
    # through (y, z) = (100.5, 100.5).
    vol = np.ones((200, 200, 200), dtype=np.uint8)
    vol[:, :, 20:32] = 4
    vol[:, :, 32:200] = 3
    c = np.arange(200) + 0.5
    y, z = np.meshgrid(c, c, indexing="ij")
    vessel = (y - 100.5) ** 2 + (z - 100.5) ** 2 <= 20 ** 2
    vol[:, vessel] = 2
    return vol


def mcx_config(name, photons, seed=SEED):
    """The case as a pmcx / pmcxcl configuration dictionary."""
    import numpy as np
    if name in ("cube60", "cube60b", "cubesph60b"):
        cfg = {"vol": _cube_sphere_volume(np) if name == "cubesph60b"
               else np.ones((60, 60, 60), dtype=np.uint8),
               "prop": CUBE_MEDIA, "srcpos": [29, 29, 0], "srcdir": [0, 0, 1],
               "tstart": 0, "tend": 5e-9, "tstep": 5e-9,
               "isreflect": 0 if name == "cube60" else 1}
    elif name == "skinvessel":
        cfg = {"vol": _skinvessel_volume(np),
               "prop": [[1e-05, 0, 1, 1.37], [3.564e-05, 1, 1, 1.37],
                        [23.05426549, 9.398496241, 0.9, 1.37],
                        [0.04584957865, 35.65405549, 0.9, 1.37],
                        [1.657237447, 37.59398496, 0.9, 1.37]],
               "srctype": "disk", "srcpos": [100, 100, 20], "srcdir": [0, 0, 1],
               "srcparam1": [60, 0, 0, 0], "unitinmm": 0.005,
               "tstart": 0, "tend": 5e-8, "tstep": 5e-8, "isreflect": 0}
    else:
        raise ValueError(f"no peer configuration for case '{name}'")
    cfg.update({"nphoton": int(photons), "seed": int(seed), "issrcfrom0": 1})
    return cfg


def run_photodose(exe, name, photons, backend, threads=0):
    """photons/ms, absorbed % and the whole report of `photodose bench` on one case."""
    cmd = [exe, "bench", "--case", name, "--photons", str(int(photons)), "--backend", backend,
           "--json", "-"]
    if threads:
        cmd += ["--threads", str(threads)]
    report = json.loads(subprocess.check_output(cmd, text=True, stderr=subprocess.DEVNULL))
    case = report["cases"][0]
    return case["photons_per_ms"], case["absorbed_percent"], report


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


class quiet_stdout:
    """Sends the C-level standard output (the peers' progress text) to /dev/null for a while."""

    def __enter__(self):
        sys.stdout.flush()
        self.saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.close(devnull)
        return self

    def __exit__(self, *exc):
        os.dup2(self.saved, 1)
        os.close(self.saved)
        return False


def compare_alternating(name, photons, repeats, run_peer, run_ours, peer, deadline=None):
    """Runs the peer and photodose `repeats` times each, alternating so that machine load and
    clocks hit both alike, and returns the case's row (medians, runs, ratio) and photodose's last
    report. run_peer(seed) -> (photons/ms, absorbed %); run_ours() -> (photons/ms, absorbed %,
    report). `peer` names the peer in the row's keys and the printed lines. Past `deadline`
    (time.monotonic()), no further pair is started once one has run."""
    key = peer.lower().replace("-", "")
    ours, theirs, ours_abs, theirs_abs = [], [], [], []
    report = None
    for rep in range(repeats):
        if rep > 0 and deadline is not None and time.monotonic() > deadline:
            print(f"  {name}: {rep} of {repeats} pairs run (time budget spent)", flush=True)
            break
        rate, absorbed = run_peer(SEED + rep)
        theirs.append(rate)
        theirs_abs.append(absorbed)
        rate, absorbed, report = run_ours()
        ours.append(rate)
        ours_abs.append(absorbed)
        print(f"  {name} run {rep + 1}: {peer} {theirs[-1]:10.1f}  photodose {ours[-1]:10.1f} "
              f"photons/ms", flush=True)
    row = {"case": name, "photons": int(photons),
           "photodose_photons_per_ms": statistics.median(ours),
           f"{key}_photons_per_ms": statistics.median(theirs),
           "photodose_runs": ours, f"{key}_runs": theirs,
           "photodose_absorbed_percent": statistics.mean(ours_abs),
           f"{key}_absorbed_percent": statistics.mean(theirs_abs)}
    row["ratio"] = row["photodose_photons_per_ms"] / row[f"{key}_photons_per_ms"]
    print(f"{name:12s} photodose {row['photodose_photons_per_ms']:11.1f}  {peer} "
          f"{row[f'{key}_photons_per_ms']:11.1f} photons/ms  ratio {row['ratio']:.2f}  "
          f"(absorbed {row['photodose_absorbed_percent']:.2f} % vs "
          f"{row[f'{key}_absorbed_percent']:.2f} %)", flush=True)
    return row, report
