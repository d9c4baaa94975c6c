"""Issue 9, serving and local data: waitress under a burst and slow clients, security headers, a damaged
SQLite database stopping the server (with the last good backup named), rotating backups."""

from __future__ import annotations

import shutil
import socket
import sqlite3
import threading
import urllib.request
from dataclasses import replace

import pytest

from chalicelib.config import load_settings
from chalicelib.storage.sqlite_health import DatabaseDamaged, backup_now, backups, check_database, wal_damage

from .test_platform_server import Server


def _settings(data_dir):
    return load_settings({"GRIDSOLVE_DATA_DIR": str(data_dir), "GRIDSOLVE_JWT_SECRET": "x" * 32})


def _crashed_copy(tmp_path, rows: int = 300):
    """A WAL-mode database as a crash leaves it: committed transactions still in the WAL (no checkpoint)."""
    live = tmp_path / "live.sqlite3"
    con = sqlite3.connect(live)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for k in range(rows):
        con.execute("INSERT INTO users (email) VALUES (?)", (f"user{k}@example.com" + "x" * 200,))
        if k % 50 == 49:
            con.commit()
    con.commit()
    data = tmp_path / "data"
    data.mkdir()
    target = data / "gridsolve.sqlite3"
    shutil.copy(live, target)
    shutil.copy(live.with_name(live.name + "-wal"), target.with_name(target.name + "-wal"))
    con.close()
    return data, target


def _count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM users").fetchone()[0]
    finally:
        con.close()


def test_intact_wal_passes_and_keeps_every_row(tmp_path):
    data, db = _crashed_copy(tmp_path)
    assert wal_damage(db.with_name(db.name + "-wal")) is None
    check_database(_settings(data), env={})
    assert _count(db) == 300


def test_damaged_wal_stops_the_start_and_names_the_backup(tmp_path):
    data, db = _crashed_copy(tmp_path)
    settings = _settings(data)
    (data / "backups").mkdir()
    good = data / "backups" / "gridsolve-20240101-000000-000000.sqlite3"
    shutil.copy(tmp_path / "live.sqlite3", good)
    wal = db.with_name(db.name + "-wal")
    raw = bytearray(wal.read_bytes())
    raw[32 + 24 + 4096 + 24 + 100] ^= 0xFF  # a byte of the second frame's page
    wal.write_bytes(bytes(raw))
    with pytest.raises(DatabaseDamaged) as exc:
        check_database(settings, env={})
    msg = str(exc.value)
    assert "write-ahead log" in msg and "frame 2" in msg.replace("frame (2", "frame 2") and str(good) in msg
    assert wal.read_bytes() == bytes(raw)  # nothing was opened, nothing truncated
    check_database(settings, env={"GRIDSOLVE_DB_ACCEPT_DAMAGE": "1"})  # the explicit way past it


def test_damaged_database_file_fails_quick_check(tmp_path):
    data, db = _crashed_copy(tmp_path, rows=2000)
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    raw = bytearray(db.read_bytes())
    for off in range(4096 * 3, 4096 * 3 + 2000):
        raw[off] = 0x5A
    db.write_bytes(bytes(raw))
    with pytest.raises(DatabaseDamaged) as exc:
        check_database(_settings(data), env={})
    assert "no backup" in str(exc.value)


def test_backups_rotate_and_are_checked(tmp_path):
    data, db = _crashed_copy(tmp_path)
    settings = replace(_settings(data), database_url=f"sqlite:///{db}")
    made = [backup_now(settings, keep=2) for _ in range(3)]
    assert all(made) and backups(settings) == sorted(made[1:], reverse=True)
    assert _count(made[-1]) == 300


def test_server_refuses_a_damaged_database(tmp_path):
    data, db = _crashed_copy(tmp_path)
    wal = db.with_name(db.name + "-wal")
    raw = bytearray(wal.read_bytes())
    raw[32 + 24 + 10] ^= 0xFF
    wal.write_bytes(bytes(raw))
    srv = Server(data)
    with pytest.raises(AssertionError) as exc:
        srv.start()
    assert "exited with 3" in str(exc.value) and "damaged" in str(exc.value)


def test_waitress_burst_slow_clients_and_headers(tmp_path):
    srv = Server(tmp_path / "data", GRIDSOLVE_HTTP_TIMEOUT_S="5").start()
    try:
        slow = []
        for _ in range(60):  # half-sent requests: they must not hold the threads
            s = socket.create_connection(("127.0.0.1", srv.port))
            s.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
            slow.append(s)
        results: list[int] = []

        def hit():
            try:
                with urllib.request.urlopen(srv.url + "/api/health", timeout=20) as r:
                    results.append(r.status)
            except OSError as exc:  # a reset connection
                results.append(repr(exc))

        burst = [threading.Thread(target=hit) for _ in range(90)]
        for t in burst:
            t.start()
        for t in burst:
            t.join()
        assert results == [200] * 90
        with urllib.request.urlopen(srv.url + "/", timeout=10) as r:
            assert r.headers["Server"] == "GridSolve"
            assert r.headers["X-Content-Type-Options"] == "nosniff"
            assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
            assert r.headers["Referrer-Policy"] == "no-referrer"
        for s in slow:
            s.close()
    finally:
        assert srv.stop() == 0
    assert (tmp_path / "data" / "backups").is_dir() and list((tmp_path / "data" / "backups").iterdir())


def test_the_app_policy_allows_no_eval():
    """The browser compiles nothing but its WebAssembly module (the validators are generated ahead of time), so
    the policy has 'wasm-unsafe-eval' and no 'unsafe-eval'; CloudFront's policy is built from the same list
    (tests/cdk/test_synth.py checks the synthesized one)."""
    from chalicelib.http.headers import APP_CSP, COMMON

    script = next(d for d in APP_CSP.split("; ") if d.startswith("script-src"))
    assert script.split() == ["script-src", "'self'", "'wasm-unsafe-eval'"]
    assert COMMON["Referrer-Policy"] == "no-referrer"
