"""Fuzzy equipment search on PostgreSQL (pg_trgm) and SQLite (FTS5 trigrams), with the same rules on both.

Every word of the query must match the entry's search text (see `text.py`): a word of one character as a
whole word, of two as a word start, of three to five as a substring ('240' in '1x240', '7sj' in '7SJ62'); from
six characters, where typing errors happen ('siemans', 'cardnal'), also fuzzily against the entry's names (name,
maker, model number, code name, product line, family: `fuzzy_text`; generic words such as tags do not take part):

* PostgreSQL: ``fuzzy_text %> w`` (pg_trgm ``word_similarity(w, fuzzy_text)`` >= 0.5, GIN-indexed; ``%>`` is
  ``<%`` commuted, the form the index condition takes, so that the scan tests it once per row, not twice);
* SQLite: the same word_similarity >= 0.5, computed by `text.word_similarity` (a port of pg_trgm's, registered
  as an SQL function) on the few candidates left by the FTS5 trigram index and a cheap filter: word_similarity
  never exceeds the share of the word's trigrams found in the text (containment), so a row needs a share of 0.5,
  and a row holding half of n trigrams holds at least one of any n - ceil(n / 2) + 1 of them: the index is asked
  for the rarest of those (fts5vocab counts).

So both databases select the same entries (the tests compare them, and the port with pg_trgm itself).
Shorter words are not matched fuzzily: a one-letter slip in a four-letter word leaves too few
shared trigrams to be told from noise ('drek' scores 0.4 against 'drake'), and the substring rule already
serves typing ('dra' -> Drake).

Ranking, for engineers: a query that is exactly an entry's code name, model number, product line, size, name
or id comes first ('Drake' -> ACSR Drake); then the sum of the word scores (pg_trgm's word_similarity values,
known without computing it: a whole word 1, a word start of L characters L/(L+1); otherwise, on both
databases, the share of the word's trigrams in the names); then the shorter name (the plain catalogue item
before its variants), name and id. Without a query, results are ordered by category and name.

How a page is cut from that ranking without sorting thousands of matches (`_ranked`): one pass counts the
matches per tier of (exact identifier, score), which gives the total and the tiers the page falls in; within a
tier the order is the name order, which an index on (length(name), name, id) holds: a small tier is sorted, the
first rows of a big one are met by walking that index (a tier of a third of the table meets 20 rows in about 60),
and a walk that meets too few falls back to sorting the tier.
"""

from __future__ import annotations

import itertools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, bindparam, column
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from chalicelib.equipment import records, text
from chalicelib.equipment.models import LIBRARY, USER, Equipment, EquipmentPayload

SUBSTRING_MIN = 3  # shorter words: whole word (1 character) or word start (2)
FUZZY_MIN = 6  # shorter words: substring only
FUZZY_THRESHOLD = 0.5  # word_similarity, on both databases
VOLTAGE_TOLERANCE = 1e-3  # relative: 20 matches 20.0 kV, not 20.5
SORT_MAX = 4000  # a tier of at most this many matches is sorted; the first rows of a bigger one are walked to
WALK_MARGIN, WALK_MIN, WALK_MAX = 2.0, 64, 5000  # walk depth: twice the expected, plus 64 rows; at most 5000
TRIGRAM_COUNTS_TTL, TRIGRAM_COUNTS_KEPT = 300.0, 20_000  # seconds; trigrams (SQLite: `_rarest`)

COLUMNS = (
    "id", "source", "name", "manufacturer", "model_number", "category", "subcategory", "voltage_class_kv",
    "rating_value", "rating_unit", "parameters", "tags", "provenance", "revision", "owner_user_id", "org_id",
    "forked_from_id",
)


@dataclass(frozen=True)
class Filters:
    """What a search asks for, already validated (units converted, categories resolved)."""

    q: str | None = None
    categories: tuple[str, ...] = ()
    manufacturer: str | None = None
    voltage_kv: float | None = None
    rating_quantity: str | None = None
    min_rating: float | None = None  # in the quantity's base unit (A, MVA, MW)
    max_rating: float | None = None
    scope: str = "all"  # all | library | mine
    limit: int = 20
    offset: int = 0


@dataclass
class _Query:
    where: list[str] = field(default_factory=list)  # the conditions, each exact (tested on a row)
    index: list[str] = field(default_factory=list)  # candidates from an index (SQLite's FTS5): a superset
    params: dict[str, Any] = field(default_factory=dict)

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"


_trgm_schemas: dict[str, str] = {}


