"""No connection to the tracker is left open when train() returns."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import holder

ID = "tracker_closed"
TITLE = "Every connection train() opened on the tracker is closed (or gone with train()) when it returns"
WHY = ("An open connection holds a file handle and, with uncommitted changes, a lock that stops every other "
       "writer of the run table (the next run, a dashboard); a connection kept in a global or a cache outlives "
       "the training run it belongs to (seed 002: close the connection when training ends).")
FIX = ("con.close() in a finally block, or `with contextlib.closing(sqlite3.connect(tracker)) as con:` "
       "(note that `with sqlite3.connect(...) as con:` only commits); don't keep it in a global or a cache.")
NEEDS = frozenset()


def check(ctx: CheckContext) -> Verdict:
    prod = ctx.run.production
    if prod is None or prod.connections is None:
        return Verdict(False, "The sqlite3 connections train() opened were not observed on this run.")
    mine = [c for c in prod.connections if c.tracker]
    if not mine:
        if prod.tracker_rows:
            return Verdict(True, "No connection opened during train() is left open on the tracker.")
        return not_judged("Not judged: train() never opened the tracker (tracker_rows charges the missing rows).")
    left = [c for c in mine if c.state == "open"]
    if left:
        where = sorted({c.line[1] for c in left if c.line})
        opened = f" (opened at line {', '.join(map(str, where))})" if where else ""
        pending = sum(c.in_transaction for c in left)
        dirty = (f"; {pending} of them with changes never committed" if pending > 1 else
                 "; it holds changes never committed" if pending and len(left) == 1 else
                 "; one with changes never committed" if pending else "")
        return Verdict(False, f"{len(left)} of the {len(mine)} connection(s) train() opened on the tracker{opened} "
                              f"{'was' if len(left) == 1 else 'were'} still open after it returned, and still "
                              f"referenced (not garbage): something that outlives train() holds "
                              f"{'it' if len(left) == 1 else 'them'}{dirty}. The lines below show where it was opened, "
                              "what keeps it, and where train() returns without closing it.",
                       points=[holder(*c.line) for c in left if c.line][:2], lines=[c.line for c in left if c.line][:3],
                       details={"open": len(left), "opened": len(mine), "uncommitted": pending})
    return Verdict(True, f"All {len(mine)} connection(s) train() opened on the tracker were closed, or went away with "
                         "it, by the time it returned.")
