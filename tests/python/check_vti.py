#!/usr/bin/python3
"""Independent check of a photodose output directory with VTK's Python bindings.

Reads OUTDIR/fields.vti with vtkXMLImageDataReader (Debian's python3-vtk9), not with photodose's
own code, and checks that it is zlib-compressed ImageData whose cell arrays include the expected
names (shell-style patterns allowed, e.g. 'fluence_rate_mW_per_cm2_*nm'), one value per voxel,
all finite. When present it also checks:
  summary.json  grid shape/voxel/origin (if it has a "grid" object) against the image; region
                volumes not larger than the grid
  series.pvd    every listed image exists, reads, matches the grid; times strictly increase
  probes.csv    first column time_s, rectangular, numeric
  dvh.csv       header region,quantity,threshold,volume_fraction,volume_mm3; fractions in [0, 1]
  *.png         (with --png-size WxH) the stated size and not blank

Usage: /usr/bin/python3 check_vti.py OUTDIR [ARRAY_NAME_OR_PATTERN ...] [--png-size 1000x800]
Exits 0 and prints a one-line summary when everything holds; otherwise prints every failure on
stderr and exits 1 (2 for bad usage).
"""

import argparse
import csv
import fnmatch
import json
import math
import os
import sys
import xml.etree.ElementTree as ET

import numpy as np
import vtk
from vtk.util.numpy_support import vtk_to_numpy


class Checker:
    def __init__(self):
        self.failures = []

    def fail(self, message):
        self.failures.append(message)

    def check(self, condition, message):
        if not condition:
            self.fail(message)
        return condition


def read_image(path, checker):
    """Reads a .vti with VTK; returns vtkImageData or None (failure recorded)."""
    errors = []
    reader = vtk.vtkXMLImageDataReader()
    reader.AddObserver("ErrorEvent", lambda obj, event: errors.append(event))
    reader.SetFileName(path)
    reader.Update()
    image = reader.GetOutput()
    if errors or image is None or image.GetNumberOfPoints() == 0:
        checker.fail(f"{path}: VTK could not read it as ImageData")
        return None
    return image


def header_of(path, size=4096):
    with open(path, "rb") as f:
        return f.read(size).decode("latin-1")


def check_fields(outdir, patterns, checker):
    path = os.path.join(outdir, "fields.vti")
    if not checker.check(os.path.isfile(path), f"{path}: missing"):
        return None
    header = header_of(path)
    checker.check('type="ImageData"' in header, f"{path}: not VTK XML ImageData")
    checker.check('compressor="vtkZLibDataCompressor"' in header,
                  f"{path}: not zlib-compressed (no vtkZLibDataCompressor in the header)")
    image = read_image(path, checker)
    if image is None:
        return None
    cells = image.GetCellData()
    names = [cells.GetArrayName(i) for i in range(cells.GetNumberOfArrays())]
    checker.check(len(names) > 0, f"{path}: no cell arrays")
    checker.check(image.GetPointData().GetNumberOfArrays() == 0,
                  f"{path}: has point arrays; fields must be cell data (one value per voxel)")
    for pattern in patterns:
        checker.check(any(fnmatch.fnmatchcase(n, pattern) for n in names),
                      f"{path}: no cell array matching '{pattern}' (arrays: {', '.join(names)})")
    n_cells = image.GetNumberOfCells()
    for i, name in enumerate(names):
        array = cells.GetArray(i)
        if not checker.check(array is not None, f"{path}: cell array '{name}' is not numeric"):
            continue
        checker.check(array.GetNumberOfComponents() == 1,
                      f"{path}: '{name}' has {array.GetNumberOfComponents()} components")
        checker.check(array.GetNumberOfTuples() == n_cells,
                      f"{path}: '{name}' has {array.GetNumberOfTuples()} values for {n_cells} voxels")
        values = vtk_to_numpy(array)
        bad = int(np.count_nonzero(~np.isfinite(values))) if values.dtype.kind == "f" else 0
        checker.check(bad == 0, f"{path}: '{name}' has {bad} non-finite values")
    return image, names


def cell_dims(image):
    return [max(d - 1, 1) for d in image.GetDimensions()]


def check_summary(outdir, image, checker):
    path = os.path.join(outdir, "summary.json")
    if not os.path.isfile(path):
        return "no summary.json"
    try:
        with open(path) as f:
            summary = json.load(f)
    except (OSError, ValueError) as e:
        checker.fail(f"{path}: not valid JSON ({e})")
        return "summary.json unreadable"
    dims = cell_dims(image)
    spacing = image.GetSpacing()
    grid = summary.get("grid")
    notes = []
    if isinstance(grid, dict):
        shape = grid.get("shape")
        if shape is not None:
            checker.check(list(shape) == dims,
                          f"fields.vti has {dims} voxels but summary.json grid.shape is {shape}")
        voxel = grid.get("voxel_mm")
        if voxel is not None:
            checker.check(all(math.isclose(s, voxel, rel_tol=1e-9) for s in spacing),
                          f"fields.vti spacing {spacing} but summary.json voxel_mm is {voxel}")
        origin = grid.get("origin_mm")
        if origin is not None:
            checker.check(all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
                              for a, b in zip(image.GetOrigin(), origin)),
                          f"fields.vti origin {image.GetOrigin()} but summary.json origin_mm "
                          f"is {origin}")
        notes.append("grid matches summary.json")
    total_mm3 = float(np.prod(dims)) * spacing[0] * spacing[1] * spacing[2]
    regions = summary.get("regions", {})
    if isinstance(regions, dict):
        for name, region in regions.items():
            volume = region.get("volume_mm3") if isinstance(region, dict) else None
            if volume is not None:
                checker.check(0 <= volume <= total_mm3 * (1 + 1e-9),
                              f"summary.json region '{name}' volume {volume} mm3 is outside "
                              f"0..{total_mm3} mm3 (the grid's volume)")
    return ", ".join(notes) or "summary.json has no grid"