def _trgm(s: Session) -> str:
    """The quoted schema holding pg_trgm (queries name it, whatever the connection's search_path)."""
    url = str(s.get_bind().engine.url)
    if url not in _trgm_schemas:
        schema = s.scalar(sql(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'pg_trgm'"
        ))
        if schema is None:
            raise RuntimeError("pg_trgm is not installed (migration 0009 creates it)")
        _trgm_schemas[url] = '"' + schema.replace('"', '""') + '"'
    return _trgm_schemas[url]


def _visibility(qy: _Query, user_id: str | None, scope: str) -> None:
    library = f"e.source = '{LIBRARY}'"
    if user_id is None or scope == "library":
        qy.where.append(library)
        return
    uid = qy.bind(user_id)
    mine = (f"(e.source = '{USER}' AND (e.owner_user_id = {uid} OR e.org_id IN "
            f"(SELECT m.org_id FROM memberships m WHERE m.user_id = {uid})))")
    qy.where.append(mine if scope == "mine" else f"({library} OR {mine})")


def _filters(qy: _Query, f: Filters) -> None:
    if f.categories:
        qy.where.append(f"e.category IN ({', '.join(qy.bind(c) for c in f.categories)})")
    if f.manufacturer:
        qy.where.append(f"e.manufacturer_key = {qy.bind(text.key(f.manufacturer))}")
    if f.voltage_kv is not None:
        lo, hi = f.voltage_kv * (1 - VOLTAGE_TOLERANCE), f.voltage_kv * (1 + VOLTAGE_TOLERANCE)
        qy.where.append(f"e.voltage_class_kv BETWEEN {qy.bind(lo)} AND {qy.bind(hi)}")
    if f.rating_quantity:
        qy.where.append(f"e.rating_quantity = {qy.bind(f.rating_quantity)}")
    if f.min_rating is not None:
        qy.where.append(f"e.rating_base >= {qy.bind(f.min_rating * (1 - 1e-9))}")
    if f.max_rating is not None:
        qy.where.append(f"e.rating_base <= {qy.bind(f.max_rating * (1 + 1e-9))}")


def _ladder(qy: _Query, w: str, contains: Callable[[str], str], fuzzy: str) -> str:
    """A word's score: pg_trgm's word_similarity where it is known without computing it (a whole word 1, a word
    start of L characters L / (L + 1): L of its L + 1 trigrams, on an extent of L), else `fuzzy`."""
    n = len(w)
    return (f"(CASE WHEN {contains(f'  {w} ')} THEN 1.0 WHEN {contains(f'  {w}')} THEN {n / (n + 1):.6f} "
            f"ELSE {fuzzy} END)")


def _share(qy: _Query, w: str, column: str, contains: Callable[[str, str], str]) -> str:
    """The share of the word's pg_trgm trigrams found in `column` (cheap: a few substring tests)."""
    grams = text.trigrams(w)
    hits = " + ".join(f"(CASE WHEN {contains(column, g)} THEN 1 ELSE 0 END)" for g in grams)
    return f"(({hits}) * 1.0 / {len(grams)})"


def _short_word(qy: _Query, w: str, contains: Callable[[str], str]) -> str:
    """One or two characters: a whole word, or a word start (what either rule selects for them)."""
    return contains(f"  {w} " if len(w) == 1 else f"  {w}")


def _pg_words(s: Session, qy: _Query, words: list[str]) -> list[str]:
    """Match conditions on PostgreSQL; returns the per-word score expressions. Cheap tests come first in every
    OR (PostgreSQL evaluates them in order), so word_similarity runs only where no substring settles it."""
    schema = _trgm(s)
    # PostgreSQL prices word_similarity like a cheap function and then prefers a sequential scan that runs it on
    # every row (seconds at 50,000 entries); the trigram indexes are always the better plan for a text search.
    # Both settings for this transaction only, in one round trip.
    s.execute(sql("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true), "
                  "set_config('enable_seqscan', 'off', true)"), {"t": str(FUZZY_THRESHOLD)})

    def like(sub: str) -> str:  # indexable (GIN trigrams): for the match conditions
        return f"e.search_text LIKE {qy.bind('%' + sub + '%')}"

    def contains(column: str, sub: str) -> str:  # several times faster per row: for the ranking
        return f"strpos(e.{column}, {qy.bind(sub)}) > 0"

    def searched(sub: str) -> str:
        return contains("search_text", sub)

    scores = []
    for w in words:
        if len(w) < SUBSTRING_MIN:
            qy.where.append(_short_word(qy, w, like))
        elif len(w) < FUZZY_MIN:
            qy.where.append(like(w))
        else:
            qy.where.append(f"({like(w)} OR e.fuzzy_text OPERATOR({schema}.%>) {qy.bind(w)})")
        scores.append(_ladder(qy, w, searched, _share(qy, w, "fuzzy_text", contains)))
    return scores


