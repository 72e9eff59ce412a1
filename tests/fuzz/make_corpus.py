#!/usr/bin/python3
"""Builds the seed corpora of the fuzz targets (tests/fuzz/*_fuzz.cpp) from the repository's own
inputs, so that no binary seeds are committed.

  plan          presets/*.json, tests/data/plans/{good,broken}/*.json, and a few of them
                followed by "--set /pointer=VALUE" lines (the plan target's input format)
                (presets name their phantom files as phantoms/<file>, copied beside the plan)
  phantom       phantoms/*.json
  mcx           bench/cases/*.json
  label_volume  small label volumes in each format, each after the byte that picks its
                extension (0 .vti, 1 .mha, 2 .mhd, 3 .nii, 4 .nii.gz, 5 .nrrd, 6 .nhdr;
                see label_volume_fuzz.cpp)

Usage: make_corpus.py SOURCE_DIR OUT_DIR   (writes OUT_DIR/<target>/<seed>)
"""

import glob
import gzip
import os
import shutil
import struct
import sys

VTI, MHA, MHD, NII, NII_GZ, NRRD, NHDR = range(7)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def plan_seeds(src, out):
    plans = sorted(glob.glob(os.path.join(src, "presets", "*.json")))
    plans += sorted(glob.glob(os.path.join(src, "tests", "data", "plans", "good", "*.json")))
    plans += sorted(glob.glob(os.path.join(src, "tests", "data", "plans", "broken", "*.json")))
    for p in plans:
        if os.path.basename(p) == "expected.json":
            continue
        with open(p, encoding="utf-8") as f:
            text = f.read().replace('"../phantoms/', '"phantoms/')
        write(os.path.join(out, os.path.basename(os.path.dirname(p)) + "-" + os.path.basename(p)),
              text)
    with open(os.path.join(src, "tests", "data", "plans", "good", "contract_example.json")) as f:
        example = f.read()
    sets = {
        "set-power": ["/sources/0/power_W=2.5", "/transport/seed=9"],
        "set-kind": ["/sources/0/kind=flat", "/sources/0/radius_mm=1"],
        "set-grid": ["/grid/shape=[16,16,16]", "/grid/voxel_mm=0.5"],
        "set-append": ["/sources/-={\"kind\":\"pencil\"}", "/phantom/regions/0/tissue=fat"],
    }
    for name, lines in sets.items():
        write(os.path.join(out, name + ".txt"),
              example.rstrip("\n") + "\n" + "".join("--set %s\n" % l for l in lines))


def labels(n):
    return [(i * 7 + 3) % 5 for i in range(n)]


def vti_ascii(cells):
    nx, ny, nz = 3, 2, 2
    values = " ".join(str(v) for v in labels(nx * ny * nz))
    where = "CellData" if cells else "PointData"
    ext = (nx, ny, nz) if cells else (nx - 1, ny - 1, nz - 1)
    extent = "0 %d 0 %d 0 %d" % ext
    return ('<?xml version="1.0"?>\n<VTKFile type="ImageData" version="0.1" '
            'byte_order="LittleEndian" header_type="UInt32">\n'
            '<ImageData WholeExtent="%s" Origin="0 0 0" Spacing="0.5 0.5 0.5">\n'
            '<Piece Extent="%s"><%s>\n'
            '<DataArray type="UInt8" Name="label" format="ascii">%s</DataArray>\n'
            '</%s></Piece></ImageData></VTKFile>\n' % (extent, extent, where, values, where))


def metaimage(element_type, fmt, local=True):
    nx, ny, nz = 3, 2, 2
    header = ("ObjectType = Image\nNDims = 3\nDimSize = %d %d %d\nElementSpacing = 0.5 0.5 1\n"
              "Offset = 1 2 3\nElementType = %s\nElementDataFile = LOCAL\n" % (nx, ny, nz,
                                                                            element_type))
    return header.encode() + b"".join(struct.pack("<" + fmt, v) for v in labels(nx * ny * nz))


