"""The tracker's table holds one committed row per epoch, with the epoch's own numbers."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call

POINTS = [call("execute", "executemany", role="writes the row"), call("commit", role="commits")]
from grader.trace.production import trained_passes
from grader.trace.read import close, history_values

ID = "tracker_rows"
TITLE = "One committed row per epoch in the tracker's table: run id, epoch (from 1), losses as in history, lr"
WHY = ("The table is how a run is compared and rolled back weeks later (seed 002). Rows never committed "
       "vanish when the connection closes; a 0-based epoch, batch values or tensors make it disagree with "
       "the curves it is supposed to record.")
FIX = ("Per epoch: con.execute('INSERT INTO training_history VALUES (?, ?, ?, ?, ?, ?, ?)', (run_id, epoch, "
       "train_loss, val_loss, lr, checkpoint_path, timestamp)); con.commit(); con.close() at the end.")
NEEDS = frozenset()


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    if prod is None or prod.tracker_rows is None:
        why = f" ({prod.tracker_error})" if prod is not None and prod.tracker_error else ""
        return Verdict(False, f"The tracker's table could not be read after train() returned{why}.")
    rows = prod.tracker_rows
    n = len(trained_passes(run))
    train, val = history_values(run, "train_loss") or [], history_values(run, "val_loss") or []
    lrs = [next((s.lr for s in prod.steps if s.train_pass == p), None) for p in trained_passes(run)]
    if not rows:
        return Verdict(False, f"The table has no committed row for run '{prod.run_id}' after {n} epochs "
                              "(rows inserted but never committed are lost when the connection closes).",
                       points=POINTS, fix="Call con.commit() after each epoch's INSERT (or use `with con:` around it).")
    epochs = [r.epoch_number for r in rows]
    if epochs != [float(e) for e in range(1, n + 1)]:
        shown = ", ".join("?" if e is None else f"{e:g}" for e in epochs[:6]) + (", ..." if len(epochs) > 6 else "")
        zero = [e for e in epochs if e is not None] == [float(e) for e in range(0, n)]
        return Verdict(False, f"The run's rows have epoch_number {shown} ({len(rows)} rows); {n} epochs ran, so "
                              f"1, 2, ..., {n}, one row each, was expected."
                              + (" The numbers are one less than the epochs: counted from 0." if zero else ""),
                       points=POINTS, details={"rows": len(rows), "epochs": n},
                       fix=("Store the epoch counted from 1, as history and the writer count it." if zero else ""))
    for i, r in enumerate(rows):
        problems = []
        if i < len(train) and not close(r.train_loss, train[i], rel=1e-6):
            problems.append(f"train_loss {r.train_loss} vs history's {train[i]}")
        if i < len(val) and not close(r.val_loss, val[i], rel=1e-6):
            problems.append(f"val_loss {r.val_loss} vs history's {val[i]}")
        if lrs[i] is not None and not close(r.learning_rate, lrs[i], rel=1e-6, abs_=1e-12):
            problems.append(f"learning_rate {r.learning_rate} vs {lrs[i]:g} used by the epoch's steps")
        if not r.created_at:
            problems.append("no created_at timestamp")
        if problems:
            return Verdict(False, f"The row for epoch {i + 1} disagrees with the run: " + "; ".join(problems) + ".",
                           points=POINTS, details={"epoch": i + 1})
    return Verdict(True, f"The table holds one committed row for each of the {n} epochs, matching history.")