_trigram_rows: dict[tuple[str, str], tuple[float, int]] = {}  # (database, trigram) -> (when counted, rows)


def _rarest(s: Session, grams: list[str], k: int) -> list[str]:
    """The k trigrams found in the fewest rows (fts5vocab answers `term = ?` from the index; `IN` would scan).

    FTS5 counts a term's rows by reading its whole list of rows (0.6 ms for a trigram found in 36,000): the counts
    are kept for TRIGRAM_COUNTS_TTL seconds. They only choose which trigrams ask the index, and any choice of k
    finds every row that can match (module docstring), so a count that is out of date costs time, never a match."""
    stmt = sql("SELECT doc FROM equipment_fts_vocab WHERE term = :t")
    url, now = str(s.get_bind().engine.url), time.monotonic()
    counts = {}
    for g in grams:
        when, rows = _trigram_rows.get((url, g), (-math.inf, 0))
        if now - when > TRIGRAM_COUNTS_TTL:
            rows = s.scalar(stmt, {"t": g}) or 0
            if len(_trigram_rows) >= TRIGRAM_COUNTS_KEPT:
                _trigram_rows.clear()
            _trigram_rows[(url, g)] = (now, rows)
        counts[g] = rows
    return sorted(grams, key=lambda g: (counts[g], grams.index(g)))[:k]


def _sqlite_words(s: Session, qy: _Query, words: list[str]) -> list[str]:
    """Match conditions on SQLite (FTS5 candidates, then the trigram-share rule); returns the score expressions.
    SQLite evaluates OR and CASE in order, so the substring tests settle most rows before the trigram share."""

    def contains(column: str, sub: str) -> str:
        return f"instr(e.{column}, {qy.bind(sub)}) > 0"

    def searched(sub: str) -> str:
        return contains("search_text", sub)

    raw = s.connection().connection.driver_connection
    assert raw is not None
    raw.create_function("pg_word_similarity", 3, text.word_similarity, deterministic=True)
    groups, scores = [], []
    for w in words:
        share = _share(qy, w, "fuzzy_text", contains)
        scores.append(_ladder(qy, w, searched, share))
        if len(w) < SUBSTRING_MIN:
            groups.append('"' + (f"  {w} " if len(w) == 1 else f"  {w}") + '"')
            qy.where.append(_short_word(qy, w, searched))
        elif len(w) < FUZZY_MIN:
            groups.append(f'"{w}"')
            qy.where.append(searched(w))
        else:  # the names are words of the search text: its index finds the fuzzy candidates too
            grams = text.trigrams(w)
            need = math.ceil(FUZZY_THRESHOLD * len(grams) - 1e-9)
            options = [f'"{g}"' for g in _rarest(s, grams, len(grams) - need + 1)] + [f'"{w}"']
            groups.append("(" + " OR ".join(options) + ")")
            threshold = qy.bind(FUZZY_THRESHOLD - 1e-9)
            qy.where.append(f"({searched(w)} OR ({share} >= {threshold} AND "
                            f"pg_word_similarity({qy.bind(w)}, e.fuzzy_text, {threshold}) >= {threshold}))")
    match = qy.bind(" AND ".join(groups))
    qy.index.append(f"e.pk IN (SELECT rowid FROM equipment_fts WHERE equipment_fts MATCH {match})")
    return scores


def _text(s: Session, qy: _Query, q: str, words: list[str]) -> tuple[str, str]:
    """Add the text conditions; returns the (exact identifier, score) ranking expressions."""
    pg = s.get_bind().dialect.name == "postgresql"
    scores = _pg_words(s, qy, words) if pg else _sqlite_words(s, qy, words)
    keys = qy.bind(f"|{text.key(q)}|")
    exact = f"(strpos(e.keys, {keys}) > 0)" if pg else f"(instr(e.keys, {keys}) > 0)"
    return exact, " + ".join(scores)


@dataclass
class _Tier:
    """Matches that tie on the first two ranking keys (exact identifier, score): ordered among themselves by
    name length, name and id."""

    x: bool
    sc: Any  # float on SQLite, Decimal on PostgreSQL (pg's numeric arithmetic): compared as returned
    n: int
    pks: str  # their primary keys, comma-separated

    @property
    def key(self) -> tuple[bool, Any]:
        return (self.x, self.sc)


def _pg(s: Session) -> bool:
    return s.get_bind().dialect.name == "postgresql"


