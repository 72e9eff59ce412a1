"""Open a photodose output directory in ParaView with slices through the tumour.

Shows fields.vti as three orthogonal slices through the tumour centre, in one view per quantity:
fluence rate (log scale, Inferno), maximum temperature (Inferno) and Arrhenius damage Omega
(log scale, Viridis); for `photodose mcx` output, fluence and absorbed energy (log scale). The
surface Omega = 1 is drawn in the damage view when present. series.pvd, if present, is loaded too
(for animations over time).

Run it in any of these ways (ParaView 5.9 or newer):
  paraview --script=open_photodose.py        with PHOTODOSE_OUTDIR=OUTDIR in the environment
  pvpython open_photodose.py OUTDIR [--screenshot FILE.png]
  pvbatch  open_photodose.py OUTDIR --screenshot FILE.png      (no display needed)
  ParaView's Python shell: set OUTDIR = '...', then "Run Script" on this file.

The tumour centre is read from summary.json: regions.<tumour>.centroid_mm if written, else the
centroid of the voxels whose label equals regions.<tumour>.label. Without either, the grid
centre is used. The tumour is the region named 'tumor' or 'tumour', else the first region.
"""

import json
import os
import sys

from paraview.simple import (AssignViewToLayout, CellDatatoPointData, ColorBy, Contour,
                             CreateLayout, CreateView, GetAnimationScene,
                             GetColorTransferFunction, PVDReader, Render, SaveScreenshot, Show,
                             Slice, XMLImageDataReader)
from paraview import servermanager


def output_directory():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if "--screenshot" in sys.argv:
        shot = sys.argv[sys.argv.index("--screenshot") + 1]
        args = [a for a in args if a != shot]
    if args:
        return args[0]
    if "OUTDIR" in globals():
        return globals()["OUTDIR"]
    return os.environ.get("PHOTODOSE_OUTDIR", os.getcwd())


def screenshot_path():
    if "--screenshot" in sys.argv:
        return sys.argv[sys.argv.index("--screenshot") + 1]
    return None


def tumour_region(summary):
    regions = summary.get("regions", {}) if summary else {}
    if not isinstance(regions, dict) or not regions:
        return None
    for name in ("tumor", "tumour"):
        if name in regions:
            return regions[name]
    return next(iter(regions.values()))


def label_centroid(reader, label):
    """Centre of the voxels carrying `label` (needs numpy on the client)."""
    try:
        import numpy as np
        from vtkmodules.util.numpy_support import vtk_to_numpy
    except ImportError:
        return None
    image = servermanager.Fetch(reader)
    array = image.GetCellData().GetArray("label")
    if array is None:
        return None
    labels = vtk_to_numpy(array)
    dims = [max(d - 1, 1) for d in image.GetDimensions()]
    idx = np.nonzero(labels == label)[0]
    if idx.size == 0:
        return None
    i, j, k = idx % dims[0], idx // dims[0] % dims[1], idx // (dims[0] * dims[1])
    o, s = image.GetOrigin(), image.GetSpacing()
    return [o[a] + (float(np.mean(v)) + 0.5) * s[a] for a, v in enumerate((i, j, k))]