def check_series(outdir, image, checker):
    path = os.path.join(outdir, "series.pvd")
    if not os.path.isfile(path):
        return 0
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        checker.fail(f"{path}: not XML ({e})")
        return 0
    checker.check(root.tag == "VTKFile" and root.get("type") == "Collection",
                  f"{path}: not a VTK Collection")
    entries = root.findall("./Collection/DataSet")
    checker.check(len(entries) > 0, f"{path}: lists no images")
    previous = -math.inf
    for entry in entries:
        t = float(entry.get("timestep", "nan"))
        checker.check(t > previous, f"{path}: time {t} does not follow {previous}")
        previous = t
        file = os.path.join(outdir, entry.get("file", ""))
        if not checker.check(os.path.isfile(file), f"{path}: lists missing file {file}"):
            continue
        step = read_image(file, checker)
        if step is not None:
            checker.check(cell_dims(step) == cell_dims(image),
                          f"{file}: {cell_dims(step)} voxels, fields.vti has {cell_dims(image)}")
    return len(entries)


def check_tables(outdir, checker):
    found = []
    probes = os.path.join(outdir, "probes.csv")
    if os.path.isfile(probes):
        with open(probes, newline="") as f:
            rows = list(csv.reader(f))
        if checker.check(len(rows) >= 2, f"{probes}: no data rows"):
            checker.check(rows[0][0] == "time_s", f"{probes}: first column is '{rows[0][0]}'")
            for r, row in enumerate(rows[1:], start=2):
                checker.check(len(row) == len(rows[0]), f"{probes}: row {r} has {len(row)} cells")
                try:
                    [float(c) for c in row]
                except ValueError:
                    checker.fail(f"{probes}: row {r} is not numeric")
        found.append("probes.csv")
    dvh = os.path.join(outdir, "dvh.csv")
    if os.path.isfile(dvh):
        with open(dvh, newline="") as f:
            rows = list(csv.reader(f))
        expected = ["region", "quantity", "threshold", "volume_fraction", "volume_mm3"]
        if checker.check(rows and rows[0] == expected, f"{dvh}: header is not {expected}"):
            for r, row in enumerate(rows[1:], start=2):
                fraction = float(row[3])
                checker.check(math.isnan(fraction) or 0 <= fraction <= 1,
                              f"{dvh}: row {r} volume fraction {fraction}")
        found.append("dvh.csv")
    return found


def check_pngs(outdir, size, checker):
    width, height = size
    names = sorted(n for n in os.listdir(outdir) if n.endswith(".png"))
    checker.check(names, f"{outdir}: no PNG pictures")
    for name in names:
        reader = vtk.vtkPNGReader()
        reader.SetFileName(os.path.join(outdir, name))
        reader.Update()
        d = reader.GetOutput().GetDimensions()
        checker.check((d[0], d[1]) == (width, height), f"{name}: {d[0]}x{d[1]} px, expected "
                                                       f"{width}x{height}")
        pixels = vtk_to_numpy(reader.GetOutput().GetPointData().GetScalars())
        checker.check(pixels.size > 0 and np.unique(pixels, axis=0).shape[0] > 1,
                      f"{name}: blank (one colour)")
    return len(names)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir")
    parser.add_argument("arrays", nargs="*", help="expected cell array names or patterns")
    parser.add_argument("--png-size", help="check every *.png is WxH pixels and not blank")
    args = parser.parse_args()
    size = None
    if args.png_size:
        try:
            size = tuple(int(v) for v in args.png_size.lower().split("x"))
            assert len(size) == 2
        except (ValueError, AssertionError):
            parser.error("--png-size takes WIDTHxHEIGHT, e.g. 1000x800")

    checker = Checker()
    result = check_fields(args.outdir, args.arrays, checker)
    notes = []
    if result is not None:
        image, names = result
        notes.append(f"fields.vti {cell_dims(image)} voxels, {len(names)} cell arrays")
        notes.append(check_summary(args.outdir, image, checker))
        steps = check_series(args.outdir, image, checker)
        if steps:
            notes.append(f"series.pvd {steps} images")
    notes += check_tables(args.outdir, checker)
    if size:
        notes.append(f"{check_pngs(args.outdir, size, checker)} PNGs")

    if checker.failures:
        for failure in checker.failures:
            print(f"check_vti: FAIL: {failure}", file=sys.stderr)
        return 1
    print("check_vti: ok: " + "; ".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