def _tiers(s: Session, qy: _Query, exact: str, score: str) -> tuple[list[_Tier], int]:
    """Every match, counted per (exact identifier, score), in ranking order, and the size of the table: one pass
    over the matches that computes no more than the two keys (names are read only for the rows of a page)."""
    # SQLite: the LIMIT keeps the subquery apart, so that each row's keys are computed once, not again for the sort
    agg, apart = ("string_agg(CAST(pk AS TEXT), ',')", "") if _pg(s) else ("group_concat(pk)", " LIMIT -1")
    where = " AND ".join(qy.where + qy.index)
    rows = s.execute(sql(f"SELECT x, sc, count(*) AS n, {agg} AS pks, (SELECT max(pk) FROM equipment) AS table_rows "
                         f"FROM (SELECT e.pk AS pk, {exact} AS x, ({score}) AS sc FROM equipment e "
                         f"WHERE {where}{apart}) AS matches GROUP BY x, sc"), qy.params).all()
    tiers = [_Tier(bool(r.x), r.sc, int(r.n), str(r.pks)) for r in rows]
    # max(pk) estimates the rows a walk passes (deleted rows leave gaps: an overestimate, a deeper walk)
    return sorted(tiers, key=lambda t: (not t.x, -t.sc)), int(rows[0].table_rows) if rows else 0


def _typed(statement: str, *extra: Any) -> Any:
    """A statement that returns page rows (`_ROWS`, then `extra` columns), its JSON decoded as the models say."""
    e, p = Equipment.__table__, EquipmentPayload.__table__
    columns = [e.c.pk, *(p.c[c] if c in records.PAYLOAD else e.c[c] for c in COLUMNS)]
    return sql(statement).columns(*columns, *extra)


_ROWS = ", ".join(["e.pk", *(f"p.{c}" if c in records.PAYLOAD else f"e.{c}" for c in COLUMNS)])
_WITH_PAYLOAD = "JOIN equipment_payload p ON p.pk = e.pk"


def _sorted_rows(s: Session, parts: list[tuple[_Tier, int, int]]) -> list[dict[str, Any]]:
    """The rows of consecutive tiers' slices (tier, lo, hi) in ranking order, with their payload, in one statement
    that reads and sorts the tiers' rows only (by tier, then name length, name and id)."""
    pg = _pg(s)
    params: dict[str, Any] = {}
    members = []
    for i, (t, _, _) in enumerate(parts):
        params[f"t{i}"] = t.pks if pg else f"[{t.pks}]"
        among = (f"e.pk = ANY(CAST(string_to_array(:t{i}, ',') AS integer[]))" if pg
                 else f"e.pk IN (SELECT value FROM json_each(:t{i}))")
        members.append(f"SELECT e.pk AS pk, {i} AS tier, length(e.name) AS ln, e.name AS name, e.id AS id "
                       f"FROM equipment e WHERE {among}")
    # materialized: else PostgreSQL may walk the name-order index for the LIMIT, testing every row it passes
    stmt = _typed(f"WITH t AS MATERIALIZED ({' UNION ALL '.join(members)}), "
                  "page AS (SELECT pk, tier, ln, name, id FROM t ORDER BY tier, ln, name, id LIMIT :k OFFSET :o) "
                  f"SELECT {_ROWS} FROM page JOIN equipment e ON e.pk = page.pk {_WITH_PAYLOAD} "
                  "ORDER BY page.tier, page.ln, page.name, page.id")
    params.update(k=sum(hi - lo for _, lo, hi in parts), o=parts[0][1])
    return [dict(r._mapping) for r in s.execute(stmt, params)]


def _walk(s: Session, qy: _Query, exact: str, score: str, parts: list[tuple[_Tier, int, int]], table_rows: int
          ) -> dict[tuple[bool, Any], list[int]]:
    """The first rows of big tiers, read in name order (the expression index on length(name), name, id) and
    tested one by one, as deep as the tiers' share of the table says is needed to meet `hi` rows of each (twice
    that, plus a margin). A tier whose rows are not all met within that depth is left out (the caller sorts it)."""
    depth = max(hi * table_rows / t.n for t, _, hi in parts) * WALK_MARGIN + WALK_MIN
    if depth > WALK_MAX:
        return {}
    where = " AND ".join(qy.where)  # exact conditions only: the index would read all the matches again
    rows = s.execute(sql(
        f"SELECT e.pk AS pk, {exact} AS x, ({score}) AS sc FROM (SELECT * FROM equipment "
        f"ORDER BY length(name), name, id LIMIT {int(depth)}) e WHERE {where} ORDER BY length(e.name), e.name, e.id"
    ), qy.params).all()
    met: dict[tuple[bool, Any], list[int]] = {}
    for r in rows:
        met.setdefault((bool(r.x), r.sc), []).append(r.pk)
    return {t.key: met[t.key] for t, _, hi in parts if len(met.get(t.key, ())) >= hi}


