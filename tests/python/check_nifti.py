#!/usr/bin/env python3
"""Reads a run's nifti/*.nii.gz with nibabel (a reader independent of photodose's VTK writer)
and checks each against the same array of fields.vti read with python3-vtk9: same values,
voxel size in mm, and the q/sform placing voxel (0,0,0)'s centre half a voxel inside the grid's
corner. Usage: check_nifti.py OUTDIR"""
import pathlib
import sys

import nibabel
import numpy
import vtk
from vtk.util.numpy_support import vtk_to_numpy


def main(outdir: pathlib.Path) -> int:
    reader = vtk.vtkXMLImageDataReader()
    reader.SetFileName(str(outdir / "fields.vti"))
    reader.Update()
    image = reader.GetOutput()
    nx, ny, nz = (n - 1 for n in image.GetDimensions())
    spacing = image.GetSpacing()[0]
    origin = numpy.array(image.GetOrigin())
    cells = image.GetCellData()
    names = [cells.GetArrayName(i) for i in range(cells.GetNumberOfArrays())]
    files = sorted((outdir / "nifti").glob("*.nii.gz"))
    if sorted(f.name[: -len(".nii.gz")] for f in files) != sorted(names):
        print(f"nifti/ holds {[f.name for f in files]}, fields.vti {names}")
        return 1
    failures = 0
    for f in files:
        name = f.name[: -len(".nii.gz")]
        img = nibabel.load(str(f))
        expected = vtk_to_numpy(cells.GetArray(name)).reshape((nz, ny, nx)).transpose(2, 1, 0)
        data = numpy.asarray(img.dataobj)
        header = img.header
        problems = []
        if data.shape != (nx, ny, nz):
            problems.append(f"shape {data.shape}, expected {(nx, ny, nz)}")
        elif not numpy.array_equal(data, expected.astype(data.dtype)):
            problems.append("values differ from fields.vti")
        if expected.dtype in (numpy.uint8, numpy.uint16):
            if data.dtype != expected.dtype:
                problems.append(f"type {data.dtype}, expected {expected.dtype}")
        elif data.dtype != numpy.float32:
            problems.append(f"type {data.dtype}, expected float32")
        if header.get_xyzt_units()[0] != "mm":
            problems.append(f"units {header.get_xyzt_units()}")
        if not numpy.allclose(header.get_zooms()[:3], spacing):
            problems.append(f"voxel size {header.get_zooms()}, expected {spacing} mm")
        centre = origin + 0.5 * spacing
        for form in ("qform", "sform"):
            matrix, code = getattr(img, "get_" + form)(coded=True)
            if code is None or code < 1:
                problems.append(f"{form} code {code}")
            elif not numpy.allclose(matrix[:3, 3], centre) or not numpy.allclose(
                matrix[:3, :3], numpy.eye(3) * spacing
            ):
                problems.append(f"{form} {matrix.tolist()}, expected translation {centre}")
        print(f"{name}: {data.dtype} {data.shape} " + ("ok" if not problems else "; ".join(problems)))
        failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(pathlib.Path(sys.argv[1])))
