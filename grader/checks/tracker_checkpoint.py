"""The best epoch's row names a checkpoint that loads into the model and holds that epoch's weights,
and no later row names another file (each row records the best checkpoint so far)."""
from __future__ import annotations

from pathlib import PurePath

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call

POINTS = [call("save", role="saves a checkpoint"), call("execute", "executemany", role="records the row")]
from grader.trace.read import best_epochs, history_values

ID = "tracker_checkpoint"
TITLE = "The best epoch's row names a checkpoint file holding the weights that epoch ended with"
WHY = ("A tracked run is only useful for rollback if the checkpoint next to the best metrics is the model "
       "that produced them (seed 002: 'the checkpoint path belongs in the same record as the metrics that "
       "justified keeping it').")
FIX = ("When the validation loss improves, torch.save(model.state_dict(), os.path.join(checkpoint_dir, "
       "f'epoch_{epoch}.pt')) after validation, and record that path in the epoch's row.")
NEEDS = frozenset()


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    if prod is None or prod.tracker_rows is None:
        return Verdict(False, "The tracker's table could not be read after train() returned.")
    losses = history_values(run, "val_loss") or []
    best = best_epochs(losses)
    if not best:
        return Verdict(False, "history holds no validation losses to find the best epoch by.")
    epoch = best[0]
    row = next((r for r in prod.tracker_rows if r.epoch_number == float(epoch)), None)
    if row is None:
        return Verdict(False, f"The table has no row for the best epoch ({epoch}), so no checkpoint is recorded for it.")
    if row.checkpoint == "none":
        return Verdict(False, f"The row for the best epoch ({epoch}) records no checkpoint path.")
    # the file's name only: the folder is a fresh temporary one per run
    name = PurePath(row.checkpoint_path or "").name
    if row.checkpoint != "loaded":
        return Verdict(False, f"The best epoch's ({epoch}) checkpoint '{name}' is {row.checkpoint} "
                              "(torch.load(path, weights_only=True) must give a state_dict of the model, or a general "
                              "checkpoint dict holding one).")
    if row.checkpoint_distance is None:
        return Verdict(False, f"The best epoch's ({epoch}) checkpoint loads, but the weights that epoch ended with were "
                              "not observed, so it could not be compared with them.")
    if row.checkpoint_distance > 0:
        named = [r for r in prod.tracker_rows if r.checkpoint_path and PurePath(r.checkpoint_path).name == name]
        head = (f"The best epoch's ({epoch}) checkpoint '{name}' loads but holds other weights than epoch {epoch} "
                f"ended with (the largest difference in one weight: {row.checkpoint_distance:.3g}).")
        if len(named) > 1 and len(named) == sum(1 for r in prod.tracker_rows if r.checkpoint_path):
            text = (head + f" All {len(named)} rows name the same file '{name}': it is written again every epoch, so "
                    "it holds the last epoch's weights, not the best one's.")
            fix = ("Save each improvement under its own name (f'epoch_{epoch}.pt') only when the validation loss "
                   "improves, and record that path.")
        else:
            text = (head + f" No other row names '{name}', so no later epoch's row claims it: the file was written "
                    f"at another moment than the end of epoch {epoch} (before that epoch's training, or again "
                    "later under the same name).")
            fix = ("torch.save the weights after the epoch's training and validation, when the validation loss "
                   "has improved, and do not write that path again.")
        return Verdict(False, text, points=POINTS, fix=fix, details={"distance": row.checkpoint_distance})
    # After the best epoch the best checkpoint so far is that epoch's, so every later row names the
    # same file. Rows before it are not judged (a loop may delete superseded checkpoints), nor a row
    # that records no path (it claims no file); a later row naming another file points a rollback at
    # weights that are not the best (or at a file never written).
    for later in prod.tracker_rows:
        if later.epoch_number is None or later.epoch_number <= epoch or not later.checkpoint_path:
            continue
        other = PurePath(later.checkpoint_path).name
        if other != name:
            where = " (no such file was written)" if later.checkpoint == "missing" else ""
            return Verdict(False, f"The row for epoch {later.epoch_number:g} names '{other}'{where}, but the best "
                                  f"checkpoint so far was epoch {epoch}'s '{name}': each row records the path of the "
                                  "best checkpoint so far, not the epoch's own.", points=POINTS,
                           fix="Keep the best checkpoint's path in a variable set where it is saved, and record that.")
    return Verdict(True, f"The best epoch's ({epoch}) row names '{name}', which loads into the model "
                         "and holds exactly that epoch's weights; no later row names another file.")
