#!/usr/bin/env python3
"""Fails when a reference to the project's documentation does not resolve.

Code comments, presets, data files and docs point readers to `docs/<file>.md`, often to a
numbered section ("docs/physics.md section 4", "§5", "sections 6 and 7") or a named one
("section 'Published heating experiments'"), and Markdown files link to repository paths.
Every such reference must name a file that exists and a section that file has.

Usage: check_doc_references.py [REPOSITORY_ROOT]   (exit 1 and one line per broken reference)
"""
import re
import subprocess
import sys
from pathlib import Path

DOC_REFERENCE = re.compile(
    r"docs/(?P<file>[A-Za-z0-9_\-]+\.md)"
    r"(?P<tail>`?,?\s*(?:(?:sections?|§)\s*(?P<numbers>\d+(?:\s*(?:,|and|&)\s*\d+)*)"
    r"|sections?\s+['\"‘“](?P<title>[^'\"’”]+)['\"’”]))?")
MARKDOWN_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?:#[^)]*)?\)")
TEXT_SUFFIXES = {".cpp", ".h", ".cu", ".cuh", ".py", ".json", ".md", ".txt", ".cmake", ".sh",
                 ".csv", ".yml", ".yaml", ".toml", ".pyi"}


def tracked_files(root):
    """The repository's files (git's list; every file outside build/ in a source tarball)."""
    listing = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], capture_output=True)
    if listing.returncode == 0:
        return [root / name for name in listing.stdout.decode().split("\0") if name]
    return [p for p in root.rglob("*") if "build" not in p.relative_to(root).parts[:1]]


def headings(doc):
    """Section numbers ("## 4. Pennes ...") and titles of every heading in a Markdown file."""
    numbers, titles = set(), []
    for line in doc.read_text(encoding="utf-8").splitlines():
        match = re.match(r"#+\s+(?:(\d+)\.\s+)?(.*)", line)
        if match:
            if match.group(1):
                numbers.add(int(match.group(1)))
            titles.append(match.group(2).strip().lower())
    return numbers, titles


def check(root):
    problems = []
    cache = {}
    for path in tracked_files(root):
        if path.suffix not in TEXT_SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        relative = path.relative_to(root)
        for line_number, line in enumerate(text.splitlines(), 1):
            where = f"{relative}:{line_number}"
            for match in DOC_REFERENCE.finditer(line):
                doc = root / "docs" / match.group("file")
                if not doc.is_file():
                    problems.append(f"{where}: docs/{match.group('file')} does not exist")
                    continue
                numbers, titles = cache.setdefault(doc, headings(doc))
                if match.group("numbers"):
                    for number in map(int, re.findall(r"\d+", match.group("numbers"))):
                        if number not in numbers:
                            problems.append(f"{where}: docs/{match.group('file')} has no section "
                                            f"{number} (it has {sorted(numbers)})")
                if match.group("title"):
                    title = match.group("title").strip().lower()
                    if not any(title in heading for heading in titles):
                        problems.append(f"{where}: docs/{match.group('file')} has no section "
                                        f"'{match.group('title')}'")
            if path.suffix == ".md":
                for match in MARKDOWN_LINK.finditer(line):
                    target = match.group("target")
                    if re.match(r"[a-z]+:", target):  # https:, mailto:
                        continue
                    if not (path.parent / target).exists():
                        problems.append(f"{where}: link target '{target}' does not exist")
    problems += check_tissue_names(root)
    return problems


def check_tissue_names(root):
    """README and docs/interface.md list the library's tissues by the names a plan uses."""
    import json
    library = json.loads((root / "data" / "tissues" / "tissues.json").read_text(encoding="utf-8"))
    names = library.get("tissues", library)
    names = list(names) if isinstance(names, dict) else [row["name"] for row in names]
    problems = []
    for doc in ("README.md", "docs/interface.md"):
        text = (root / doc).read_text(encoding="utf-8")
        problems += [f"{doc}: library tissue `{name}` is not listed" for name in names
                     if f"`{name}`" not in text]
    return problems


def main():
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    problems = check(root.resolve())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} documentation reference(s) do not resolve", file=sys.stderr)
        return 1
    print("every documentation reference resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main())
