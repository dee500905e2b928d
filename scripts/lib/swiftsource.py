"""A small Swift source scanner for the project's checks (python3 stdlib only).

It is not a parser. It knows just enough of Swift's lexical grammar to tell code from comments
and string literals:

- comments: `// …` to the end of the line, `/* … */` (nested, as Swift allows);
- string literals: `"…"`, multi-line `\"\"\"…\"\"\"`, raw `#"…"#` / `##"…"##` / `#\"\"\"…\"\"\"#`,
  with escapes (`\\"`, `\\#"` in raw strings) and interpolations `\\( … )` / `\\#( … )` whose code may
  hold strings, comments and closures of its own;
- extended regex literals `#/ … /#` (bare `/…/` regex literals are taken for operators).

`scan(text)` returns a `Scan`:

- `code`: the text with every comment and literal character blanked (newlines kept), so braces,
  keywords and `import` lines can be found with plain string work and line numbers still match;
- `literals`: each string literal with its first and last line and its text (escapes left as
  written, each interpolation replaced by `?`);
- `literal_lines`: the lines strictly inside multi-line literals (between the opening and the
  closing delimiter lines).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field


@dataclass
class Literal:
    start: int  # offset of the first delimiter character
    end: int  # offset just past the last delimiter character
    line: int  # 1-based line of the opening delimiter
    end_line: int
    multiline: bool
    text: str  # the literal's characters, interpolations replaced by "?"


@dataclass
class Scan:
    source: str
    code: str
    literals: list[Literal] = field(default_factory=list)
    literal_lines: set[int] = field(default_factory=set)
    _line_starts: list[int] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)


class _Scanner:
    def __init__(self, src: str):
        self.src = src
        self.n = len(src)
        self.out = list(src)
        self.literals: list[tuple[int, int, bool, str]] = []

    def blank(self, a: int, b: int) -> None:
        out = self.out
        for k in range(a, min(b, self.n)):
            if out[k] != "\n":
                out[k] = " "

    def code(self, i: int, until_close_paren: bool) -> int:
        """Lexes code from i; with until_close_paren, returns the offset after the `)` that closes
        an interpolation, else the end of the text."""
        src, n = self.src, self.n
        depth = 0
        while i < n:
            c = src[i]
            if c == "/" and i + 1 < n and src[i + 1] == "/":
                j = src.find("\n", i)
                j = n if j < 0 else j
                self.blank(i, j)
                i = j
                continue
            if c == "/" and i + 1 < n and src[i + 1] == "*":
                j = self.block_comment(i)
                self.blank(i, j)
                i = j
                continue
            if c == '"' or c == "#":
                k = i
                while k < n and src[k] == "#":
                    k += 1
                hashes = k - i
                if k < n and src[k] == '"':
                    j = self.string(i, hashes)
                    self.blank(i, j)
                    i = j
                    continue
                if hashes and k < n and src[k] == "/":
                    j = src.find("/" + "#" * hashes, k + 1)
                    j = n if j < 0 else j + 1 + hashes
                    self.blank(i, j)
                    i = j
                    continue
                i = k if hashes else i + 1
                continue
            if until_close_paren:
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        return i + 1
                    depth -= 1
            i += 1
        return n

    def block_comment(self, i: int) -> int:
        src, n = self.src, self.n
        depth = 0
        while i < n:
            if src.startswith("/*", i):
                depth += 1
                i += 2
            elif src.startswith("*/", i):
                depth -= 1
                i += 2
                if depth == 0:
                    return i
            else:
                i += 1
        return n

    def string(self, i: int, hashes: int) -> int:
        """Lexes the literal whose first delimiter character is at i; returns the offset past it."""
        src, n = self.src, self.n
        q = i + hashes
        multiline = src.startswith('"""', q)
        if multiline and hashes:
            # As Swift's lexer: `#"""…"#` closed on its own line is a one-line raw string (`#"""""#`).
            eol = src.find("\n", q)
            if src.find('"' + "#" * hashes, q + 1, n if eol < 0 else eol) >= 0:
                multiline = False
        start = q + (3 if multiline else 1)
        terminator = ('"""' if multiline else '"') + "#" * hashes
        escape = "\\" + "#" * hashes
        parts: list[str] = []
        seg = j = start
        end = n
        while j < n:
            if src.startswith(escape, j):
                after = j + len(escape)
                if after < n and src[after] == "(":
                    parts.append(src[seg:j])
                    parts.append("?")
                    j = self.code(after + 1, until_close_paren=True)
                    seg = j
                    continue
                j = after + 1
                continue
            if src.startswith(terminator, j):
                parts.append(src[seg:j])
                end = j + len(terminator)
                break
            if not multiline and src[j] == "\n":  # unterminated: stop at the line's end
                parts.append(src[seg:j])
                end = j
                break
            j += 1
        else:
            parts.append(src[seg:n])
        self.literals.append((i, end, multiline, "".join(parts)))
        return end


def scan(text: str) -> Scan:
    s = _Scanner(text)
    s.code(0, until_close_paren=False)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    result = Scan(source=text, code="".join(s.out), _line_starts=line_starts)
    for start, end, multiline, body in sorted(s.literals):
        line = result.line_of(start)
        end_line = result.line_of(max(start, end - 1))
        result.literals.append(Literal(start, end, line, end_line, multiline, body))
        if multiline:
            result.literal_lines.update(range(line + 1, end_line))
    return result


IMPORT_RE = re.compile(
    r"^[ \t]*(?:@\w+(?:\([^)\n]*\))?[ \t]+)*"
    r"(?:(?:public|package|internal|fileprivate|private)[ \t]+)?"
    r"import[ \t]+(?:(?:typealias|struct|class|enum|protocol|let|var|func)[ \t]+)?"
    r"([A-Za-z_]\w*)",
    re.MULTILINE,
)


def imports(sc: Scan) -> list[tuple[int, str]]:
    """(line, module) for every import declaration, comments and strings excluded."""
    return [(sc.line_of(m.start(1)), m.group(1)) for m in IMPORT_RE.finditer(sc.code)]


def read(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()
