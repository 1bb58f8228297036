"""Child-side: the sqlite3 connections a submission opens while train() runs, and whether each is
still open once train() returned (the parent compares what the watch streamed with what the run
record says: grader.trace.connections.verify_stream). Nothing here judges
(grader/checks/tracker_closed.py does).

Seen: connections are seen through Python's audit hooks ("sqlite3.connect" names the database and
"sqlite3.connect/handle" hands over the new connection, both raised inside
sqlite3.Connection.__init__): every connection is seen however it is reached (sqlite3.connect,
sqlite3.dbapi2.connect, _sqlite3.connect, sqlite3.Connection(...), a factory subclass), and an
audit hook cannot be removed by the code it watches. install() adds the hook once per process,
before any student code (grader.job.observe.patches.install).

Judged without holding a connection (a strong reference would keep alive, and locked, what the
loop dropped; sqlite3.Connection takes no weak reference) and without searching the heap: CPython
keeps each connection's statement cache, a functools.lru_cache wrapping the connection, from
__init__ until close() or the connection's end; it takes weak references. So, per connection:
  - its cache is gone: "closed" (close() was called, or it was finalized while train() ran);
  - its cache lives and nothing but the pair's own cycle references either (reference counts
    equal to those of a dropped probe connection, measured at install): garbage that a collection
    would finalize; the watch closes it as finalization would (rolling back what is uncommitted):
    "collected";
  - otherwise, after one full garbage collection (only then, and once), a cache still alive is
    an "open" connection (its in_transaction read with the base class's own descriptor); one
    that went with the collection is "collected".
A connection whose cache cannot be found (another Python) is remembered by id() and looked up
among gc.get_objects() after a full collection, as before.

Tamper-evident like the recorder's events (grader/job/observe/journal.py): each connection is
streamed into the trace as it is recorded, and each cache's end by its weak reference's callback
as it happens, out of the submission's reach; the parent (grader.trace.connections.verify_stream,
from grader.verify) flags
a run record whose connections are not those streamed, one judged closed or collected whose end
was never streamed, and a watch that was no longer armed when train() returned. Emptying or
editing the watch's lists, or swapping a weak reference, therefore shows.
"""
from __future__ import annotations

import functools
import gc
import os
import sqlite3
import sys
import threading
import weakref
from urllib.parse import unquote, urlsplit

from grader.trace.connections import GONE, OPENED, WATCH
from grader.trace.production import TrackerConnection
from grader.trace.records import to_dict
from grader.job.observe.frames import student_line

MAX_CONNECTIONS = 200          # records per run; a loop opening more is judged on the first ones
# taken before any student code: the base class's own getter and close, the cache's C type
_in_transaction = sqlite3.Connection.in_transaction
_close = sqlite3.Connection.close
_Connection = sqlite3.Connection
_Cache = type(functools.lru_cache(maxsize=1)(lambda: None))   # functools._lru_cache_wrapper
_getrefcount, _referents = sys.getrefcount, gc.get_referents
_getprofile, _gettrace = sys.getprofile, sys.gettrace
_WATCHES: list = []            # the ConnectionWatch in force (at most one), for the process-wide hook
_INSTALLED: list = []          # [True] once the hook is added (it cannot be removed)
_ONLY_CYCLE: list = []         # [(references to a connection, to its cache)] when only their cycle holds them


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
    """Add the audit hook and measure a dropped connection's references (once per process)."""
    if not _INSTALLED:
        _INSTALLED.append(True)
        _calibrate()
        sys.addaudithook(_hook)


def _statement_cache(connection):
    """The connection's statement cache (an lru_cache wrapping the connection itself), or None."""
    for item in _referents(connection):
        if type(item) is _Cache and any(inner is connection for inner in _referents(item)):
            return item
    return None


def _owner(cache):
    """The connection a statement cache wraps."""
    for item in _referents(cache):
        if issubclass(type(item), _Connection):
            return item
    return None


def _refcounts(cache) -> tuple[int, int] | None:
    """(references to the cache's connection, to the cache), this frame's and the caller's one
    variable included: the same in _calibrate and in finish, so equal counts mean equal holders."""
    connection = _owner(cache)
    if connection is None:
        return None
    return _getrefcount(connection), _getrefcount(cache)


