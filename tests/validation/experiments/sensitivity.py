#!/usr/bin/env python3
"""Sensitivity runs of the published experiments (docs/physics.md, section 'Published heating experiments').

Each assumption a paper does not fix is run at both ends of its plausible range; the printed
rise is the probe temperature with the light minus the same plan without light, at the time of
the measurement. Usage: sensitivity.py PATH/TO/photodose [experiment ...]
"""
import copy
import csv
import json
import math
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def rise(exe, name, edits, probe, t_s=600.0):
    plan = json.load(open(os.path.join(HERE, name, "plan.json")))
    for edit in edits:
        edit(plan)
    values = []
    with tempfile.TemporaryDirectory() as tmp:
        for dark in (True, False):
            doc = copy.deepcopy(plan)
            if dark:
                doc.pop("sources", None)
                doc.pop("agents", None)
            path = os.path.join(tmp, "plan.json")
            json.dump(doc, open(path, "w"))
            out = os.path.join(tmp, "out-dark" if dark else "out")
            subprocess.run([exe, "run", path, "-o", out, "--threads", "1", "--quiet"],
                           check=True, capture_output=True)
            rows = list(csv.DictReader(open(os.path.join(out, "probes.csv"))))
            row = min(rows, key=lambda r: abs(float(r["time_s"]) - t_s))
            values.append(float(row[probe + "_temperature_C"]))
    return values[1] - values[0]


