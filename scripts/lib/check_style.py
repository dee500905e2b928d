#!/usr/bin/env python3
"""Size limits for scripts/check-style (python3 stdlib only).

    check_style.py --max-file-lines 400 --max-body-lines 80 --bodies-under Sources -- ROOT...

(a) every .swift file under the ROOTs has at most --max-file-lines lines;
(b) every function, initializer, deinitializer, subscript and computed property (a `var NAME: Type {`
    with a body) in a .swift file under the --bodies-under folders has at most --max-body-lines
    lines, from its keyword's line to its closing brace, not counting the lines inside multi-line
    string literals (where the SQL text lives).

Prints one `file:line: what` line per violation on stdout; exit status 1 if there was any.
"""

from __future__ import annotations

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import swiftsource  # noqa: E402

TOKEN_RE = re.compile(r"`[^`\n]*`|[A-Za-z_][A-Za-z0-9_]*|[^\sA-Za-z0-9_]")
# A declaration keyword at bracket depth 0 ends a bodiless declaration (a protocol requirement).
DECL_STOP = {
    "func", "var", "let", "init", "deinit", "subscript", "case", "typealias", "associatedtype",
    "struct", "class", "enum", "protocol", "extension", "actor", "import", "operator",
}


def swift_files(root: str):
    if os.path.isfile(root):
        if root.endswith(".swift"):
            yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".swift"):
                yield os.path.join(dirpath, name)


def line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") or not text else 1)


def bodies(sc: swiftsource.Scan):
    """Yields (line, description, body_start_offset, body_end_offset) for every body-bearing declaration."""
    toks = [(m.group(0), m.start()) for m in TOKEN_RE.finditer(sc.code)]
    for idx, (tok, pos) in enumerate(toks):
        if tok not in ("func", "init", "deinit", "subscript", "var"):
            continue
        prev = toks[idx - 1][0] if idx else ""
        nxt = toks[idx + 1][0] if idx + 1 < len(toks) else ""
        if prev == "." or nxt == ":" and tok != "var":  # `.init(`, `Self.init`, a label `init:`
            continue
        if tok == "func":
            name = "func " + nxt.strip("`")
        elif tok == "var":
            # A computed property: `var NAME: Type {` on one line, no `=` (stored, observers).
            if idx + 2 >= len(toks) or toks[idx + 2][0] != ":" or not re.match(r"[A-Za-z_`]", nxt):
                continue
            name = "var " + nxt.strip("`")
        else:
            name = tok
        decl_line = sc.line_of(pos)
        depth = 0
        open_at = None
        for tok2, pos2 in toks[idx + 1:]:
            if tok2 in ("(", "["):
                depth += 1
            elif tok2 in (")", "]"):
                depth -= 1
            elif depth == 0:
                if tok2 == "{":
                    open_at = pos2
                    break
                if tok2 in ("}", ";") or tok2 in DECL_STOP:
                    break
                if tok == "var" and (tok2 == "=" or sc.line_of(pos2) != decl_line):
                    break
        if open_at is None:
            continue
        close_at = match_brace(sc.code, open_at)
        yield decl_line, name, open_at, close_at


def match_brace(code: str, open_at: int) -> int:
    depth = 0
    for k in range(open_at, len(code)):
        c = code[k]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return k
    return len(code) - 1


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-file-lines", type=int, default=400)
    ap.add_argument("--max-body-lines", type=int, default=80)
    ap.add_argument("--bodies-under", action="append", default=[])
    ap.add_argument("roots", nargs="+")
    args = ap.parse_args()

    body_roots = [os.path.normpath(p) + os.sep for p in args.bodies_under]
    problems = 0
    files = 0
    decls = 0
    for root in args.roots:
        for path in swift_files(root):
            files += 1
            text = swiftsource.read(path)
            lines = line_count(text)
            if lines > args.max_file_lines:
                print(f"{path}:1: file is {lines} lines (max {args.max_file_lines})")
                problems += 1
            if not any(os.path.normpath(path).startswith(r) for r in body_roots):
                continue
            sc = swiftsource.scan(text)
            for line, name, open_at, close_at in bodies(sc):
                decls += 1
                end_line = sc.line_of(close_at)
                length = end_line - line + 1
                length -= sum(1 for k in range(line, end_line + 1) if k in sc.literal_lines)
                if length > args.max_body_lines:
                    print(f"{path}:{line}: {name} is {length} lines (max {args.max_body_lines})")
                    problems += 1
    print(f"#sizes files={files} bodies={decls} problems={problems}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
