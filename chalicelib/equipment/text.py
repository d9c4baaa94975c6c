"""Search text and trigrams, the way PostgreSQL's pg_trgm sees them, so both databases index the same words.

pg_trgm lower-cases a string, splits it into words at every non-alphanumeric character and pads each word with
two spaces in front and one behind before taking its trigrams (``show_trgm('SEL-351')`` is ``{"  s"," se",
"sel","el ","  3"," 35","351","51 "}``). The stored search text is written in that padded form, so that
SQLite's FTS5 trigram tokenizer indexes exactly pg_trgm's trigrams (plus harmless ones spanning the padding),
and the per-word trigrams of a query are computed here with the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[^\W_]+")  # runs of letters and digits (pg_trgm's ISWORDCHR), underscores separate
_DIGITS = re.compile(r"\d{2,}")

MAX_QUERY_WORDS = 8


def words(text: str) -> list[str]:
    """The lower-case words of `text` as pg_trgm splits it."""
    return _WORD.findall(text.lower())


def index_words(parts: Iterable[str | None]) -> list[str]:
    """Words of every part, de-duplicated in order; a word that mixes letters and digits also contributes its
    numbers, so that '240' finds 'NA2XS2Y 1x240' and '630' finds '630A' as a whole word."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in words(part or ""):
            seen.setdefault(word, None)
            if not word.isdigit() and not word.isalpha():
                for number in _DIGITS.findall(word):
                    seen.setdefault(number, None)
    return list(seen)


def search_text(parts: Iterable[str | None]) -> str:
    """The stored search text: every word padded as pg_trgm pads it ("  word ")."""
    return "".join(f"  {w} " for w in index_words(parts))


def key(text: str) -> str:
    """An exact identifier as compared for the 'exact code name first' rule: lower case, single spaces."""
    return " ".join(text.lower().split())


def keys_text(values: Iterable[str | None]) -> str:
    """Exact identifiers joined as ``|a|b|``, so that ``instr(keys, '|' || q || '|')`` tests membership."""
    ks = [key(v) for v in values if v and key(v)]
    return "|" + "|".join(dict.fromkeys(ks)) + "|" if ks else ""


def trigrams(word: str) -> list[str]:
    """pg_trgm's trigrams of one word (unique, in order)."""
    padded = f"  {word} "
    return list(dict.fromkeys(padded[i : i + 3] for i in range(len(padded) - 2)))


def body_fourgrams(word: str) -> list[str]:
    """4-grams of the padded word that hold at most one padding space (" dra", "drak", "rake", "ake "; a
    two-character word also its word start, "  20"): a text holding one of them holds two of the word's trigrams
    next to each other, as in the word itself, not picked from different words."""
    padded = f"  {word} "
    start = 0 if len(word) <= 2 else 1
    return list(dict.fromkeys(padded[i : i + 4] for i in range(start, len(padded) - 3)))


def query_words(q: str) -> list[str]:
    """The words of a query, de-duplicated, at most MAX_QUERY_WORDS (the rest are ignored)."""
    return list(dict.fromkeys(words(q)))[:MAX_QUERY_WORDS]
