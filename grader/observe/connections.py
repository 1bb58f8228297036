"""Child-side: the sqlite3 connections a submission opens while train() runs, and whether each is
still open once train() returned. Nothing here judges (grader/checks/tracker_closed.py does).

Connections are seen through Python's audit hooks ("sqlite3.connect" names the database and
"sqlite3.connect/handle" hands over the new connection, both raised inside
sqlite3.Connection.__init__): every connection is seen however it is reached (sqlite3.connect,
sqlite3.dbapi2.connect, _sqlite3.connect, sqlite3.Connection(...), a factory subclass), and an
audit hook cannot be removed by the code it watches. install() adds the hook once per process,
before any student code (grader.observe.patches.install).

Nothing holds a connection: sqlite3.Connection takes no weak reference, and a strong one would
keep alive (and locked) what the loop dropped. Each is remembered by id(); after train() returned
and a full garbage collection, a recorded id that no live Connection has was finalized
("collected"); a live one is "closed" or "open" (with or without uncommitted changes), read with
the base class's own descriptor, so a subclass cannot answer for it. An id can only be reused by a
connection opened later, so the latest record per id is the live object's.
"""
from __future__ import annotations

import gc
import os
import sqlite3
import sys
import threading
from urllib.parse import unquote, urlsplit

from grader.trace.production import TrackerConnection

MAX_CONNECTIONS = 200          # records per run; a loop opening more is judged on the first ones
_in_transaction = sqlite3.Connection.in_transaction   # the base class's getter, taken before student code
_Connection = sqlite3.Connection
_WATCHES: list = []            # the ConnectionWatch in force (at most one), for the process-wide hook
_INSTALLED: list = []          # [True] once the hook is added (it cannot be removed)


def _hook(event: str, args: tuple) -> None:
    # every audited event of the process passes here: return at once for the others
    if not event.startswith("sqlite3.connect") or not _WATCHES:
        return
    try:
        if event == "sqlite3.connect":
            _WATCHES[-1].naming(args[0] if args else None)
        elif event == "sqlite3.connect/handle" and args:
            _WATCHES[-1].opened(args[0])
    except Exception:   # an audit hook that raises would make the student's connect() fail
        pass


def install() -> None:
    """Add the audit hook (once per process)."""
    if not _INSTALLED:
        _INSTALLED.append(True)
        sys.addaudithook(_hook)


def database_path(database, cwd: str | None = None) -> str | None:
    """The absolute file path a connect() argument names (a path, bytes, or a file: URI); None for
    an in-memory or temporary database."""
    try:
        name = os.fsdecode(database)
    except TypeError:
        return None
    if name.startswith("file:"):
        parts = urlsplit(name)
        if "mode=memory" in parts.query:
            return None
        name = unquote(parts.path)
    if name in ("", ":memory:"):
        return None
    return os.path.normpath(os.path.join(cwd or os.getcwd(), name))


class ConnectionWatch:
    """Armed from start() (just before train()) to finish() (after it returned)."""

    def __init__(self, tracker, student_files: set[str]):
        self.tracker = os.path.realpath(tracker) if isinstance(tracker, (str, os.PathLike)) else None
        self.student_files = student_files
        self.names: dict[int, object] = {}      # thread -> database named by the connect in progress
        self.records: list[tuple[int, TrackerConnection]] = []   # (id of the connection, record)
        self.result: list[TrackerConnection] | None = None

    def start(self) -> ConnectionWatch:
        _WATCHES.append(self)
        return self

    def naming(self, database) -> None:
        self.names[threading.get_ident()] = database

    def opened(self, connection) -> None:
        if len(self.records) >= MAX_CONNECTIONS:
            return
        database = self.names.pop(threading.get_ident(), None)
        path = database_path(database) if database is not None else None
        record = TrackerConnection(
            tracker=path is not None and self.tracker is not None and os.path.realpath(path) == self.tracker,
            database=os.path.basename(path) if path else ":memory:" if database is not None else "?",
            line=self._student_line())
        self.records.append((id(connection), record))

    def _student_line(self) -> list | None:
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename in self.student_files:
                return [frame.f_code.co_filename, frame.f_lineno]
            frame = frame.f_back
        return None

    def finish(self) -> list[TrackerConnection]:
        """Disarm; collect garbage; each connection's state now (idempotent)."""
        if self.result is not None:
            return self.result
        while self in _WATCHES:
            _WATCHES.remove(self)
        gc.collect()
        wanted = {i for i, _ in self.records}
        live = {id(o): o for o in gc.get_objects() if id(o) in wanted and issubclass(type(o), _Connection)}
        latest = {i: n for n, (i, _) in enumerate(self.records)}
        out = []
        for n, (i, record) in enumerate(self.records):
            connection = live.get(i) if latest[i] == n else None
            if connection is None:
                record.state = "collected"
            else:
                try:
                    record.in_transaction = bool(_in_transaction.__get__(connection))
                    record.state = "open"
                except sqlite3.ProgrammingError:   # "Cannot operate on a closed database."
                    record.state = "closed"
                except Exception:
                    record.state = "open"
            out.append(record)
        live.clear()
        self.result = out
        return out