def slice_centre(reader, summary):
    region = tumour_region(summary)
    if isinstance(region, dict):
        for key in ("centroid_mm", "center_mm", "centre_mm"):
            if isinstance(region.get(key), list) and len(region[key]) == 3:
                return [float(v) for v in region[key]]
        if isinstance(region.get("label"), int):
            centre = label_centroid(reader, region["label"])
            if centre:
                return centre
    bounds = reader.GetDataInformation().GetBounds()
    return [(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2, (bounds[4] + bounds[5]) / 2]


def cell_arrays(reader):
    return list(reader.CellData.keys())


def array_range(reader, name):
    return reader.CellData[name].GetRange()


def show_quantity(layout, reader, centre, name, preset, log_scale, decades=4.0):
    """One view: three orthogonal slices through `centre`, coloured by cell array `name`."""
    view = CreateView("RenderView")
    view.OrientationAxesVisibility = 1
    view.Background = [1, 1, 1]
    if hasattr(view, "UseColorPaletteForBackground"):
        view.UseColorPaletteForBackground = 0
    AssignViewToLayout(view=view, layout=layout)
    for normal in ([1, 0, 0], [0, 1, 0], [0, 0, 1]):
        cut = Slice(Input=reader)
        cut.SliceType = "Plane"
        cut.SliceType.Origin = centre
        cut.SliceType.Normal = normal
        display = Show(cut, view)
        ColorBy(display, ("CELLS", name))
        display.SetScalarBarVisibility(view, True)
    lut = GetColorTransferFunction(name)
    lut.ApplyPreset(preset, True)
    low, high = array_range(reader, name)
    if log_scale and high > 0:
        low = max(low, high * 10.0 ** -decades)
        lut.RescaleTransferFunction(low, high)
        lut.UseLogScale = 1
    else:
        lut.RescaleTransferFunction(low, high if high > low else low + 1)
    lut.AutomaticRescaleRangeMode = "Never"
    view.CameraPosition = [centre[0] + 30, centre[1] - 40, centre[2] - 30]
    view.CameraFocalPoint = centre
    view.CameraViewUp = [0, 0, -1]  # depth (z) downwards, as in a tissue cross-section
    view.ResetCamera()
    return view


def show_damage_surface(view, reader, name="thermal_damage_omega"):
    """The Omega = 1 surface (the edge of thermal necrosis), half transparent."""
    points = CellDatatoPointData(Input=reader)
    surface = Contour(Input=points)
    surface.ContourBy = ["POINTS", name]
    surface.Isosurfaces = [1.0]
    display = Show(surface, view)
    ColorBy(display, None)
    display.DiffuseColor = [0.2, 0.6, 1.0]
    display.Opacity = 0.35


def main():
    outdir = os.path.abspath(output_directory())
    fields_path = os.path.join(outdir, "fields.vti")
    if not os.path.isfile(fields_path):
        raise SystemExit("open_photodose: no fields.vti in " + outdir)
    summary = None
    summary_path = os.path.join(outdir, "summary.json")
    if os.path.isfile(summary_path):
        with open(summary_path) as f:
            summary = json.load(f)

    reader = XMLImageDataReader(registrationName="fields.vti", FileName=[fields_path])
    reader.UpdatePipeline()
    names = cell_arrays(reader)
    centre = slice_centre(reader, summary)
    layout = CreateLayout("photodose: " + os.path.basename(outdir))

    fluence = [n for n in names if n.startswith("fluence_rate_mW_per_cm2_")]
    shown = []
    for name in fluence[:1] + ["fluence"]:
        if name in names:
            shown.append(show_quantity(layout, reader, centre, name, "Inferno (matplotlib)", True))
    if "temperature_max_C" in names:
        shown.append(show_quantity(layout, reader, centre, "temperature_max_C",
                                   "Inferno (matplotlib)", False))
    if "thermal_damage_omega" in names:
        view = show_quantity(layout, reader, centre, "thermal_damage_omega",
                             "Viridis (matplotlib)", True, decades=3.0)
        show_damage_surface(view, reader)
        shown.append(view)
    if "absorbed_energy" in names:
        shown.append(show_quantity(layout, reader, centre, "absorbed_energy",
                                   "Viridis (matplotlib)", True))
    if not shown and names:  # anything else: the first array, linear
        shown.append(show_quantity(layout, reader, centre, names[0], "Viridis (matplotlib)", False))

    series_path = os.path.join(outdir, "series.pvd")
    if os.path.isfile(series_path):
        PVDReader(registrationName="series.pvd", FileName=series_path)
        GetAnimationScene().UpdateAnimationUsingDataTimeSteps()

    for view in shown:
        Render(view)
    shot = screenshot_path()
    if shot:
        SaveScreenshot(shot, layout, ImageResolution=[1600, 1200])


main()
