"""The equipment library service on SQLite and PostgreSQL: seeding (idempotent), fuzzy search and its ranking,
filters and pages checked against the library itself, the full model from the blob store, user models (the
authorization matrix, validation errors, edits, forks) and an entry's values as element fields."""

from __future__ import annotations

import random
import re
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from sqlalchemy import text as sa_text

from chalicelib.equipment import records, text
from chalicelib.equipment import search as equipment_search
from chalicelib.equipment.models import Equipment
from chalicelib.equipment.seed import seed_library
from chalicelib.storage.blobstore import LocalBlobStore
from gridsolve.library import element_fields, load_library, missing_fields

LIBRARY = load_library()
BY_ID = {e.id: e for e in LIBRARY}
OK = {200, 201, 204}


@pytest.fixture(scope="session")
def library_blobs(tmp_path_factory):
    """One folder of library model files for the session (keys are content hashes: seeding reuses them)."""
    return LocalBlobStore(tmp_path_factory.mktemp("equipment-blobs"))


@pytest.fixture
def library(platform, library_blobs):
    platform.blobs = library_blobs
    report = seed_library(platform.db, platform.blobs)
    assert report.added == len(LIBRARY)
    return platform


def search(client, **params):
    r = client.get("/api/equipment?" + urlencode(params))
    assert r.status == 200, r
    return r.json


def ids(body) -> list[str]:
    return [i["id"] for i in body["items"]]


def everything(client, **params) -> list[dict]:
    """Every match, page by page (also checks that pages do not overlap and the total holds)."""
    items, offset, total = [], 0, None
    while True:
        body = search(client, **params, limit=100, offset=offset)
        total = body["total"] if total is None else total
        assert body["total"] == total
        items += body["items"]
        if len(body["items"]) < 100:
            break
        offset += 100
    assert len(items) == total and len({i["id"] for i in items}) == total
    return items


# --------------------------------------------------------------------------- seeding


def test_seed_is_idempotent_and_follows_the_library(platform):
    first = seed_library(platform.db, platform.blobs)
    assert (first.added, first.updated, first.removed) == (len(LIBRARY), 0, 0)
    again = seed_library(platform.db, platform.blobs)
    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, len(LIBRARY))

    drake = BY_ID["southwire-acsr-drake"]
    changed = drake.model_copy(update={"name": "ACSR Drake 26/7 (corrected)"})
    rest = [e for e in LIBRARY if e.id not in (drake.id, "sel-751-5a")]
    report = seed_library(platform.db, platform.blobs, [changed, *rest])
    assert (report.added, report.updated, report.removed) == (0, 1, 1)
    api_total = search_total(platform)
    assert api_total == len(LIBRARY) - 1
    # the changed entry has a new model file (revision); the removed one's files are gone
    with platform.db.session() as s:
        row = s.scalar(select(Equipment).where(Equipment.id == drake.id))
        assert row.name.endswith("(corrected)") and row.revision == records.revision(changed)
        assert platform.blobs.exists(row.blob_key)
    assert not platform.blobs.exists(records.blob_key("sel-751-5a", records.revision(BY_ID["sel-751-5a"])))


def search_total(platform) -> int:
    with platform.db.session() as s:
        return s.scalar(select(func.count()).select_from(Equipment))


def test_seed_racing_another_server_is_harmless(platform, monkeypatch):
    """A second server that read 'nothing stored' while the first inserted loses on the unique id: skipped."""
    from chalicelib.equipment import seed

    seed_library(platform.db, platform.blobs)
    monkeypatch.setattr(seed, "_stored", lambda db: {})
    report = seed_library(platform.db, platform.blobs)
    assert report.added == 0
    assert search_total(platform) == len(LIBRARY)


def test_platform_start_seeds_the_library(settings, make_platform):
    from dataclasses import replace

    p = make_platform(replace(settings, seed_equipment=True))
    assert search_total(p) == len(LIBRARY)
    p.startup()  # a restart changes nothing
    assert search_total(p) == len(LIBRARY)


# --------------------------------------------------------------------------- search and ranking


@pytest.mark.parametrize("q", ["Drake", "drake", "DRAKE", "  drake "])
def test_exact_code_name_comes_first(api, library, q):
    body = search(api, q=q)
    assert ids(body)[0] == "southwire-acsr-drake"
    first = body["items"][0]
    assert first["name"] == "ACSR Drake 26/7" and first["manufacturer"] == "Southwire"
    assert first["parameters"]["code_name"] == "Drake" and first["rating"] == {"value": 907.0, "unit": "A"}
    assert first["provenance"]["sources"][0]["publisher"] == "Southwire Company"


