#!/usr/bin/python3
"""Validates the plan corpus against schema/plan.schema.json with Python's jsonschema.

Every plan in the good folder (and every preset) must be valid; every broken plan whose
expectation says "schema_rejects": true must be invalid, and those marked false (problems only
the program can see: cross-references, files, memory) must be valid, so that the schema is
neither looser nor stricter than it claims.

Usage: plan_schema_check.py SCHEMA GOOD_DIR BROKEN_DIR [PRESETS_DIR]
Exits 0 when all hold, 1 with one line per failure on stderr, 77 when jsonschema is missing.
"""

import glob
import json
import os
import sys


def main():
    try:
        import jsonschema
    except ImportError:
        print("jsonschema is not installed (Debian: python3-jsonschema)", file=sys.stderr)
        return 77
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    schema_path, good_dir, broken_dir = sys.argv[1:4]
    presets_dir = sys.argv[4] if len(sys.argv) > 4 else None
    with open(schema_path) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = []
    checked = 0

    good = sorted(glob.glob(os.path.join(good_dir, "*.json")))
    if presets_dir and os.path.isdir(presets_dir):
        good += sorted(glob.glob(os.path.join(presets_dir, "*.json")))
    for path in good:
        with open(path) as f:
            errors = list(validator.iter_errors(json.load(f)))
        checked += 1
        for e in errors[:3]:
            failures.append("%s: valid plan rejected at /%s: %s" % (
                path, "/".join(str(p) for p in e.absolute_path), e.message[:160]))

    with open(os.path.join(broken_dir, "expected.json")) as f:
        cases = json.load(f)["cases"]
    for name, want in sorted(cases.items()):
        rejects = want.get("schema_rejects")
        if rejects is None:
            continue  # not JSON
        with open(os.path.join(broken_dir, name + ".json")) as f:
            errors = list(validator.iter_errors(json.load(f)))
        checked += 1
        if rejects and not errors:
            failures.append("%s: the schema accepts it but should reject it" % name)
        if not rejects and errors:
            e = errors[0]
            failures.append("%s: the schema rejects it at /%s (%s) but only the program should" % (
                name, "/".join(str(p) for p in e.absolute_path), e.message[:160]))

    for line in failures:
        print(line, file=sys.stderr)
    print("%d plans checked against the schema, %d failures" % (checked, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