def _ranked(s: Session, qy: _Query, exact: str, score: str, offset: int, limit: int
            ) -> tuple[list[int], dict[int, dict[str, Any]], int]:
    """(primary keys of the page in ranking order, the rows of those already read, total number of matches) of a
    text search.

    The ranking is (exact identifier first, score descending, name length, name, id). The matches are counted
    per (identifier, score) tier first; a page then needs the name order within the one or few tiers it falls in:
    a small tier is sorted (its rows only), the first rows of a big one are met by walking the table in name
    order, which takes a few hundred rows where a sort would read thousands."""
    tiers, table_rows = _tiers(s, qy, exact, score)
    parts, before = [], 0
    for t in tiers:
        lo, hi = max(offset - before, 0), min(offset + limit - before, t.n)
        if lo < hi:
            parts.append((t, lo, hi))
        before += t.n
    big = [(t, lo, hi) for t, lo, hi in parts if t.n > SORT_MAX]
    walked = _walk(s, qy, exact, score, big, table_rows) if big else {}
    page: list[int] = []
    rows: dict[int, dict[str, Any]] = {}
    for is_walked, run in itertools.groupby(parts, key=lambda part: part[0].key in walked):
        if is_walked:
            page += [pk for t, lo, hi in run for pk in walked[t.key][lo:hi]]
        else:  # consecutive tiers sorted together, read with their rows
            sorted_rows = _sorted_rows(s, list(run))
            page += [r["pk"] for r in sorted_rows]
            rows.update((r["pk"], r) for r in sorted_rows)
    return page, rows, sum(t.n for t in tiers)


def search(s: Session, f: Filters, user_id: str | None) -> tuple[list[dict[str, Any]], int]:
    """(rows of the requested page, total number of matches).

    A text search ranks its matches (`_ranked`); without text, the index on (category, name) gives the page, read
    with the total in one statement. A page's rows are read with their payload (the JSON, read for the page
    only)."""
    qy = _Query()
    _visibility(qy, user_id, f.scope)
    _filters(qy, f)
    words = text.query_words(f.q or "")
    if f.q and not words:  # only punctuation: nothing can match it
        return [], 0
    if words:
        exact, score = _text(s, qy, f.q or "", words)
        pks, rows, total = _ranked(s, qy, exact, score, f.offset, f.limit)
        missing = [pk for pk in pks if pk not in rows]
        if missing:
            stmt = _typed(f"SELECT {_ROWS} FROM equipment e {_WITH_PAYLOAD} WHERE e.pk IN :pks").bindparams(
                bindparam("pks", expanding=True))
            rows.update((r.pk, dict(r._mapping)) for r in s.execute(stmt, {"pks": missing}))
    else:
        where = " AND ".join(qy.where)
        count = f"SELECT count(*) FROM equipment e WHERE {where}"
        stmt = _typed(f"SELECT {_ROWS}, ({count}) AS total FROM equipment e {_WITH_PAYLOAD} WHERE {where} "
                      f"ORDER BY e.category, e.name, e.id LIMIT {qy.bind(f.limit)} OFFSET {qy.bind(f.offset)}",
                      column("total", Integer))
        found = [dict(r._mapping) for r in s.execute(stmt, qy.params)]
        total = int(found[0]["total"]) if found else int(s.scalar(sql(count), qy.params) or 0)
        pks, rows = [r["pk"] for r in found], {r["pk"]: r for r in found}
    out = [rows[pk] for pk in pks]
    for r in out:
        r.pop("pk")
        r.pop("total", None)
    return out, total


def facets(s: Session, f: Filters, user_id: str | None) -> dict[str, list[dict[str, Any]]]:
    """Counts per category, manufacturer and voltage class of what the user can see (for the filter lists)."""
    qy = _Query()
    _visibility(qy, user_id, f.scope)
    _filters(qy, f)
    where = " AND ".join(qy.where)

    def counts(column: str) -> list[dict[str, Any]]:
        stmt = sql(f"SELECT {column} AS value, count(*) AS n FROM equipment e WHERE {where} AND {column} IS NOT NULL "
                   f"GROUP BY {column} ORDER BY {column}")
        return [{"value": v, "count": int(n)} for v, n in s.execute(stmt, qy.params)]

    return {
        "categories": counts("e.category"),
        "manufacturers": counts("e.manufacturer"),
        "voltage_classes_kv": counts("e.voltage_class_kv"),
    }
