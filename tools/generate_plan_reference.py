#!/usr/bin/env python3
"""Writes docs/plan-reference.md, the key-by-key plan reference, from schema/plan.schema.json.

The schema is the one description of every plan key (the parser's keys are checked against it
by tests/unit/plan/schema_test.cpp), so the reference is generated rather than written by hand.

Usage: generate_plan_reference.py [--check]   (--check: exit 1 if the file is out of date)
"""
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "plan.schema.json"
OUTPUT = ROOT / "docs" / "plan-reference.md"


def ref_name(ref):
    return ref.rsplit("/", 1)[-1]


def type_text(spec, defs):
    """A short type for a property: `number`, `[3 numbers]`, a link to an object, an enum."""
    if "$ref" in spec:
        name = ref_name(spec["$ref"])
        target = defs[name]
        if target.get("type") == "object" and "properties" in target:
            return f"[{name}](#{name})"
        return type_text(target, defs)
    if "oneOf" in spec or "anyOf" in spec:
        return " or ".join(type_text(s, defs) for s in spec.get("oneOf", spec.get("anyOf")))
    if "const" in spec:
        return f"`{json.dumps(spec['const'])}`"
    if "enum" in spec:
        return "one of " + ", ".join(f"`{json.dumps(v)}`" for v in spec["enum"])
    kind = spec.get("type", "")
    if isinstance(kind, list):
        kind = " or ".join(kind)
    if kind == "array":
        items = spec.get("items", {})
        count = ""
        if spec.get("minItems") is not None and spec.get("minItems") == spec.get("maxItems"):
            count = f"{spec['minItems']} × "
        return f"array of {count}{type_text(items, defs) if items else 'values'}"
    if kind == "object" and "additionalProperties" in spec and isinstance(
            spec["additionalProperties"], dict):
        return "object: name → " + type_text(spec["additionalProperties"], defs)
    return kind or "value"


def bounds_text(spec):
    parts = []
    for key, sign in (("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"),
                      ("exclusiveMaximum", "<")):
        if key in spec:
            parts.append(f"{sign} {spec[key]:g}" if isinstance(spec[key], (int, float))
                         else f"{sign} {spec[key]}")
    if "pattern" in spec:
        parts.append(f"matches `{spec['pattern']}`")
    if "minLength" in spec or "maxLength" in spec:
        parts.append(f"{spec.get('minLength', 0)}–{spec.get('maxLength', '…')} characters")
    return ", ".join(parts)


def escape(text):
    return text.replace("|", "\\|").replace("\n", " ")


def object_section(title, anchor_note, spec, defs):
    lines = [f"### {title}", ""]
    if anchor_note:
        lines += [anchor_note, ""]
    if spec.get("description"):
        lines += [escape(spec["description"]), ""]
    required = set(spec.get("required", []))
    alternatives = [alt.get("required", []) for alt in spec.get("oneOf", [])
                    if isinstance(alt, dict) and "required" in alt]
    lines += ["| key | type | allowed | required | meaning |", "|---|---|---|---|---|"]
    for key, prop in spec.get("properties", {}).items():
        description = prop.get("description")
        if description is None and "$ref" in prop:
            description = spec_of(prop, defs).get("description", "")
        needed = "yes" if key in required else (
            "one of " + " / ".join("`" + "`, `".join(a) + "`" for a in alternatives)
            if any(key in a for a in alternatives) else "")
        lines.append(f"| `{key}` | {escape(type_text(prop, defs))} | "
                     f"{escape(bounds_text(spec_of(prop, defs)))} | {needed} | "
                     f"{escape(description or '')} |")
    return lines + [""]


def spec_of(prop, defs):
    return defs[ref_name(prop["$ref"])] if "$ref" in prop else prop


def generate():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    defs = schema.get("$defs", {})
    lines = [
        "# Plan reference",
        "",
        "Every key a treatment plan accepts, generated from `schema/plan.schema.json` by",
        "`tools/generate_plan_reference.py` (a test fails when this file is out of date). Units are in",
        "the key names. docs/interface.md explains the plan's sections and how they work together;",
        "the program checks more than a schema can say (cross-references, ranges that depend on other",
        "keys) and names the JSON pointer of every error.",
        "",
        "## Top level",
        "",
    ]
    lines += object_section("Plan", "", schema, defs)[2:]
    lines += ["## Objects", ""]
    for name, spec in defs.items():
        if spec.get("type") == "object" and "properties" in spec:
            lines += object_section(name, "", spec, defs)
    return "\n".join(lines).rstrip() + "\n"


def main():
    text = generate()
    if "--check" in sys.argv:
        if not OUTPUT.is_file() or OUTPUT.read_text(encoding="utf-8") != text:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run tools/generate_plan_reference.py",
                  file=sys.stderr)
            return 1
        print(f"{OUTPUT.relative_to(ROOT)} is up to date")
        return 0
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
