#!/usr/bin/env python3
"""The engine of scripts/check-architecture (python3 stdlib only).

    check_architecture.py --dump DUMP.json --rules RULES --groups GROUPS --patterns PATTERNS

DUMP.json is `swift package dump-package`; RULES, GROUPS and PATTERNS are the tables at the top of
scripts/check-architecture (see there for their format). Run from the package root. Prints
`check-architecture: RULE: file:line: what` per violation and exits 1, or prints
`check-architecture: N rules hold` and exits 0.

Targets:
- a rule's TARGETS are names or globs (`SQLiteStore*`), `@group`, `*` (every target) and `!selector`
  (excluded); a target is checked if the manifest declares it, or, for the source rules, if its
  folder (Sources/NAME, Tests/NAME for *Tests) exists already;
- a target's folder is its `path:` in the manifest, else Sources/NAME (Tests/NAME for test targets);
  files the manifest excludes are skipped.

Dependencies (for deps-only, no-deps, no-closure) are written as a target name or glob, or as
`product:NAME` / `package:IDENTITY` (globs too) for products of package dependencies.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import re
import sys
from collections import deque

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import swiftsource  # noqa: E402

SOURCE_EXTENSIONS = (".swift", ".c", ".h", ".m", ".mm", ".cc", ".cpp", ".hpp", ".modulemap")
CHECKS = {
    "deps-only": "manifest", "no-deps": "manifest", "no-closure": "manifest",
    "imports-only": "source", "no-imports": "source",
    "no-text": "source", "no-code": "source", "no-string": "source",
}


class Fail(Exception):
    pass


def table(text: str, columns: int, sep: str | None) -> list[list[str]]:
    rows = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split(sep, columns - 1)] if sep else line.split(None, columns - 1)
        cells += [""] * (columns - len(cells))
        rows.append(cells)
    return rows


class Package:
    def __init__(self, dump: dict):
        self.targets: dict[str, dict] = {t["name"]: t for t in dump["targets"]}
        with open("Package.swift", encoding="utf-8") as f:
            self.manifest_lines = f.read().splitlines()

    def deps(self, name: str) -> list[tuple[str, str]]:
        """(kind, name) per direct dependency: ("target", T), ("product", "P@package")."""
        out = []
        for dep in self.targets.get(name, {}).get("dependencies", []):
            ((kind, args),) = dep.items()
            if kind == "target" or (kind == "byName" and args[0] in self.targets):
                out.append(("target", args[0]))
            elif kind == "product":
                out.append(("product", f"{args[0]}@{args[1] or ''}"))
            else:  # byName naming a product of a package dependency
                out.append(("product", f"{args[0]}@"))
        return out

    def folder(self, name: str) -> str:
        t = self.targets.get(name)
        if t and t.get("path"):
            return t["path"]
        is_test = (t["type"] == "test") if t else name.endswith("Tests")
        return os.path.join("Tests" if is_test else "Sources", name)

    OPENER = re.compile(
        r"\.(target|executableTarget|testTarget|systemLibrary|binaryTarget|plugin|macro|library|executable)\s*\("
    )
    TARGET_KINDS = {"target", "executableTarget", "testTarget", "systemLibrary", "binaryTarget", "plugin", "macro"}

    def decl_line(self, name: str, mentioning: str | None = None) -> int:
        """The manifest line declaring target `name` or, with `mentioning`, the line of its
        declaration that names that dependency (the declaration's first line if none does)."""
        kind = None
        start = None
        name_re = re.compile(r'name:\s*"' + re.escape(name) + '"')
        for i, line in enumerate(self.manifest_lines):
            openers = [m.group(1) for m in self.OPENER.finditer(line)]
            if start is not None and any(k in self.TARGET_KINDS for k in openers):
                break
            if openers:
                kind = openers[-1]
            if start is None:
                m = name_re.search(line)
                if m and kind in self.TARGET_KINDS:
                    start = i
                    if mentioning is None or f'"{mentioning}"' in line[m.end():]:
                        return i + 1
            elif f'"{mentioning}"' in line:
                return i + 1
        return (start + 1) if start is not None else 1


def dep_matches(kind: str, name: str, pattern: str) -> bool:
    if pattern.startswith("product:"):
        return kind == "product" and fnmatch.fnmatchcase(name.split("@")[0], pattern[8:])
    if pattern.startswith("package:"):
        return kind == "product" and fnmatch.fnmatchcase(name.split("@", 1)[1].lower(), pattern[8:].lower())
    return kind == "target" and fnmatch.fnmatchcase(name, pattern)


def describe_dep(kind: str, name: str) -> str:
    if kind == "product":
        product, package = name.split("@", 1)
        return f"product {product}" + (f" ({package})" if package else "")
    return name


class Checker:
    def __init__(self, pkg: Package, groups: dict[str, list[str]], patterns: dict[str, list[re.Pattern]]):
        self.pkg = pkg
        self.groups = groups
        self.patterns = patterns
        self.violations: list[str] = []
        self.scans: dict[str, swiftsource.Scan] = {}

    def expand(self, words: list[str]) -> list[str]:
        out = []
        for w in words:
            neg = w.startswith("!")
            body = w[1:] if neg else w
            if body.startswith("@"):
                if body[1:] not in self.groups:
                    raise Fail(f"unknown group {body}")
                out += [("!" if neg else "") + x for x in self.expand(self.groups[body[1:]])]
            else:
                out.append(w)
        return out

    def select(self, selectors: list[str], kind: str) -> list[str]:
        sel = self.expand(selectors)
        include = [s for s in sel if not s.startswith("!")]
        exclude = [s[1:] for s in sel if s.startswith("!")]
        known = set(self.pkg.targets)
        candidates = set(known)
        if kind == "source":
            # Folders of targets about to be declared count too.
            for root in ("Sources", "Tests"):
                if os.path.isdir(root):
                    for d in os.listdir(root):
                        if os.path.isdir(os.path.join(root, d)) and (root == "Sources" or d.endswith("Tests")):
                            candidates.add(d)
            for s in include:
                if not any(ch in s for ch in "*?["):
                    candidates.add(s)
        chosen = [
            t for t in sorted(candidates)
            if any(fnmatch.fnmatchcase(t, s) for s in include) and not any(fnmatch.fnmatchcase(t, s) for s in exclude)
        ]
        if kind == "manifest":
            return [t for t in chosen if t in known]
        return [t for t in chosen if os.path.isdir(self.pkg.folder(t))]

    def report(self, rule: str, where: str, what: str) -> None:
        self.violations.append(f"check-architecture: {rule}: {where}: {what}")

    # Manifest checks

    def check_manifest(self, rule: str, check: str, target: str, args: list[str]) -> None:
        if check == "no-closure":
            self.check_closure(rule, target, args)
            return
        for kind, name in self.pkg.deps(target):
            matched = any(dep_matches(kind, name, p) for p in args)
            bad = (check == "deps-only" and not matched) or (check == "no-deps" and matched)
            if bad:
                line = self.pkg.decl_line(target, name.split("@")[0])
                verb = "may depend only on " + " ".join(args) if check == "deps-only" else "must not depend on it"
                self.report(rule, f"Package.swift:{line}", f"{target} depends on {describe_dep(kind, name)}; {verb}")

    def check_closure(self, rule: str, target: str, args: list[str]) -> None:
        parent: dict[tuple[str, str], tuple[str, str] | None] = {("target", target): None}
        queue = deque([("target", target)])
        found = []
        while queue:
            node = queue.popleft()
            if node != ("target", target) and any(dep_matches(*node, p) for p in args):
                found.append(node)
                continue
            if node[0] != "target":
                continue
            for dep in self.pkg.deps(node[1]):
                if dep not in parent:
                    parent[dep] = node
                    queue.append(dep)
        for node in found:
            path = []
            n: tuple[str, str] | None = node
            while n is not None:
                path.append(n)
                n = parent[n]
            path.reverse()
            first = path[1][1].split("@")[0]
            chain = " -> ".join(describe_dep(*p) for p in path)
            self.report(rule, f"Package.swift:{self.pkg.decl_line(target, first)}", f"{chain} (forbidden in the dependency closure)")

    # Source checks

    def files(self, target: str):
        folder = self.pkg.folder(target)
        excluded = [os.path.join(folder, e) for e in self.pkg.targets.get(target, {}).get("exclude", [])]
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fn in sorted(filenames):
                path = os.path.join(dirpath, fn)
                if not fn.endswith(SOURCE_EXTENSIONS):
                    continue
                if any(path == e or path.startswith(e.rstrip("/") + "/") for e in excluded):
                    continue
                yield path

    def scan(self, path: str) -> swiftsource.Scan:
        if path not in self.scans:
            self.scans[path] = swiftsource.scan(swiftsource.read(path))
        return self.scans[path]

    def regexes(self, names: list[str]) -> list[tuple[str, re.Pattern]]:
        out = []
        for name in names:
            if name not in self.patterns:
                raise Fail(f"unknown pattern {name}")
            out += [(name, rx) for rx in self.patterns[name]]
        return out

    def check_source(self, rule: str, check: str, target: str, args: list[str]) -> None:
        allowed = self.expand(args)
        for path in self.files(target):
            if check in ("imports-only", "no-imports"):
                if not path.endswith(".swift"):
                    continue
                for line, module in swiftsource.imports(self.scan(path)):
                    matched = any(fnmatch.fnmatchcase(module, p) for p in allowed)
                    if check == "imports-only" and not matched:
                        self.report(rule, f"{path}:{line}", f"{target} imports {module}; it may import only {' '.join(allowed)}")
                    elif check == "no-imports" and matched:
                        self.report(rule, f"{path}:{line}", f"{target} imports {module}")
            elif check == "no-text":
                text = swiftsource.read(path)
                for name, rx in self.regexes(args):
                    for m in rx.finditer(text):
                        line = text.count("\n", 0, m.start()) + 1
                        self.report(rule, f"{path}:{line}", f"{target} mentions {m.group(0)!r} ({name})")
            elif check == "no-code":
                if not path.endswith(".swift"):
                    continue
                sc = self.scan(path)
                for name, rx in self.regexes(args):
                    for m in rx.finditer(sc.code):
                        self.report(rule, f"{path}:{sc.line_of(m.start())}", f"{target} uses {m.group(0).strip()!r} ({name})")
            elif check == "no-string":
                if not path.endswith(".swift"):
                    continue
                for line, text in literal_texts(self.scan(path)):
                    for name, rx in self.regexes(args):
                        m = rx.search(text)
                        if m:
                            at = line + text.count("\n", 0, m.start())
                            snippet = " ".join(m.group(0).split())
                            if len(snippet) > 60:
                                snippet = snippet[:57] + "..."
                            self.report(rule, f"{path}:{at}", f"string literal holds {name}: {snippet!r}")
                            break


def literal_texts(sc: swiftsource.Scan):
    """(line, text) per string literal, and per chain of literals joined by `+` (SQL split in pieces)."""
    lits = sc.literals
    i = 0
    while i < len(lits):
        j = i
        while j + 1 < len(lits) and re.fullmatch(r"\s*\+\s*", sc.code[lits[j].end:lits[j + 1].start]):
            j += 1
        for k in range(i, j + 1):
            yield lits[k].line, lits[k].text
        if j > i:
            yield lits[i].line, " ".join(lit.text for lit in lits[i:j + 1])
        i = j + 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dump", required=True)
    ap.add_argument("--rules", required=True)
    ap.add_argument("--groups", required=True)
    ap.add_argument("--patterns", required=True)
    a = ap.parse_args()

    try:
        with open(a.dump, encoding="utf-8") as f:
            dump = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check-architecture: cannot read the package description: {e}", file=sys.stderr)
        return 2
    groups = {row[0]: row[1].split() for row in table(a.groups, 2, None)}
    patterns: dict[str, list[re.Pattern]] = {}
    for name, rx in table(a.patterns, 2, None):
        patterns.setdefault(name, []).append(re.compile(rx))
    rules = table(a.rules, 4, "|")

    checker = Checker(Package(dump), groups, patterns)
    missing: set[str] = set()
    try:
        for rule, targets, check, args in rules:
            if check not in CHECKS:
                raise Fail(f"rule {rule}: unknown check {check!r} (one of {', '.join(CHECKS)})")
            kind = CHECKS[check]
            wanted = checker.expand(targets.split())
            chosen = checker.select(targets.split(), kind)
            missing |= {t for t in wanted if not t.startswith("!") and not any(c in t for c in "*?[") and t not in chosen}
            for target in chosen:
                if kind == "manifest":
                    checker.check_manifest(rule, check, target, checker.expand(args.split()))
                else:
                    checker.check_source(rule, check, target, args.split())
    except Fail as e:
        print(f"check-architecture: bad rule table: {e}", file=sys.stderr)
        return 2

    if checker.violations:
        for v in checker.violations:
            print(v)
        broken = len({v.split(": ", 2)[1] for v in checker.violations})
        print(f"check-architecture: {len(checker.violations)} violations of {broken} of {len(rules)} rules", file=sys.stderr)
        return 1
    note = f" (not in the package yet: {', '.join(sorted(missing))})" if missing else ""
    print(f"check-architecture: {len(rules)} rules hold{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