@pytest.mark.parametrize(
    ("q", "expected_first"),
    [
        ("dra", "southwire-acsr-drake"),  # typing
        ("drak", "southwire-acsr-drake"),
        ("drakee", "southwire-acsr-drake"),  # a typing error
        ("cardnal", "southwire-acsr-cardinal"),
        ("Cardinal", "southwire-acsr-cardinal"),
        ("REF615", None),
        ("SEL-751", None),
        ("acsr drake", "southwire-acsr-drake"),
    ],
)
def test_fuzzy_search_finds_by_code_name_and_model(api, library, q, expected_first):
    body = search(api, q=q)
    assert body["total"] >= 1, q
    first = body["items"][0]
    if expected_first:
        assert first["id"] == expected_first
    else:  # a model number: the first result carries it
        assert q.lower() in (first["model_number"] or "").lower(), first


def test_typing_errors_in_manufacturer_names(api, library):
    siemens = {e.id for e in LIBRARY if e.manufacturer == "Siemens"}
    assert set(ids(search(api, q="siemans", limit=100))) == siemens
    assert set(ids(search(api, q="Siemens", limit=100))) == siemens


def test_every_word_must_match_and_numbers_match_inside_designations(api, library):
    body = search(api, q="xlpe 240", limit=100)
    assert body["total"] >= 2
    for item in body["items"]:
        e = BY_ID[item["id"]]
        blob = " ".join([e.name, *e.tags, e.subcategory]).lower()
        assert "xlpe" in blob and "240" in blob, e.id
    nayy = ids(search(api, q="nayy 4x150", limit=100))
    assert nayy and all("4x150" in BY_ID[i].name.lower() for i in nayy)


def test_queries_without_words_and_unknown_words(api, library):
    assert search(api, q="---")["total"] == 0
    assert search(api, q="zzqxv")["total"] == 0
    assert search(api, q="")["total"] == len(LIBRARY)


def _word_matches(w: str, t: str, names: str) -> bool:
    """The search rule for one query word (`t` the entry's search text, `names` its names: name, maker, model
    number, code name, product line, family)."""
    if len(w) == 1:
        return f"  {w} " in t  # a whole word
    if len(w) == 2:
        return f"  {w}" in t  # a word start
    if w in t or len(w) < 6:  # a substring; from six characters also fuzzily, against the names
        return w in t
    return text.word_similarity(w, names) >= 0.5  # pg_trgm's, checked against PostgreSQL below


def _rule(q: str) -> set[str]:
    """Entries that match every word of `q`."""
    qwords = list(dict.fromkeys(re.findall(r"[^\W_]+", q.lower())))
    return {e.id for e in LIBRARY
            if all(_word_matches(w, records.search_text(e), records.fuzzy_text(e)) for w in qwords)}


QUERIES = ["drake", "siemens", "siemans", "cardnal", "schnieder", "multilinn", "acme", "240", "xlpe",
               "cable", "sel", "751", "abb", "acsr", "630", "nh", "ieee", "transformer", "dyn5", "vacuum", "20",
               "12/20", "micom", "7sj", "nayy 4x150", "xlpe 240", "110"]


@pytest.mark.parametrize("q", QUERIES)
def test_both_databases_select_what_the_rule_says(api, library, q):
    """PostgreSQL (pg_trgm's own word_similarity, GIN index) and SQLite (FTS5 candidates, the port) select exactly
    the entries the rule, written out here, selects."""
    got = {i["id"] for i in everything(api, q=q)}
    rule = _rule(q)
    assert got == rule, (q, sorted(got ^ rule)[:10])


def _ranking_key(q: str, e) -> tuple[bool, float]:
    """The ranking rule written out: (the query is exactly one of the entry's identifiers, the sum of its words'
    scores: a whole word 1, a word start of L characters L / (L + 1) (to 6 decimals, as the SQL has it), else the
    share of the word's pg_trgm trigrams found in the names)."""
    t, names = records.search_text(e), records.fuzzy_text(e)
    score = 0.0
    for w in dict.fromkeys(re.findall(r"[^\W_]+", q.lower())):
        if f"  {w} " in t:
            score += 1.0
        elif f"  {w}" in t:
            score += round(len(w) / (len(w) + 1), 6)
        else:
            grams = text.trigrams(w)
            score += sum(g in names for g in grams) / len(grams)
    return f"|{' '.join(q.lower().split())}|" in records.keys(e), score


def _assert_ranked(q: str, items: list[dict]) -> None:
    """Exact identifiers first, then the score descending, then the shorter name, the name, the id (the test
    database's collation is C, as Python's string order)."""
    ranked = [(*_ranking_key(q, BY_ID[i["id"]]), (len(i["name"]), i["name"], i["id"])) for i in items]
    for (xa, sa, na), (xb, sb, nb) in zip(ranked, ranked[1:], strict=False):
        assert xa >= xb, (q, na, nb)
        if xa == xb:
            assert sa >= sb - 1e-9, (q, na, sa, nb, sb)
            if abs(sa - sb) <= 1e-9:
                assert na < nb, (q, na, nb)