def _calibrate() -> None:
    """The counts of a connection that nothing but its own statement cache holds (a dropped one);
    none recorded where the connection has no such cache (the watch then searches the heap)."""
    enabled = gc.isenabled()
    gc.disable()              # the dropped probe must not be collected while it is measured
    try:
        probe = _Connection(":memory:")
        cache = _statement_cache(probe)
        if cache is None:
            return
        canary = weakref.ref(cache)
        del cache, probe      # only their cycle holds them now
        cache = canary()
        counts = _refcounts(cache)
        if counts is not None:
            _close(_owner(cache))
            _ONLY_CYCLE.append(counts)
        del cache
    finally:
        if enabled:
            gc.enable()


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
    """Armed from start() (just before train()) to finish() (after it returned). `emit` (the
    child's trace writer) and `scenario` stream what the watch records; without them (in process)
    nothing is streamed."""

    def __init__(self, tracker, student_files: set[str], emit=None, scenario: str = ""):
        self.tracker = os.path.realpath(tracker) if isinstance(tracker, (str, os.PathLike)) else None
        self.student_files = student_files
        self.emit, self.scenario = emit, scenario
        self.names: dict[int, object] = {}      # thread -> database named by the connect in progress
        self.records: list[TrackerConnection] = []
        self.canaries: list = []                # per record: a weak reference to its statement cache, or its id()
        self.deferred: list[int] = []           # ends seen while a record was being written (see _ended)
        self.result: list[TrackerConnection] | None = None

    def start(self) -> ConnectionWatch:
        _WATCHES.append(self)
        return self

    def _stream(self, kind: str, index: int, event) -> None:
        if self.emit is not None:
            self._flush()
            record = {"type": "event", "scenario": self.scenario, "kind": kind, "index": index, "event": event}
            if _getprofile() is not None or _gettrace() is not None:
                record["hooked"] = True   # a profile or trace function could have edited it first
            self.emit(record)

    def _ended(self, index: int) -> None:
        """A statement cache's end, streamed now, or as soon as the record being written is out: the
        collector runs weak-reference callbacks wherever memory is allocated, also inside the
        writer after it numbered its record, and a record written from there would get the next
        number but reach the trace first (the parent would take the trace for tampered with)."""
        if self.emit is None:
            return
        code, frame = getattr(self.emit, "__code__", None), sys._getframe(1)
        while frame is not None:
            if frame.f_code is code:
                self.deferred.append(index)
                return
            frame = frame.f_back
        self._stream(GONE, index, None)

    def _flush(self) -> None:
        """The ends deferred by _ended, each still to be seen: its reference dead."""
        while self.deferred:
            index = self.deferred.pop(0)
            canary = self.canaries[index] if type(index) is int and 0 <= index < len(self.canaries) else None
            if type(canary) is weakref.ref and canary() is None:
                self.emit({"type": "event", "scenario": self.scenario, "kind": GONE, "index": index, "event": None})

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
        index = len(self.records)
        cache = _statement_cache(connection) if _ONLY_CYCLE else None
        self.records.append(record)
        self.canaries.append(self._canary(index, cache) if cache is not None else id(connection))
        # out of the submission's reach at once, before its code runs again
        self._stream(OPENED, index, {**to_dict(record), "canary": cache is not None})

    def _canary(self, index: int, cache) -> weakref.ref:
        """A weak reference to the statement cache whose end is streamed when it comes (only by the
        garbage collector or close(): called by hand on a live or another reference, it is ignored)."""
        canary = None

        def gone(ref) -> None:
            if ref is canary and ref() is None:
                self._ended(index)
        canary = weakref.ref(cache, gone)
        return canary

    def _student_line(self) -> list | None:
        return student_line(self.student_files)

    def finish(self, collect=gc.collect) -> list[TrackerConnection]:
        """Disarm; each connection's state now (idempotent). `collect` runs a full garbage
        collection; it is called only where a connection's state depends on it."""
        if self.result is not None:
            return self.result
        # armed throughout only if still the one watch in force (a decoy appended after it would
        # have taken the hook's calls); compared by identity: no __eq__ of anything planted runs.
        # Anything else in the list was planted: nothing stays armed after this.
        armed = len(_WATCHES) == 1 and _WATCHES[0] is self
        _WATCHES.clear()
        records, canaries = list(self.records), list(self.canaries)
        undecided = []
        for n, record in enumerate(records):
            canary = canaries[n] if n < len(canaries) else None
            if type(canary) is not weakref.ref:
                undecided.append(n)
            elif not self._judged_now(record, canary):
                undecided.append(n)
        if undecided:
            collect()
            self._after_collection([(records[n], canaries[n] if n < len(canaries) else None) for n in undecided])
        self._stream(WATCH, 0, {"armed": armed, "opened": len(records)})   # after any deferred end
        self.emit = None   # ends after this (a global's connection closed at exit) are not train()'s
        self.result = records
        return records

    @staticmethod
    def _judged_now(record: TrackerConnection, canary) -> bool:
        """Closed, or garbage closed here as finalization would close it; False: it takes a collection."""
        cache = canary()
        if cache is None:
            record.state = "closed"
            return True
        if _refcounts(cache) != _ONLY_CYCLE[0]:
            return False
        try:
            _close(_owner(cache))
        except sqlite3.Error:   # e.g. made in another thread: the collection finalizes it
            return False
        record.state = "collected"
        return True

    @staticmethod
    def _after_collection(pending: list) -> None:
        by_id = [c for _, c in pending if type(c) is int]
        live = {id(o): o for o in gc.get_objects() if id(o) in by_id
                and issubclass(type(o), _Connection)} if by_id else {}
        for record, canary in pending:
            if type(canary) is weakref.ref:
                cache = canary()
                connection = _owner(cache) if cache is not None else None
            else:
                connection = live.get(canary) if type(canary) is int else None
            if connection is None:
                record.state = "collected"
                continue
            try:
                record.in_transaction = bool(_in_transaction.__get__(connection))
                record.state = "open"
            except sqlite3.ProgrammingError:   # "Cannot operate on a closed database."
                record.state = "closed"
            except Exception:
                record.state = "open"
        live.clear()
