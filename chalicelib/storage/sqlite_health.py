"""The local SQLite database's health: a check before the server opens it, and rotating online backups.

`check_database` runs before any connection is made, because opening SQLite with a damaged write-ahead log
is itself destructive: SQLite keeps the frames up to the first one whose checksum fails, drops the rest
silently, and the first checkpoint makes the loss permanent. So the WAL's frames are verified here first
(the checksum chain of https://www.sqlite.org/fileformat2.html#walformat), then ``PRAGMA quick_check`` runs
on the database. A damaged database stops the server with a message that names the last good backup.

`BackupKeeper` copies the live database with SQLite's online backup API (consistent while the server writes)
into ``<data dir>/backups``, checks each copy, and keeps the newest few.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import struct
import threading
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from chalicelib.config import Settings

log = logging.getLogger("gridsolve.storage")

WAL_MAGIC = (0x377F0682, 0x377F0683)  # little- / big-endian checksums
WAL_HEADER, FRAME_HEADER = 32, 24
BACKUP_GLOB = "gridsolve-*.sqlite3"


class DatabaseDamaged(RuntimeError):
    """The database cannot be opened without losing data; the message says what to do."""


def sqlite_path(settings: Settings) -> Path | None:
    if not settings.is_sqlite:
        return None
    raw = settings.database_url.split("///", 1)[-1].split("?", 1)[0]
    return None if raw in ("", ":memory:") else Path(raw)


def backup_dir(settings: Settings) -> Path:
    return settings.data_dir / "backups"


def backups(settings: Settings) -> list[Path]:
    """Backups, newest first."""
    return sorted(backup_dir(settings).glob(BACKUP_GLOB), reverse=True)


def _checksum(data: bytes, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for k in range(0, len(words), 2):
        s0 = (s0 + words[k] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[k + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def wal_damage(wal: Path) -> str | None:
    """What is wrong with a write-ahead log that SQLite would silently truncate, or None. Frames of an older
    generation (other salts) after the current ones are normal leftovers, and so is a partly written last
    frame; a complete frame of the current generation whose checksum fails is damage."""
    data = wal.read_bytes() if wal.exists() else b""
    if len(data) <= WAL_HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", data[:WAL_HEADER])
    if magic not in WAL_MAGIC or _checksum(data[:24], 0, 0, magic & 1 == 1) != (c0, c1):
        return f"the write-ahead log {wal.name} has a damaged header ({len(data)} bytes would be ignored)"
    big = magic & 1 == 1
    frame = FRAME_HEADER + page_size
    s = (c0, c1)
    n_frames = (len(data) - WAL_HEADER) // frame
    for k in range(n_frames):
        off = WAL_HEADER + k * frame
        _page, _commit, f1, f2, fc0, fc1 = struct.unpack(">6I", data[off:off + FRAME_HEADER])
        if (f1, f2) != (salt1, salt2):
            later = [j for j in range(k + 1, n_frames)
                     if struct.unpack(">2I", data[WAL_HEADER + j * frame + 8:WAL_HEADER + j * frame + 16])
                     == (salt1, salt2)]
            if later:
                return (f"the write-ahead log {wal.name} breaks at frame {k + 1} of {n_frames}; "
                        f"{len(later)} later frame(s) of the same generation would be dropped")
            return None  # leftovers of an older generation
        s = _checksum(data[off:off + 8] + data[off + FRAME_HEADER:off + frame], *s, big)
        if s != (fc0, fc1):
            return (f"the write-ahead log {wal.name} has a damaged frame ({k + 1} of {n_frames}); SQLite would "
                    f"drop it and the {n_frames - k - 1} after it")
    return None


def _quick_check(path: Path) -> str | None:
    try:
        con = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=30)
        try:
            rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(str(r) for r in rows[:5])


def _advice(settings: Settings, path: Path) -> str:
    found = backups(settings)
    if not found:
        return f"There is no backup under {backup_dir(settings)}."
    last = found[0]
    when = datetime.fromtimestamp(last.stat().st_mtime, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return (f"The last good backup is {last} (taken {when}). To restore it, move {path.name} and its -wal and "
            f"-shm files out of {path.parent} and copy the backup to {path}.")


def check_database(settings: Settings, env: Mapping[str, str] | None = None) -> None:
    """Raise DatabaseDamaged if the SQLite database (or its WAL) is damaged; PostgreSQL is not checked here.
    GRIDSOLVE_DB_ACCEPT_DAMAGE=1 opens it anyway (what SQLite can still read)."""
    path = sqlite_path(settings)
    if path is None or not path.exists():
        return
    accept = (os.environ if env is None else env).get("GRIDSOLVE_DB_ACCEPT_DAMAGE") == "1"
    problem = wal_damage(path.with_name(path.name + "-wal")) or _quick_check(path)
    if problem is None:
        return
    if accept:
        log.error("database %s is damaged (%s); opening it anyway (GRIDSOLVE_DB_ACCEPT_DAMAGE=1)", path, problem)
        return
    raise DatabaseDamaged(
        f"the database {path} is damaged: {problem}. Nothing was changed. {_advice(settings, path)} "
        "To open it anyway with what SQLite can still read, set GRIDSOLVE_DB_ACCEPT_DAMAGE=1."
    )


def backup_now(settings: Settings, keep: int) -> Path | None:
    """One consistent copy of the live database (online backup API), checked, then rotation to `keep`."""
    path = sqlite_path(settings)
    if path is None or not path.exists():
        return None
    folder = backup_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"gridsolve-{stamp}.sqlite3"
    tmp = folder / f".{target.name}.tmp"
    src = sqlite3.connect(str(path), timeout=30)
    dst = sqlite3.connect(str(tmp))
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    problem = _quick_check(tmp)
    if problem is not None:
        tmp.unlink(missing_ok=True)
        log.error("backup of %s failed its check (%s); older backups kept", path, problem)
        return None
    os.replace(tmp, target)
    for old in backups(settings)[max(1, keep):]:
        old.unlink(missing_ok=True)
    return target


class BackupKeeper:
    """A thread taking `backup_now` at start, every `interval_s` and at stop."""

    def __init__(self, settings: Settings, interval_s: float, keep: int) -> None:
        self.settings, self.interval_s, self.keep = settings, interval_s, keep
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gridsolve-backup", daemon=True)
        self._thread.start()

    @classmethod
    def for_settings(cls, settings: Settings) -> BackupKeeper | None:
        if sqlite_path(settings) is None or settings.backup_keep <= 0:
            return None
        return cls(settings, settings.backup_interval_s, settings.backup_keep)

    def _once(self) -> None:
        try:
            made = backup_now(self.settings, self.keep)
            if made is not None:
                log.info("database backup %s", made)
        except (OSError, sqlite3.Error):  # a full disk must not stop the server; the log says why
            log.exception("database backup failed")

    def _run(self) -> None:
        self._once()
        while not self._stop.wait(self.interval_s):
            self._once()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)
        self._once()