RANKED = ["SEL-751", "cable", "acsr", "siemans", "xlpe 240", "ca", "mal", "20", "sel", "abb", "110", "multilinn"]


@pytest.mark.parametrize("q", RANKED)
def test_results_are_ranked_by_the_rule(api, library, q):
    items = everything(api, q=q)
    assert len(items) > 1
    _assert_ranked(q, items)


@pytest.mark.parametrize("path", ["sorted", "walked", "walk too shallow"])
def test_every_ranking_path_gives_the_same_pages(api, library, monkeypatch, path):
    """A page is cut from the ranking by sorting its tiers (what a tier of the 513 entries always is) or by walking
    the table in name order (a tier of thousands of matches); a walk that meets too few rows of a tier falls back
    to sorting it. Every path gives the pages of the one ranking."""
    queries = ["cable", "acsr", "20", "siemens", "siemans", "ca", "xlpe 240", "SEL-751"]
    expected = {q: everything(api, q=q) for q in queries}  # sorted: the library's tiers are small
    calls = {"walk": 0, "met": 0, "sort": 0}
    walk, sort = equipment_search._walk, equipment_search._sorted_rows

    def counted_walk(*args):
        calls["walk"] += 1
        met = walk(*args)
        calls["met"] += len(met)
        return met

    def counted_sort(*args):
        calls["sort"] += 1
        return sort(*args)

    monkeypatch.setattr(equipment_search, "_walk", counted_walk)
    monkeypatch.setattr(equipment_search, "_sorted_rows", counted_sort)
    if path != "sorted":  # every tier is walked: through the whole table, or through its first 200 rows
        monkeypatch.setattr(equipment_search, "SORT_MAX", 0)
        monkeypatch.setattr(equipment_search, "WALK_MAX", 10**9)
        monkeypatch.setattr(equipment_search, "WALK_MARGIN", 0.0)
        monkeypatch.setattr(equipment_search, "WALK_MIN", 10**6 if path == "walked" else 200)
    for q, full in expected.items():
        _assert_ranked(q, full)
        for offset, limit in [(0, 20), (0, 100), (7, 13), (20, 20), (100, 100), (max(len(full) - 5, 0), 20)]:
            body = search(api, q=q, offset=offset, limit=limit)
            assert body["total"] == len(full)
            assert ids(body) == [i["id"] for i in full[offset : offset + limit]], (q, offset, limit)
    if path == "sorted":
        assert calls["walk"] == 0 and calls["sort"] > 0
    elif path == "walked":
        assert calls["met"] > 0 and calls["sort"] == 0
    else:
        assert calls["met"] > 0 and calls["sort"] > 0, calls


def test_word_similarity_port_equals_pg_trgm(library, backend):
    """text.word_similarity (SQLite's) against PostgreSQL's pg_trgm on the library's names: query words, their
    typing errors (substitution, deletion, insertion, transposition) and multi-word queries."""
    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    rng = random.Random(7)
    names = [records.fuzzy_text(e) for e in LIBRARY]
    vocab = sorted({w for n in names for w in n.split() if len(w) >= 3})

    def typo(w: str) -> str:
        i, c = rng.randrange(len(w) - 1), rng.choice("abcdefghijklmnopqrstuvwxyz0123456789")
        return rng.choice([w[:i] + c + w[i + 1 :], w[:i] + w[i + 1 :], w[:i] + c + w[i:], w[:i] + w[i + 1] + w[i] +
                           w[i + 2 :]])

    qs = [rng.choice(vocab) for _ in range(100)] + [typo(rng.choice(vocab)) for _ in range(300)]
    pairs = [(q, rng.choice(names)) for q in qs for _ in range(4)] + [("siemans", n) for n in names]
    pairs += [("acsr drake", n) for n in names[:100]]
    with library.db.session() as s:
        schema = equipment_search._trgm(s)
        stmt = sa_text(f"SELECT {schema}.word_similarity(:q, :t)")
        expected = [s.scalar(stmt, {"q": q, "t": t}) for q, t in pairs]
    got = [text.word_similarity(q, t) for q, t in pairs]
    assert sum(x > 0 for x in expected) > 300  # the comparison covers real matches, not only zeros
    assert got == pytest.approx(expected, abs=1e-6)
    # the search's check (stops at the threshold, reading the text only as far as needed) decides as pg_trgm does
    for at_least in (0.3, 0.5 - 1e-9, 0.8):
        checked = [text.word_similarity(q, t, at_least) >= at_least for q, t in pairs]
        assert checked == [x >= at_least for x in expected]


