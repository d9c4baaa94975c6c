"""OpenDSS script syntax: logical lines, parameters, arrays, matrices, RPN and bus specs.

The rules are OpenDSS's ParserDel.pas and RPN.pas: `!` and `//` start comments, `/* */` blocks,
`~` (or `more`) continues the previous command, values may be quoted or bracketed with
() [] {} "" '', `name = value` may have spaces round the `=`, a parenthesized scalar is an RPN
expression (`(8 1000 /)`), `|` separates matrix rows (lower triangle or full), and a bus is
`name.node.node...`.
"""

from __future__ import annotations

import math
import re

from ..errors import ParseError

CLOSERS = {"(": ")", "[": "]", "{": "}", '"': '"', "'": "'"}


def strip_comment(line: str) -> str:
    """Text before an unquoted `!` or `//`."""
    out, quote = [], None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "!" or line.startswith("//", i):
            break
        out.append(ch)
        i += 1
    return "".join(out).strip()


def _read_value(text: str, i: int) -> tuple[str, int]:
    """The value starting at i: a bracketed or quoted group (without its delimiters), or a bare word."""
    n = len(text)
    if i < n and text[i] in CLOSERS:
        opener, close = text[i], CLOSERS[text[i]]
        depth, j = 1, i + 1
        while j < n:
            if text[j] == close:
                depth -= 1
                if depth == 0:
                    break
            elif text[j] == opener:
                depth += 1
            j += 1
        return text[i + 1: j].strip(), j + 1
    j = i
    while j < n and not text[j].isspace() and text[j] not in ",=":
        j += 1
    return text[i:j], j


def _skip(text: str, i: int, also: str = "") -> int:
    while i < len(text) and (text[i].isspace() or text[i] in also):
        i += 1
    return i


def tokens(text: str) -> list[tuple[str | None, str]]:
    """Split parameters into (name or None, value) pairs."""
    out: list[tuple[str | None, str]] = []
    i = _skip(text, 0, ",")
    while i < len(text):
        first, i = _read_value(text, i)
        j = _skip(text, i)
        if j < len(text) and text[j] == "=":
            value, i = _read_value(text, _skip(text, j + 1))
            out.append((first.strip().lower(), value))
        else:
            out.append((None, first))
        i = _skip(text, i, ",")
    return out


_RPN_BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
               "^": lambda a, b: a ** b, "atan2": lambda a, b: math.degrees(math.atan2(a, b))}
_RPN_UNARY = {"sqrt": math.sqrt, "sqr": lambda a: a * a, "inv": lambda a: 1 / a, "ln": math.log,
              "exp": math.exp, "log10": math.log10, "chs": lambda a: -a,
              "sin": lambda a: math.sin(math.radians(a)), "cos": lambda a: math.cos(math.radians(a)),
              "tan": lambda a: math.tan(math.radians(a)), "asin": lambda a: math.degrees(math.asin(a)),
              "acos": lambda a: math.degrees(math.acos(a)), "atan": lambda a: math.degrees(math.atan(a)),
              "rad": math.radians, "deg": math.degrees}


def rpn(expr: str) -> float:
    """Evaluate an OpenDSS RPN expression: `8 1000 /` = 0.008 (operands, then the operator)."""
    stack: list[float] = []
    for tok in expr.replace(",", " ").split():
        low = tok.lower()
        if low in _RPN_BINARY:
            b, a = stack.pop(), stack.pop()
            stack.append(_RPN_BINARY[low](a, b))
        elif low in _RPN_UNARY:
            stack.append(_RPN_UNARY[low](stack.pop()))
        elif low == "pi":
            stack.append(math.pi)
        elif low == "swap":
            stack[-1], stack[-2] = stack[-2], stack[-1]
        else:
            stack.append(float(tok))
    if not stack:
        raise ValueError("empty expression")
    return stack[-1]


def number(value: str) -> float:
    """A scalar: a plain number, or an RPN expression if it has several tokens."""
    v = value.strip()
    try:
        return float(v)
    except ValueError:
        return rpn(v)


def integer(value: str) -> int:
    x = number(value)
    if x != int(x):
        raise ValueError(f"'{value}' is not an integer")
    return int(x)


def boolean(value: str) -> bool:
    v = value.strip().lower()
    if v[:1] in ("y", "t"):
        return True
    if v[:1] in ("n", "f"):
        return False
    raise ValueError(f"'{value}' is not yes/no")


def string_list(value: str) -> list[str]:
    return [s for s in re.split(r"[\s,]+", value.strip()) if s]


def numbers(value: str) -> list[float]:
    return [number(s) for s in string_list(value.replace("|", " "))]


def matrix(value: str, n: int) -> list[list[float]]:
    """A symmetric n x n matrix from its lower triangle, or a full matrix, rows separated by `|`."""
    rows = [numbers(r) for r in value.split("|")] if "|" in value else None
    flat = numbers(value)
    m = [[0.0] * n for _ in range(n)]
    if rows and all(len(r) == k + 1 for k, r in enumerate(rows)) and len(rows) == n:
        for i, r in enumerate(rows):
            for j, x in enumerate(r):
                m[i][j] = m[j][i] = x
        return m
    if len(flat) == n * n:
        return [flat[i * n:(i + 1) * n] for i in range(n)]
    if len(flat) == n * (n + 1) // 2:
        k = 0
        for i in range(n):
            for j in range(i + 1):
                m[i][j] = m[j][i] = flat[k]
                k += 1
        return m
    raise ValueError(f"expected a {n}x{n} matrix (lower triangle or full), got {len(flat)} values")


def bus_spec(value: str) -> tuple[str, list[int]]:
    """`632.1.2` -> ('632', [1, 2]); `632` -> ('632', [])."""
    parts = value.strip().lower().split(".")
    name = parts[0]
    if not name:
        raise ValueError(f"empty bus name in '{value}'")
    try:
        nodes = [int(p) for p in parts[1:] if p != ""]
    except ValueError:
        raise ValueError(f"bus '{value}': nodes must be integers") from None
    return name, nodes


def logical_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of each non-empty command line, comments and /* */ blocks removed."""
    out = []
    in_block = False
    for k, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if in_block:
            if "*/" in line:
                in_block = False
                line = line.split("*/", 1)[1]
            else:
                continue
        if line.startswith("/*"):
            if "*/" not in line:
                in_block = True
                continue
            line = line.split("*/", 1)[1]
        line = strip_comment(line)
        if line:
            out.append((k, line))
    return out


def fail(message: str, file: str, line: int, prop: str | None = None) -> ParseError:
    return ParseError(message, file=file, line=line, field=prop)
