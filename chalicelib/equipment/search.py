"""Fuzzy equipment search on PostgreSQL (pg_trgm) and SQLite (FTS5 trigrams), with the same rules on both.

Every word of the query must match the entry's search text (see `text.py`), as a fuzzy word or, from three
characters, as a substring ('240' in '1x240'):

* PostgreSQL: ``w <% search_text`` (pg_trgm ``word_similarity``, GIN-indexed) with a threshold of 0.6 for words
  of up to five characters and 0.5 for longer ones, where typing errors happen ('siemans', 'cardnal');
* SQLite: the share of the word's pg_trgm trigrams that the text contains, at least 0.6, with two of them
  adjacent as in the word (one of its 4-grams, `text.body_fourgrams`, in the text: trigrams picked from
  different words do not make a match). Candidates come from the FTS5 trigram index: a row holding 60 % of n
  trigrams holds at least one of any n - ceil(0.6 n) + 1 of them, so the index is asked for the rarest of those
  (fts5vocab counts) and the rule is checked on what it finds.
  pg_trgm's word_similarity is a Jaccard share over the best extent of the text, this one a containment share,
  so they differ on typing errors; on the library they select nearly the same entries (calibrated in the tests).

Ranking, for engineers: a query that is exactly an entry's code name, model number, product line, size, name
or id comes first ('Drake' -> ACSR Drake); then the mean word score; then the shorter name (the plain
catalogue item before its variants), name and id. Without a query, results are ordered by category and name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy import text as sql
from sqlalchemy.orm import Session

from chalicelib.equipment import text
from chalicelib.equipment.models import LIBRARY, USER, Equipment

PG_SHORT_WORD = 5
PG_THRESHOLD_SHORT = 0.6
PG_THRESHOLD_LONG = 0.5
SQLITE_THRESHOLD = 0.6
SUBSTRING_MIN = 3
VOLTAGE_TOLERANCE = 1e-3  # relative: 20 matches 20.0 kV, not 20.5

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
    where: list[str] = field(default_factory=list)
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
            raise RuntimeError("pg_trgm is not installed (migration 0004 creates it)")
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


def _pg_words(s: Session, qy: _Query, words: list[str]) -> list[str]:
    """Match conditions on PostgreSQL; returns the per-word score expressions."""
    schema = _trgm(s)
    s.execute(sql("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)"),
              {"t": str(min(PG_THRESHOLD_SHORT, PG_THRESHOLD_LONG))})
    scores = []
    for w in words:
        bw = qy.bind(w)
        score = f"{schema}.word_similarity({bw}, e.search_text)"
        fuzzy = f"{bw} OPERATOR({schema}.<%) e.search_text"
        if len(w) <= PG_SHORT_WORD and PG_THRESHOLD_SHORT > PG_THRESHOLD_LONG:
            fuzzy = f"({fuzzy} AND {score} >= {qy.bind(PG_THRESHOLD_SHORT)})"
        if len(w) >= SUBSTRING_MIN:
            fuzzy = f"({fuzzy} OR e.search_text LIKE {qy.bind(f'%{w}%')})"
        qy.where.append(fuzzy)
        scores.append(score)
    return scores


def _rarest(s: Session, grams: list[str], k: int) -> list[str]:
    names = ", ".join(f":t{i}" for i in range(len(grams)))
    rows = s.execute(sql(f"SELECT term, doc FROM equipment_fts_vocab WHERE term IN ({names})"),
                     {f"t{i}": g for i, g in enumerate(grams)})
    counts = dict(rows.all())
    return sorted(grams, key=lambda g: (counts.get(g, 0), grams.index(g)))[:k]


def _sqlite_words(s: Session, qy: _Query, words: list[str]) -> list[str]:
    """Match conditions on SQLite (FTS5 candidates, then the trigram share); returns the score expressions."""
    groups, scores = [], []
    for w in words:
        grams = text.trigrams(w)
        need = math.ceil(SQLITE_THRESHOLD * len(grams) - 1e-9)
        options = [f'"{g}"' for g in _rarest(s, grams, len(grams) - need + 1)]
        if len(w) >= SUBSTRING_MIN:
            options.append(f'"{w}"')
        groups.append("(" + " OR ".join(options) + ")")
        hits = " + ".join(f"(instr(e.search_text, {qy.bind(g)}) > 0)" for g in grams)
        score = f"(({hits}) * 1.0 / {len(grams)})"
        cond = f"{score} >= {qy.bind(SQLITE_THRESHOLD - 1e-9)}"
        if len(w) >= 2:
            adjacent = " OR ".join(f"instr(e.search_text, {qy.bind(g)}) > 0" for g in text.body_fourgrams(w))
            cond = f"({cond} AND ({adjacent}))"
        if len(w) >= SUBSTRING_MIN:
            cond = f"({cond} OR instr(e.search_text, {qy.bind(w)}) > 0)"
        qy.where.append(cond)
        scores.append(score)
    match = qy.bind(" AND ".join(groups))
    qy.where.append(f"e.pk IN (SELECT rowid FROM equipment_fts WHERE equipment_fts MATCH {match})")
    return scores


def search(s: Session, f: Filters, user_id: str | None) -> tuple[list[dict[str, Any]], int]:
    """(rows of the requested page, total number of matches)."""
    qy = _Query()
    _visibility(qy, user_id, f.scope)
    _filters(qy, f)
    words = text.query_words(f.q or "")
    if f.q and not words:  # only punctuation: nothing can match it
        return [], 0
    if words:
        pg = s.get_bind().dialect.name == "postgresql"
        scores = _pg_words(s, qy, words) if pg else _sqlite_words(s, qy, words)
        keys = qy.bind(f"|{text.key(f.q or '')}|")
        exact = f"(strpos(e.keys, {keys}) > 0)" if pg else f"(instr(e.keys, {keys}) > 0)"
        order = f"{exact} DESC, ({' + '.join(scores)}) DESC, length(e.name), e.name, e.id"
    else:
        order = "e.category, e.name, e.id"
    e = Equipment.__table__.alias("e")
    where = sql(" AND ".join(qy.where))
    page = (
        select(*(e.c[c] for c in COLUMNS), func.count().over().label("total"))
        .where(where).order_by(sql(order)).limit(f.limit).offset(f.offset)
    )
    rows = [dict(r._mapping) for r in s.execute(page, qy.params)]
    if rows:
        total = rows[0]["total"]
    else:
        total = s.scalar(select(func.count()).select_from(e).where(where), qy.params) if f.offset else 0
    for r in rows:
        r.pop("total")
    return rows, int(total or 0)


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
