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
from functools import lru_cache

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


@lru_cache(maxsize=256)
def _wanted(q: str) -> frozenset[str]:
    return frozenset(g for w in words(q) for g in trigrams_positional(w))


def word_similarity(q: str, t: str, at_least: float | None = None) -> float:
    """pg_trgm's ``word_similarity(q, t)``, for SQLite: the greatest Jaccard similarity between the trigram set of
    `q` and a contiguous extent of the ordered trigrams of `t` (found by pg_trgm's iterative procedure).

    A port of PostgreSQL 15 contrib/pg_trgm/trgm_op.c (calc_word_similarity, iterate_word_similarity, non-strict),
    checked against PostgreSQL in tests/platform/test_platform_equipment.py. With `at_least`, it stops as soon as
    the similarity reaches it (as pg_trgm's WORD_SIMILARITY_CHECK_ONLY, which the ``<%`` operator uses): the
    result is then >= at_least exactly when the full value is.

    The text's trigrams are taken as the iteration reaches them (pg_trgm numbers them all first): each step reads
    only the trigrams before it, so the values are the same, and a check that succeeds early ('siemans' against
    a text that starts with 'siemens') stops without reading the rest.
    """
    wanted = _wanted(q)
    ulen1 = len(wanted)
    if not ulen1:
        return 0.0
    ids: dict[str, int] = {}
    seq: list[int] = []  # the text's trigrams so far, as distinct-trigram numbers
    found: list[bool] = []  # per distinct trigram: is it one of q's
    lastpos: list[int] = []  # per distinct trigram: its last position in the current extent, or -1
    ulen2 = count = 0
    lower = -1
    best = 0.0
    i = -1
    for w in _text_words(t):
        padded = f"  {w} "
        for j in range(len(padded) - 2):
            g = padded[j : j + 3]
            gi = ids.get(g)
            if gi is None:
                gi = ids[g] = len(found)
                found.append(g in wanted)
                lastpos.append(-1)
            seq.append(gi)
            i += 1
            hit = found[gi]
            if lower < 0 and not hit:  # nothing before the first of q's trigrams counts
                continue
            if lastpos[gi] < 0:  # the extent's distinct trigrams (and those of q among them)
                ulen2 += 1
                count += hit
            lastpos[gi] = i
            if not hit:
                continue
            if lower == -1:
                lower, ulen2 = i, 1
            current, lower, count, ulen2 = _best_start(seq, found, lastpos, ulen1, lower, i, count, ulen2)
            if current > best:
                best = current
            if at_least is not None and best >= at_least:
                return best
    return best


def _best_start(seq: list[int], found: list[bool], lastpos: list[int], ulen1: int, lower: int, upper: int,
                count: int, ulen2: int) -> tuple[float, int, int, int]:
    """pg_trgm's inner loop: the start of the extent ending at `upper` with the greatest similarity, moving right
    from `lower`; returns (similarity, start, common trigrams, distinct trigrams of the extent), and forgets the
    last positions of the trigrams left behind by the new start."""
    best = (count / (ulen1 + ulen2 - count), lower, count, ulen2)
    for tmp_lower in range(lower, upper + 1):
        candidate = count / (ulen1 + ulen2 - count)
        if candidate > best[0]:
            best = (candidate, tmp_lower, count, ulen2)
        gl = seq[tmp_lower]
        if lastpos[gl] == tmp_lower:
            ulen2 -= 1
            count -= found[gl]
    for tmp_lower in range(lower, best[1]):
        if lastpos[seq[tmp_lower]] == tmp_lower:
            lastpos[seq[tmp_lower]] = -1
    return best


def _text_words(t: str) -> list[str]:
    """Words of a text; a stored search text is already lower-case alphanumeric words between spaces."""
    return t.split() if t.startswith("  ") else words(t)


def trigrams_positional(word: str) -> list[str]:
    """pg_trgm's trigrams of one word in order, repeats kept (the text side of word_similarity)."""
    padded = f"  {word} "
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


def query_words(q: str) -> list[str]:
    """The words of a query, de-duplicated, at most MAX_QUERY_WORDS (the rest are ignored)."""
    return list(dict.fromkeys(words(q)))[:MAX_QUERY_WORDS]