def setter(*path_and_value):
    *path, value = path_and_value

    def edit(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return edit


def flat_spot(radius_mm, irradiance_W_per_cm2):
    return [setter("sources", 0, "radius_mm", radius_mm),
            setter("sources", 0, "power_W", math.pi * (radius_mm / 10) ** 2 * irradiance_W_per_cm2)]


def drop_agents(doc):
    doc.pop("agents", None)


def mouse_skin(thickness_mm):
    def edit(doc):
        regions = doc["phantom"]["regions"]
        regions[0]["shape"]["z_max_mm"] = 1.0 + thickness_mm
        regions[1]["shape"]["z_min_mm"] = 1.0 + thickness_mm
        regions[2]["shape"]["center_mm"][2] = 1.0 + thickness_mm + regions[2]["shape"]["radius_mm"]
    return edit


def mouse_tumour(radius_mm):
    return [setter("phantom", "regions", 2, "shape", "radius_mm", radius_mm),
            setter("phantom", "regions", 2, "shape", "center_mm", [12, 12, 1.5 + radius_mm])]


def well_volume(uL):
    def edit(doc):
        depth_mm = uL / (math.pi * 3.2 ** 2)
        doc["phantom"]["regions"][1]["shape"]["end_mm"][2] = 1.0 + depth_mm
        doc["phantom"]["regions"][0]["shape"]["end_mm"][2] = 2.0 + depth_mm
    return edit


def extra_probes(doc):
    doc["probes"] += [{"name": "depth1", "position_mm": [10, 10, 2.25]},
                      {"name": "depth3", "position_mm": [10, 10, 4.25]}]


def gnr_tumour_8mm(doc):
    # The same 0.1 mL dose in an 8 mm tumour: 650 * 0.113 / 0.268 ug/mL.
    for region in doc["phantom"]["regions"]:
        if region["name"] in ("tumor", "skin_over_tumor"):
            region["shape"]["center_mm"] = [11, 8, 5.75]
            region["shape"]["radius_mm"] += 1.0
    doc["agents"][0]["distribution"]["concentration_ug_per_mL"] = 275
    doc["probes"][0]["position_mm"] = [11, 8, 5.75]


def human_muscle(doc):
    for region in doc["phantom"]["regions"]:
        if region["tissue"] == "mouse_muscle":
            region["tissue"] = "muscle"


CASES = {
    "long2019_icg_mouse": [
        # (label, edits, probe, time)
        ("nominal, ICG", [], "skin_over_tumor", 600),
        ("nominal, laser alone", [drop_agents], "skin_over_tumor", 600),
        ("spot 8 mm, ICG", flat_spot(4.0, 1.0), "skin_over_tumor", 600),
        ("spot 8 mm, laser alone", flat_spot(4.0, 1.0) + [drop_agents], "skin_over_tumor", 600),
        ("spot 15 mm, ICG", flat_spot(7.5, 1.0), "skin_over_tumor", 600),
        ("spot 15 mm, laser alone", flat_spot(7.5, 1.0) + [drop_agents], "skin_over_tumor", 600),
        ("5 min, ICG", [], "skin_over_tumor", 300),
        ("5 min, laser alone", [drop_agents], "skin_over_tumor", 300),
        ("skin 0.25 mm, ICG", [mouse_skin(0.25)], "skin_over_tumor", 600),
        ("skin 0.25 mm, laser alone", [mouse_skin(0.25), drop_agents], "skin_over_tumor", 600),
        ("skin 1.0 mm, ICG", [mouse_skin(1.0)], "skin_over_tumor", 600),
        ("skin 1.0 mm, laser alone", [mouse_skin(1.0), drop_agents], "skin_over_tumor", 600),
        ("tumour 6 mm, ICG", mouse_tumour(3.0), "skin_over_tumor", 600),
        ("tumour 10 mm, ICG", mouse_tumour(5.0), "skin_over_tumor", 600),
        ("ICG 0.02 mg/mL", [setter("agents", 0, "distribution", "concentration_mg_per_mL", 0.02)],
         "skin_over_tumor", 600),
        ("no perfusion shutdown, ICG", [setter("thermal", "perfusion_shutdown", False)],
         "skin_over_tumor", 600),
        ("tumour perfusion 0.002 /s, laser alone",
         [setter("tissues", {"tumor": {"base": "tumor", "perfusion_per_s": 0.002}}), drop_agents],
         "skin_over_tumor", 600),
        ("tumour perfusion 0.02 /s, laser alone",
         [setter("tissues", {"tumor": {"base": "tumor", "perfusion_per_s": 0.02}}), drop_agents],
         "skin_over_tumor", 600),
        ("0.6 W/cm^2, ICG", [setter("sources", 0, "power_W", 0.6 * 0.7854)], "skin_over_tumor", 600),
        ("0.8 W/cm^2, ICG", [setter("sources", 0, "power_W", 0.8 * 0.7854)], "skin_over_tumor", 600),
    ],
    "manuchehrabadi_gnr_pc3": [
        # rises from the unlit start (34.8 C at the tumour centre); the bound is 50 C absolute
        ("nominal, rods 650 ug/mL", [], "tumor_center", 900),
        ("nominal at 2 min", [], "tumor_center", 120),
        ("nominal at 5 min", [], "tumor_center", 300),
        ("laser alone", [drop_agents], "tumor_center", 900),
        ("rods 20 ug/mL", [setter("agents", 0, "distribution", "concentration_ug_per_mL", 20)],
         "tumor_center", 900),
        ("tumour 8 mm, same dose", [gnr_tumour_8mm], "tumor_center", 900),
        ("no perfusion shutdown", [setter("thermal", "perfusion_shutdown", False)],
         "tumor_center", 900),
        ("human muscle perfusion", [human_muscle], "tumor_center", 900),
        ("skin over the tumour", [], "skin_over_tumor", 900),
    ],
    "duong_chicken_808": [
        ("nominal (2 mm deep)", [], "thermocouple", 600),
        ("thermocouple 1 mm deep", [extra_probes], "depth1", 600),
        ("thermocouple 3 mm deep", [extra_probes], "depth3", 600),
        ("spot 1.5 mm", flat_spot(0.75, 35.0), "thermocouple", 600),
        ("spot 3 mm", flat_spot(1.5, 35.0), "thermocouple", 600),
        ("mua 0.005 /mm", [setter("tissues", "chicken_breast", "mua_per_mm", 0.005)], "thermocouple", 600),
        ("mua 0.010 /mm", [setter("tissues", "chicken_breast", "mua_per_mm", 0.010)], "thermocouple", 600),
        ("mua 0.030 /mm", [setter("tissues", "chicken_breast", "mua_per_mm", 0.030)], "thermocouple", 600),
        ("musp 0.2 /mm", [setter("tissues", "chicken_breast", "mus_per_mm", 2.0)], "thermocouple", 600),
        ("musp 0.5 /mm", [setter("tissues", "chicken_breast", "mus_per_mm", 5.0)], "thermocouple", 600),
        ("k 0.40 W/(m K)", [setter("tissues", "chicken_breast", "conductivity_W_per_mK", 0.40)],
         "thermocouple", 600),
        ("k 0.55 W/(m K)", [setter("tissues", "chicken_breast", "conductivity_W_per_mK", 0.55)],
         "thermocouple", 600),
    ],
    "long2019_icg_solution": [
        ("nominal (200 uL, surface)", [], "surface", 600),
        ("100 uL", [well_volume(100)], "surface", 600),
        ("300 uL", [well_volume(300)], "surface", 600),
        ("h 25 W/(m^2 K)", [setter("thermal", "air", "h_W_per_m2K", 25)], "surface", 600),
        ("h 50 W/(m^2 K)", [setter("thermal", "air", "h_W_per_m2K", 50)], "surface", 600),
        ("h 50 W/(m^2 K), centre", [setter("thermal", "air", "h_W_per_m2K", 50)], "center", 600),
        ("5 min", [], "surface", 300),
        ("spot 5 mm", flat_spot(2.5, 1.0), "surface", 600),
        ("ICG extinction 0.5e5 /(M cm)", [setter("agents", 0, "molar_extinction_per_M_cm", 0.5e5)],
         "surface", 600),
        ("water alone", [drop_agents], "surface", 600),
    ],
}


def main():
    exe = sys.argv[1]
    names = sys.argv[2:] or list(CASES)
    for name in names:
        print(name)
        for label, edits, probe, t_s in CASES[name]:
            print(f"  {label:42s} {rise(exe, name, edits, probe, t_s):7.1f} C", flush=True)


if __name__ == "__main__":
    main()