def test_postgres_search_uses_the_trigram_indexes(library, backend):
    """The search's pass over its matches reads them through the GIN indexes (substrings on the search text,
    typing errors on the names) and computes word_similarity once per row: in the index scan's recheck, not again
    in a filter (as it did with the operator written the other way round, `w <% fuzzy_text`)."""
    if backend != "postgres":
        pytest.skip("PostgreSQL only")
    from sqlalchemy import event

    statements = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    event.listen(library.db.engine, "before_cursor_execute", capture)
    try:
        with library.db.session() as s:
            equipment_search.search(s, equipment_search.Filters(q="siemans"), None)
            statement, parameters = next((st, p) for st, p in statements if "GROUP BY x, sc" in st)
            plan = "\n".join(r[0] for r in s.connection().exec_driver_sql("EXPLAIN " + statement, parameters))
    finally:
        event.remove(library.db.engine, "before_cursor_execute", capture)
    assert "ix_equipment_search_trgm" in plan and "ix_equipment_fuzzy_trgm" in plan, plan
    filters = [line for line in plan.splitlines() if "Filter:" in line]
    assert not any("%>" in line or "<%" in line for line in filters), plan


# --------------------------------------------------------------------------- filters and pages


def _base(value: float, unit: str) -> tuple[str, float]:
    """Hand-written unit table: currents in A, apparent power in MVA, active power in MW."""
    table = {"A": ("I", 1.0), "kA": ("I", 1000.0), "MVA": ("S", 1.0), "kVA": ("S", 0.001), "MW": ("P", 1.0),
             "kW": ("P", 0.001)}
    quantity, factor = table[unit]
    return quantity, value * factor


def test_category_filters(api, library):
    cables = everything(api, category="cable")
    assert {i["id"] for i in cables} == {e.id for e in LIBRARY if e.category == "cable"}
    both = everything(api, category="conductor,cable")
    assert len(both) == sum(e.category in ("conductor", "cable") for e in LIBRARY)
    lines = everything(api, element_kind="line")
    assert {i["id"] for i in lines} == {i["id"] for i in both}
    assert all("line" in i["element_kinds"] for i in lines)
    assert {i["category"] for i in everything(api, element_kind="switch")} == {"breaker"}


def test_manufacturer_voltage_and_rating_filters(api, library):
    siemens = everything(api, manufacturer="siemens")
    assert {i["id"] for i in siemens} == {e.id for e in LIBRARY if e.manufacturer == "Siemens"}
    mv = everything(api, voltage_kv=20)
    assert {i["id"] for i in mv} == {e.id for e in LIBRARY if e.voltage_class_kv == 20.0}
    assert search(api, voltage_kv=20.5)["total"] == 0

    apparent = {e.id: _base(e.rating.value, e.rating.unit) for e in LIBRARY if e.category == "transformer" and e.rating}
    expected = {i for i, (quantity, s_mva) in apparent.items() if quantity == "S" and 0.4 <= s_mva <= 1}
    assert expected
    in_kva = everything(api, category="transformer", min_rating=400, max_rating=1000, rating_unit="kVA")
    in_mva = everything(api, category="transformer", min_rating=0.4, max_rating=1, rating_unit="MVA")
    assert {i["id"] for i in in_kva} == {i["id"] for i in in_mva} == expected

    breakers = everything(api, min_rating=25, rating_unit="kA")
    assert {i["id"] for i in breakers} == {e.id for e in LIBRARY if e.rating and e.rating.unit == "kA"
                                           and e.rating.value >= 25}
    # filters combine with text
    combined = everything(api, q="na2xs2y", voltage_kv=20, min_rating=400, rating_unit="A")
    assert combined and all(BY_ID[i["id"]].voltage_class_kv == 20 and BY_ID[i["id"]].rating.value >= 400
                            for i in combined)


def test_pages_are_stable_and_ordered(api, library):
    full = everything(api, category="conductor")
    names = [(i["category"], i["name"], i["id"]) for i in full]
    assert names == sorted(names)
    page = search(api, category="conductor", limit=7, offset=14)
    assert ids(page) == [i["id"] for i in full[14:21]] and page["total"] == len(full)
    beyond = search(api, category="conductor", offset=5000)
    assert beyond["items"] == [] and beyond["total"] == len(full)


