"""Equipment search latency over 50,000 entries on SQLite and PostgreSQL, same run, same queries.

    .venv/bin/python benchmarks/equipment_search.py [--entries 50000] [--repeat 5] [--pg postgresql://...]

The 513 real library entries plus generated variants of them, clearly labelled SYNTHETIC (id prefix
`bench-synthetic-`, manufacturer "SYNTHETIC maker NNN", tag `benchmark-synthetic`, provenance marked typical with
the basis "synthetic benchmark data"): each variant copies a real entry and changes its maker, name and rating,
so that a code name appears about a hundred times, as in a big multi-vendor catalogue. They are loaded through
the service's own seeding path (`seed_library`, model files skipped: they do not take part in search).

What is timed: one request's work on the server without HTTP: a transaction, `equipment.service.list_equipment`
(query validation, the search with its total, the pydantic response of 20 items) for a signed-in user (so the
visibility rule includes the user's and organizations' models). Each query runs `--repeat` times after one
warm-up; percentiles are over all runs of all queries. PostgreSQL: GRIDSOLVE_TEST_PG (default the test server at
127.0.0.1:5432, database `test`) in a schema of its own, dropped at the end; skipped if unreachable.
Goal (issue 13): p95 < 100 ms, < 20 ms where possible.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "solver_layer"))

from chalicelib import engine  # noqa: E402
from chalicelib.config import normalize_db_url  # noqa: E402
from chalicelib.equipment import service  # noqa: E402
from chalicelib.equipment.seed import seed_library  # noqa: E402
from chalicelib.storage.db import Database  # noqa: E402
from chalicelib.storage.models import User  # noqa: E402

FACTORS = (0.5, 0.63, 0.8, 1.0, 1.25, 1.6, 2.0)
QUERIES: dict[str, list[dict[str, str]]] = {
    "code name": [{"q": "Drake"}, {"q": "Cardinal"}, {"q": "Falcon"}, {"q": "Waxwing"}, {"q": "NAYY 4x150 SE"}],
    "model number": [{"q": "SEL-751"}, {"q": "REF615"}, {"q": "7SJ62"}, {"q": "VM1"}],
    "typing": [{"q": "dra"}, {"q": "card"}, {"q": "na2x"}, {"q": "sel-7"}, {"q": "mal"}],
    "typing error": [{"q": "siemans"}, {"q": "cardnal"}, {"q": "drakee"}, {"q": "schnieder"}],
    "several words": [{"q": "xlpe 240"}, {"q": "nayy 4x150"}, {"q": "acsr 26/7"}, {"q": "al st 240"}],
    "broad word": [{"q": "cable"}, {"q": "acsr"}, {"q": "transformer"}, {"q": "20"}, {"q": "overhead"}],
    "filters only": [{"category": "cable", "voltage_kv": "20"},
                     {"category": "transformer", "min_rating": "0.4", "max_rating": "1", "rating_unit": "MVA"},
                     {"element_kind": "line", "min_rating": "500", "rating_unit": "A"}, {}],
    "text + filters": [{"q": "xlpe", "voltage_kv": "20"}, {"q": "siemens", "category": "fuse"},
                       {"q": "drake", "min_rating": "900", "rating_unit": "A"}],
    "no match": [{"q": "zzqxv"}, {"q": "qwertyuiop"}],
}


def synthetic(n: int) -> list:
    """The library plus n - 513 labelled synthetic variants of its entries."""
    real = engine.library_entries()
    out = list(real)
    for k in range(max(0, n - len(real))):
        e = real[k % len(real)]
        factor = FACTORS[(k // len(real)) % len(FACTORS)]
        maker = f"SYNTHETIC maker {k % 250:03d}"
        prov = e.provenance.model_copy(update={
            "typical": True,
            "typical_basis": "synthetic benchmark data (not a product)",
            "note": f"SYNTHETIC benchmark variant of library entry {e.id}",
        })
        rating = e.rating.model_copy(update={"value": e.rating.value * factor}) if e.rating else None
        out.append(e.model_copy(update={
            "id": f"bench-synthetic-{k:05d}",
            "name": f"{e.name} / {maker} variant {k}",
            "manufacturer": maker,
            "rating": rating,
            "tags": (*e.tags, "benchmark-synthetic"),
            "provenance": prov,
        }))
    return out


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def run_backend(name: str, db: Database, entries: list, repeat: int) -> dict[str, list[float]]:
    t = time.perf_counter()
    report = seed_library(db, None, entries)
    load_s = time.perf_counter() - t
    with db.session() as s:
        user = User(email=f"bench-{uuid.uuid4().hex[:8]}@example.com", name="bench")
        s.add(user)
    print(f"\n{name}: loaded {report.added} entries in {load_s:.1f} s")
    times: dict[str, list[float]] = {}
    totals: dict[str, int] = {}
    for cls, queries in QUERIES.items():
        for query in queries:
            key = f"{cls}: {query}"
            runs = []
            for i in range(repeat + 1):
                t = time.perf_counter()
                with db.session() as s:
                    body = service.list_equipment(s, user, query)
                if i:
                    runs.append((time.perf_counter() - t) * 1000)
            times[key] = runs
            totals[key] = body["total"]
    print(f"{'query':70s} {'total':>6s} {'median ms':>10s} {'max ms':>8s}")
    for key, runs in times.items():
        print(f"{key[:70]:70s} {totals[key]:6d} {statistics.median(runs):10.2f} {max(runs):8.2f}")
    return times


def summary(results: dict[str, dict[str, list[float]]]) -> None:
    print("\nlatency per request (ms), all queries x repeats")
    print(f"{'backend':10s} {'class':16s} {'n':>4s} {'p50':>7s} {'p95':>7s} {'p99':>7s} {'max':>7s}")
    for backend, times in results.items():
        classes = {cls: [x for key, runs in times.items() if key.startswith(cls + ":") for x in runs]
                   for cls in QUERIES}
        classes["ALL"] = [x for runs in times.values() for x in runs]
        for cls, xs in classes.items():
            print(f"{backend:10s} {cls:16s} {len(xs):4d} {_pct(xs, 50):7.2f} {_pct(xs, 95):7.2f} "
                  f"{_pct(xs, 99):7.2f} {max(xs):7.2f}")
    if len(results) == 2:
        a, b = (results[k] for k in results)
        p95 = [_pct([x for r in t.values() for x in r], 95) for t in (a, b)]
        print(f"\np95 ratio {list(results)[1]}/{list(results)[0]}: {p95[1] / p95[0]:.2f}")


def postgres_url() -> str | None:
    import psycopg

    base = os.environ.get("GRIDSOLVE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        with psycopg.connect(base, connect_timeout=3):
            return base
    except Exception as exc:  # noqa: BLE001
        print(f"PostgreSQL not reachable at {base} ({exc.__class__.__name__}); skipped")
        return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--entries", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()
    entries = synthetic(args.entries)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at start (a shared machine: read the numbers with it): {load}")
    print(f"{len(entries)} entries: {len(engine.library_entries())} real, "
          f"{len(entries) - len(engine.library_entries())} SYNTHETIC variants")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.sqlite3")
        try:
            results["sqlite"] = run_backend("sqlite", db, entries, args.repeat)
        finally:
            db.dispose()
    base = None if args.no_pg else postgres_url()
    if base:
        import psycopg

        schema = f"gs_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(base, autocommit=True) as c:
            c.execute(f'CREATE SCHEMA "{schema}"')
        try:
            sep = "&" if "?" in base else "?"
            db = Database(normalize_db_url(f"{base}{sep}options=-csearch_path%3D{schema}"))
            try:
                results["postgres"] = run_backend("postgres", db, entries, args.repeat)
            finally:
                db.dispose()
        finally:
            with psycopg.connect(base, autocommit=True) as c:
                c.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    summary(results)
    print("load average at end:", " ".join(f"{x:.1f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
