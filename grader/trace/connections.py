"""The sqlite3 connections of a tracking run as the trace carries them twice: streamed as events
while train() ran (grader/job/observe/connections.py) and listed in the run record's production.
`verify_stream` is the parent's comparison of the two (grader.verify): a pure function of records."""
from __future__ import annotations

# the kinds of trace events the connection watch streams
OPENED, GONE, WATCH = "connection_opened", "connection_gone", "connection_watch"


def verify_stream(events: list[dict], connections) -> list[str]:
    """Reasons to flag a run whose connection records are not what the watch streamed
    while train() ran. `events`: the scenario's streamed events of the kinds above, in order, up to
    its run record; `connections`: the run record's production.connections (a list, or None where
    nothing was observed). Never raises."""
    opened = {e.get("index"): e.get("event") for e in events if e.get("kind") == OPENED}
    gone = {e.get("index") for e in events if e.get("kind") == GONE}
    watch = [e.get("event") for e in events if e.get("kind") == WATCH]
    if not opened and not watch:
        return []   # not a tracking run, or a child that does not stream (older trace)
    flags = []
    if any(e.get("hooked") for e in events):
        flags.append("a profiling or tracing hook was running while the grader recorded sqlite3 connections")
    if not watch or type(watch[-1]) is not dict or watch[-1].get("armed") is not True:
        flags.append("the grader's sqlite3 connection watch was disarmed while train() ran")
    held = connections if type(connections) is list else []
    if len(held) != len(opened) or set(opened) != set(range(len(opened))):
        return flags + [f"the run record holds {len(held)} sqlite3 connection(s); {len(opened)} were "
                        "recorded while train() ran"]
    for n, record in enumerate(held):
        said = opened[n] if type(opened[n]) is dict else {}
        if type(record) is not dict or any(record.get(k) != said.get(k) for k in ("tracker", "database", "line")):
            flags.append(f"sqlite3 connection {n + 1} was changed after it was recorded")
        elif said.get("canary") is True and (record.get("state") != "open") != (n in gone):
            flags.append(f"sqlite3 connection {n + 1} is recorded as {record.get('state')!r}, but its end was "
                         f"{'never' if n not in gone else 'already'} seen")
    return flags