def test_facets(api, library):
    body = api.get("/api/equipment/facets", token=None).json
    cats = {c["value"]: c["count"] for c in body["categories"]}
    assert cats == {c: sum(e.category == c for e in LIBRARY) for c in {e.category for e in LIBRARY}}
    mfr = {c["value"]: c["count"] for c in api.get("/api/equipment/facets?category=relay", token=None).json[
        "manufacturers"]}
    assert mfr == {m: sum(e.manufacturer == m and e.category == "relay" for e in LIBRARY)
                   for m in {e.manufacturer for e in LIBRARY if e.category == "relay"}}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=101", "limit"),
        ("offset=-1", "offset"),
        ("category=bogus", "category"),
        ("category=cable,bogus", "category"),
        ("voltage_kv=-1", "voltage_kv"),
        ("voltage_kv=abc", "voltage_kv"),
        ("rating_unit=V", "rating_unit"),
        ("min_rating=10&max_rating=5", "max_rating"),
        ("element_kind=bus", "element_kind"),
        ("element_kind=line&category=relay", "element_kind"),
        ("scope=mine", "scope"),
        ("scope=everything", "scope"),
        ("categroy=cable", "categroy"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_bad_search_parameters_are_field_errors(api, library, query, field):
    r = api.get(f"/api/equipment?{query}", token=None)
    assert r.status == 400, r
    assert field in [f["field"] for f in r.json["error"]["fields"]], r.json
    assert "Traceback" not in r.text


# --------------------------------------------------------------------------- the full model


def test_full_model_from_the_blob_store(api, library):
    r = api.get("/api/equipment/southwire-acsr-drake", token=None)
    assert r.status == 200 and r.headers["etag"]
    drake = BY_ID["southwire-acsr-drake"].model_dump(mode="json")
    assert r.json["parameters"] == drake["parameters"]
    assert r.json["provenance"] == drake["provenance"]
    assert r.json["access"] == "public" and r.json["source"] == "library"
    relay = api.get("/api/equipment/sel-751-5a", token=None).json
    assert relay["parameters"]["settings"] == BY_ID["sel-751-5a"].model_dump(mode="json")["parameters"]["settings"]
    missing = api.get("/api/equipment/no-such-entry", token=None)
    assert missing.status == 404 and missing.json["error"]["code"] == "not_found"


def test_library_entries_are_read_only(api, library):
    u = api.register()
    assert u.patch("/api/equipment/southwire-acsr-drake", {"name": "mine"}).status == 403
    assert u.delete("/api/equipment/southwire-acsr-drake").status == 403
    assert api.get("/api/equipment/southwire-acsr-drake", token=None).json["name"] == "ACSR Drake 26/7"


# --------------------------------------------------------------------------- applying an entry to an element


@pytest.mark.parametrize(
    ("entry_id", "kind"),
    [
        ("southwire-acsr-drake", "line"),
        ("pp-na2xs2y-1x240-rm-25-12-20-kv", "line"),
        ("iec60909-4-t1", "transformer"),
        ("iec60909-4-g1", "generator"),
        ("iec60909-4-m1", "generator"),
        ("iec60909-4-m1", "motor"),
        ("abb-vm1-1206-16", "switch"),
    ],
)
def test_apply_gives_the_engines_element_fields(api, library, entry_id, kind):
    r = api.post(f"/api/equipment/{entry_id}/apply", {"element_kind": kind}, token=None)
    assert r.status == 200, r
    entry = BY_ID[entry_id]
    assert r.json["fields"] == pytest.approx(element_fields(entry, kind))
    assert r.json["missing"] == missing_fields(entry, kind)
    # the element keeps the entry, its revision and the values it set (to show values changed by hand)
    assert r.json["reference"] == {"equipment_id": entry_id, "revision": records.revision(entry), "name": entry.name,
                                   "values": r.json["fields"]}


def test_apply_values_by_hand(api, library):
    """Drake: 907 A ampacity -> max_i_ka 0.907, R(75 degC) 0.1390 ohm/mile = 0.08629 ohm/km; no reactance without
    a tower geometry (named as missing). Motor M1: S = P / (eta cos phi) = 5 / (0.975 * 0.88) = 5.8275 MVA."""
    drake = api.post("/api/equipment/southwire-acsr-drake/apply", {"element_kind": "line"}, token=None).json
    assert drake["fields"]["max_i_ka"] == pytest.approx(0.907)
    assert drake["fields"]["r_ohm_per_km"] == pytest.approx(0.1390 / 1.609344, rel=1e-3)
    assert set(drake["missing"]) == {"x_ohm_per_km", "c_nf_per_km"}
    motor = api.post("/api/equipment/iec60909-4-m1/apply", {"element_kind": "generator"}, token=None).json
    assert motor["fields"]["sn_mva"] == pytest.approx(5 / (0.975 * 0.88), rel=1e-9)


@pytest.mark.parametrize(
    ("entry_id", "body", "field"),
    [
        ("sel-751-5a", {"element_kind": "line"}, "element_kind"),
        ("sel-751-5a", {"element_kind": "relay"}, "element"),  # a relay entry applies to an existing relay
        ("southwire-acsr-drake", {"element_kind": "transformer"}, "element_kind"),
        ("southwire-acsr-drake", {"element_kind": "bus"}, "element_kind"),
        ("southwire-acsr-drake", {}, "element_kind"),
        ("southwire-acsr-drake", {"element_kind": "line", "extra": 1}, "extra"),
    ],
)
def test_apply_errors_name_the_field(api, library, entry_id, body, field):
    r = api.post(f"/api/equipment/{entry_id}/apply", body, token=None)
    assert r.status == 400, r
    assert field in [f["field"] for f in r.json["error"]["fields"]], r.json


def test_apply_a_relay_product_to_a_relay(api, library):
    """SEL-751 (5 A input; Instruction Manual 20170927 Table 4.13 p. 4.18): the relay's US-U3 element gets TD
    0.50-15.00 in 0.01 steps, its IEC-SI element 0.01-1.50, the CT secondary 5 A; 480 A on a 400/5 A CT is 6.0 A,
    inside 51P1P 0.25-24.00 A. The reference keeps the values the entry set and checked, by path."""
    relay = {"id": "R1", "branch": "L1", "bus": "B1", "ct_primary_a": 400, "breaker_time_s": 0.05, "elements": [
        {"function": "51", "curve": "US-U3", "pickup_a": 480, "dial": 2.5},
        {"function": "51", "curve": "IEC-SI", "pickup_a": 480, "dial": 0.1, "in_service": False}]}
    r = api.post("/api/equipment/sel-751-5a/apply", {"element_kind": "relay", "element": relay}, token=None)
    assert r.status == 200, r
    body = r.json
    us, iec = body["fields"]["elements"]
    assert (us["dial_min"], us["dial_max"], us["dial_step"]) == pytest.approx((0.50, 15.00, 0.01))
    assert (iec["dial_min"], iec["dial_max"], iec["dial_step"]) == pytest.approx((0.01, 1.50, 0.01))
    assert iec["in_service"] is False and us["pickup_a"] == 480  # the relay's own settings come back as they were
    assert body["fields"]["ct_secondary_a"] == 5 and body["missing"] == {} and body["notes"] == {}
    values = body["reference"]["values"]
    assert values["elements.0.pickup_a"] == 480 and values["elements.1.dial_max"] == 1.5
    assert values["ct_primary_a"] == 400 and values["ct_secondary_a"] == 5
    assert body["fields"] == element_fields(BY_ID["sel-751-5a"], "relay", relay)  # the engine's mapping
    # without a CT primary the pickup cannot be checked: a note, not an error
    bare = {**relay, "ct_primary_a": None}
    body = api.post("/api/equipment/sel-751-5a/apply", {"element_kind": "relay", "element": bare}, token=None).json
    assert set(body["notes"]) == {"elements.0.pickup_a", "elements.1.pickup_a"}
    assert "ct_primary_a" in body["notes"]["elements.0.pickup_a"]


def test_apply_a_relay_product_that_cannot_make_the_settings(api, library):
    relay = {"id": "R7", "branch": "L1", "bus": "B1", "ct_primary_a": 400, "elements": [
        {"function": "51", "curve": "IEEE-VI", "pickup_a": 480, "dial": 2.5},
        {"function": "51", "curve": "US-U2", "pickup_a": 2000, "dial": 2.5}]}
    r = api.post("/api/equipment/sel-751-5a/apply", {"element_kind": "relay", "element": relay}, token=None)
    assert r.status == 400, r
    fields = {f["field"]: f for f in r.json["error"]["fields"]}
    assert set(fields) == {"elements.0.curve", "elements.1.pickup_a"}
    assert all(f["element_id"] == "R7" for f in fields.values())
    assert "US-U1, US-U2" in fields["elements.0.curve"]["message"]
    assert "0.25 to 24 A" in fields["elements.1.pickup_a"]["message"]
    assert "element R7, field elements.0.curve" in r.json["error"]["message"]
    bad = api.post("/api/equipment/sel-751-5a/apply", {"element_kind": "relay", "element": {"id": "R7"}}, token=None)
    assert bad.status == 400 and "elements" in [f["field"] for f in bad.json["error"]["fields"]]


# --------------------------------------------------------------------------- user models


def _cable(**extra) -> dict:
    return {
        "name": "Our 20 kV XLPE 3x1x185 Al",
        "manufacturer": "Acme Cables",
        "model_number": "AC-185-20",
        "category": "cable",
        "subcategory": "XLPE MV cable",
        "voltage_class_kv": 20,
        "rating": {"value": 355, "unit": "A"},
        "parameters": {"conductor_material": "AL", "insulation": "XLPE", "cross_section_mm2": 185,
                       "r_ohm_per_km": 0.164, "x_ohm_per_km": 0.118, "c_nf_per_km": 260, "ampacity_a": 355},
        "tags": ["mv", "ours"],
        **extra,
    }


@pytest.fixture
def world(api, library):
    owner = api.register(name="Owner")
    org = owner.post("/api/orgs", {"name": "Utility"}).json["id"]
    users = {"owner": owner}
    for role, org_role in (("org_admin", "admin"), ("org_member", "member")):
        u = api.register()
        inv = owner.post(f"/api/orgs/{org}/invitations", {"email": u.email, "role": org_role}).json
        assert u.post(f"/api/invitations/{inv['id']}/accept").status == 200
        users[role] = u
    users["outsider"] = api.register()
    return owner, org, users


def test_create_a_user_model(world):
    owner, _, _ = world
    r = owner.post("/api/equipment", _cable())
    assert r.status == 201, r
    m = r.json
    assert m["id"].startswith("user-") and m["source"] == "user" and m["owner_user_id"] == owner.id
    assert m["access"] == "owner" and m["parameters"]["r_ohm_per_km"] == 0.164
    assert m["provenance"]["sources"][0]["title"] == "User-entered equipment model"
    assert owner.get(f"/api/equipment/{m['id']}").json["parameters"] == m["parameters"]
    found = search(owner, q="AC-185-20")
    assert ids(found)[0] == m["id"]
    assert search(owner, q="AC-185-20", scope="mine")["total"] == 1
    assert search(owner, q="AC-185-20", scope="library")["total"] == 0
    applied = owner.post(f"/api/equipment/{m['id']}/apply", {"element_kind": "line"}).json
    assert applied["fields"]["x_ohm_per_km"] == 0.118 and applied["missing"] == {}


ACTIONS = [  # (name, method, path, body, need)
    ("get", "GET", "/api/equipment/{id}", None, "read"),
    ("apply", "POST", "/api/equipment/{id}/apply", {"element_kind": "line"}, "read"),
    ("fork", "POST", "/api/equipment/{id}/fork", {}, "read"),
    ("edit", "PATCH", "/api/equipment/{id}", {"parameters": {"r_ohm_per_km": 0.2}}, "write"),
    ("delete", "DELETE", "/api/equipment/{id}", None, "admin"),
]
RIGHTS = {
    "owner": {"read", "write", "admin"},
    "org_admin": {"read", "write", "admin"},
    "org_member": {"read", "write"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", list(RIGHTS))
def test_org_model_matrix(world, role):
    """An organization's model: owners and admins may do everything, members read, apply, fork and edit but not
    delete (403); outsiders get the same 404 as for a model that does not exist; without a token, 401 or 404."""
    owner, org, users = world
    u = users[role]
    for name, method, path, body, need in ACTIONS:
        mid = owner.post("/api/equipment", _cable(org_id=org)).json["id"]
        r = u.api.call(method, path.format(id=mid), body=body, token=u.access)
        if need in RIGHTS[role]:
            assert r.status in OK, (role, name, r)
        elif role == "outsider":
            missing = u.api.call(method, path.format(id="user-" + "0" * 32), body=body, token=u.access)
            assert r.status == 404 and missing.status == 404 and r.json == missing.json, (role, name, r)
        else:
            assert r.status == 403, (role, name, r)
        anonymous = u.api.call(method, path.format(id=mid), body=body, token=None)
        assert anonymous.status in (401, 404), (name, anonymous)
    listed = {i["id"] for i in everything(u, q="AC-185-20")}
    assert bool(listed) == (role != "outsider")


@pytest.mark.parametrize("role", list(RIGHTS))
def test_user_model_is_private(world, role):
    owner, _, users = world
    mid = owner.post("/api/equipment", _cable()).json["id"]
    u = users[role]
    assert u.get(f"/api/equipment/{mid}").status == (200 if role == "owner" else 404)
    assert (mid in {i["id"] for i in everything(u, q="Acme")}) == (role == "owner")
    assert api_anonymous_get(u, mid).status == 404


def api_anonymous_get(u, mid):
    return u.api.get(f"/api/equipment/{mid}", token=None)


def test_create_in_an_organization_you_do_not_belong_to(world):
    _, org, users = world
    r = users["outsider"].post("/api/equipment", _cable(org_id=org))
    assert r.status == 404 and r.json["error"]["fields"][0]["field"] == "org_id"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": None}, "category"),
        ({"category": "widget"}, "category"),
        ({"name": ""}, "name"),
        ({"name": "x" * 301}, "name"),
        ({"parameters": {"conductor_material": "AL", "insulation": "XLPE", "r_ohm_per_km": -1, "x_ohm_per_km": 0.1}},
         "parameters.r_ohm_per_km"),
        ({"parameters": {"conductor_material": "AL", "insulation": "XLPE", "r_ohm_per_km": 0.1}}, "parameters"),
        ({"parameters": {"insulation": "XLPE", "r_ohm_per_km": 0.1, "x_ohm_per_km": 0.1}},
         "parameters.conductor_material"),
        ({"parameters": {**_cable()["parameters"], "colour": "red"}}, "parameters.colour"),
        ({"rating": {"value": 355, "unit": "V"}}, "rating.unit"),
        ({"voltage_class_kv": -20}, "voltage_class_kv"),
        ({"tags": [1, "ok"]}, "tags[0]"),
        ({"provenance": {"sources": [], "typical": False}}, "provenance.sources"),
        ({"provenance": {"sources": [{"title": "Datasheet", "locator": "p. 3", "licence": "facts cited"}],
                         "typical": True}}, "provenance"),
        ({"id": "my-id"}, "id"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_invalid_user_models_are_field_errors(world, change, field):
    owner, _, _ = world
    body = {k: v for k, v in {**_cable(), **change}.items() if v is not None}
    r = owner.post("/api/equipment", body)
    assert r.status == 400, r
    assert field in [f["field"] for f in r.json["error"]["fields"]], r.json
    assert "Traceback" not in r.text


def test_edit_merges_parameters_and_checks_versions(world, library):
    owner, _, _ = world
    created = owner.post("/api/equipment", _cable())
    mid, etag = created.json["id"], created.headers["etag"]
    r = owner.patch(f"/api/equipment/{mid}", {"parameters": {"r_ohm_per_km": 0.2}}, headers={"If-Match": etag})
    assert r.status == 200, r
    assert r.json["parameters"]["r_ohm_per_km"] == 0.2 and r.json["parameters"]["x_ohm_per_km"] == 0.118
    assert r.json["version"] == 2 and r.json["revision"] != created.json["revision"]
    stale = owner.patch(f"/api/equipment/{mid}", {"name": "late"}, headers={"If-Match": etag})
    assert stale.status == 412
    assert owner.patch(f"/api/equipment/{mid}", {"name": "late", "version": 1}).status == 412
    bad = owner.patch(f"/api/equipment/{mid}", {"parameters": {"r_ohm_per_km": "low"}})
    assert bad.status == 400 and bad.json["error"]["fields"][0]["field"] == "parameters.r_ohm_per_km"
    # a category change replaces the parameters (they must fit the new category)
    wrong = owner.patch(f"/api/equipment/{mid}", {"category": "breaker"})
    assert wrong.status == 400 and wrong.json["error"]["fields"][0]["field"].startswith("parameters")
    renamed = owner.patch(f"/api/equipment/{mid}", {"name": "Renamed cable"})
    assert ids(search(owner, q="renamed"))[0] == mid
    # the earlier revision's model file is kept (elements may still refer to it)
    assert library.blobs.exists(records.blob_key(mid, created.json["revision"]))
    assert renamed.json["name"] == "Renamed cable"


def test_delete_removes_the_model_and_its_files(world, library):
    owner, _, _ = world
    m = owner.post("/api/equipment", _cable()).json
    assert owner.delete(f"/api/equipment/{m['id']}").status == 204
    assert owner.get(f"/api/equipment/{m['id']}").status == 404
    assert not library.blobs.exists(records.blob_key(m["id"], m["revision"]))
    assert search(owner, q="Acme")["total"] == 0


def test_fork_a_library_entry(world):
    owner, org, users = world
    r = owner.post("/api/equipment/southwire-acsr-drake/fork", {"name": "Drake (our sag tables)"})
    assert r.status == 201, r
    fork = r.json
    drake = BY_ID["southwire-acsr-drake"].model_dump(mode="json")
    assert fork["forked_from_id"] == "southwire-acsr-drake" and fork["source"] == "user"
    assert fork["parameters"] == drake["parameters"] and fork["name"] == "Drake (our sag tables)"
    assert fork["provenance"]["sources"] == drake["provenance"]["sources"]
    assert "forked from 'southwire-acsr-drake'" in fork["provenance"]["note"]
    edited = owner.patch(f"/api/equipment/{fork['id']}", {"parameters": {"ampacity_a": 950}})
    assert edited.status == 200 and edited.json["parameters"]["ampacity_a"] == 950
    assert owner.get("/api/equipment/southwire-acsr-drake").json["parameters"]["ampacity_a"] == 907
    # into an organization: its members see it, outsiders do not
    shared = owner.post("/api/equipment/southwire-acsr-drake/fork", {"org_id": org}).json
    assert users["org_member"].get(f"/api/equipment/{shared['id']}").status == 200
    assert users["outsider"].get(f"/api/equipment/{shared['id']}").status == 404
    # the library ranks first for its own code name; the forks follow
    assert ids(search(owner, q="Drake"))[0] == "southwire-acsr-drake"


def test_deleting_the_owner_removes_their_models(world, library):
    from chalicelib.storage.models import User

    owner, _, users = world
    u = users["outsider"]
    mid = u.post("/api/equipment", _cable()).json["id"]
    with library.db.session() as s:
        s.delete(s.get(User, u.id))
    assert owner.get(f"/api/equipment/{mid}").status == 404