def nifti(datatype, fmt, units=2, scl_slope=0.0):
    nx, ny, nz = 3, 2, 2
    bitpix = struct.calcsize(fmt) * 8
    h = bytearray(348)
    struct.pack_into("<i", h, 0, 348)
    struct.pack_into("<8h", h, 40, 3, nx, ny, nz, 1, 1, 1, 1)
    struct.pack_into("<hh", h, 70, datatype, bitpix)
    struct.pack_into("<8f", h, 76, 1, 0.5, 0.5, 1.0, 1, 1, 1, 1)
    struct.pack_into("<f", h, 108, 352)  # vox_offset
    struct.pack_into("<ff", h, 112, scl_slope, 0)
    h[123] = units
    struct.pack_into("<hh", h, 252, 0, 1)  # qform 0, sform 1 (scanner)
    struct.pack_into("<4f", h, 280, 1, 0, 0, 10)
    struct.pack_into("<4f", h, 296, 0, 1, 0, 20)
    struct.pack_into("<4f", h, 312, 0, 0, 1, 30)
    h[344:348] = b"n+1\0"
    data = b"".join(struct.pack("<" + fmt, v) for v in labels(nx * ny * nz))
    return bytes(h) + b"\0\0\0\0" + data


def metaimage_turned():
    nx, ny, nz = 3, 2, 2
    header = ("ObjectType = Image\nNDims = 3\nTransformMatrix = 0 1 0 -1 0 0 0 0 1\n"
              "DimSize = %d %d %d\nElementSpacing = 0.5 0.5 1\nOffset = 1 2 3\n"
              "ElementType = MET_UCHAR\nElementDataFile = LOCAL\n" % (nx, ny, nz))
    return header.encode() + bytes(labels(nx * ny * nz))


def nrrd(type_name, fmt, encoding="raw", space="left-posterior-superior",
         directions="(0,0.5,0) (-0.5,0,0) (0,0,1)", endian="little"):
    nx, ny, nz = 3, 2, 2
    data = b"".join(struct.pack(("<" if endian == "little" else ">") + fmt, v)
                    for v in labels(nx * ny * nz))
    if encoding == "gzip":
        data = gzip.compress(data, mtime=0)
    header = ("NRRD0004\n# seed\ntype: %s\ndimension: 3\nspace: %s\nsizes: %d %d %d\n"
              "space directions: %s\nkinds: domain domain domain\nendian: %s\n"
              "encoding: %s\nspace origin: (1,2,3)\nSegment0_Name:=tumour\n\n"
              % (type_name, space, nx, ny, nz, directions, endian, encoding))
    return header.encode() + data


def label_seeds(src, out):
    def put(name, selector, data):
        write(os.path.join(out, name), bytes([selector]) + (data if isinstance(data, bytes)
                                                             else data.encode()))
    with open(os.path.join(src, "tests", "data", "plans", "good", "phantom_labels.vti"), "rb") as f:
        put("phantom_labels.vti", VTI, f.read())
    put("cells.vti", VTI, vti_ascii(True))
    put("points.vti", VTI, vti_ascii(False))
    put("uchar.mha", MHA, metaimage("MET_UCHAR", "B"))
    put("ushort.mhd", MHD, metaimage("MET_USHORT", "H"))
    put("float.mha", MHA, metaimage("MET_FLOAT", "f"))
    put("uchar.nii", NII, nifti(2, "B"))
    put("short-metres.nii", NII, nifti(4, "h", units=1, scl_slope=1.0))
    put("float.nii", NII, nifti(16, "f", units=3))
    put("uchar.nii.gz", NII_GZ, gzip.compress(nifti(2, "B"), mtime=0))
    put("turned.mha", MHA, metaimage_turned())
    put("uchar.nrrd", NRRD, nrrd("unsigned char", "B"))
    put("short-gzip.nrrd", NRRD, nrrd("short", "h", encoding="gzip", space="RAS"))
    put("float-big.nrrd", NRRD, nrrd("float", "f", endian="big", space="left-anterior-superior"))
    put("uint16.nhdr", NHDR, nrrd("uint16", "H", directions="(0.5,0,0) (0,0.5,0) (0,0,0.5)"))


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    src, out = sys.argv[1:3]
    for target in ("plan", "phantom", "mcx", "label_volume"):
        shutil.rmtree(os.path.join(out, target), ignore_errors=True)
        os.makedirs(os.path.join(out, target))
    plan_seeds(src, os.path.join(out, "plan"))
    for p in sorted(glob.glob(os.path.join(src, "phantoms", "*.json"))):
        shutil.copy(p, os.path.join(out, "phantom"))
    for p in sorted(glob.glob(os.path.join(src, "bench", "cases", "*.json"))):
        shutil.copy(p, os.path.join(out, "mcx"))
    label_seeds(src, os.path.join(out, "label_volume"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
