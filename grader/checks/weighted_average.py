"""Reported losses are per-sample averages over the whole epoch, of the losses the student's
own loss calls returned (so a mistake in what is fed to the loss is charged elsewhere)."""
import math

from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.trace.read import (close, epochs, forward_indices, history_values, mean_loss, mean_student_loss,
                               sweep_forwards, train_forwards)

ID = "weighted_average"
TITLE = "Epoch losses are per-sample averages"
WHY = ("loss.item() is already a batch mean; averaging batch means over-weights the smaller last "
       "batch, so the epoch loss is biased and not comparable across batch sizes.")
FIX = "Accumulate loss.item() * batch_size and divide by the number of samples (len(loader.dataset))."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})


def _candidates(run, groups, weighted: bool) -> list[float]:
    """Per-sample (or per-batch) means of each group: of the student's loss values and of the
    grader's recomputed ones (a loop that computes its loss its own way still averages)."""
    out = []
    for g in groups:
        for v in (mean_student_loss(run, forward_indices(run, g), weighted), mean_loss(g, weighted)):
            if v is not None:
                out.append(v)
    return out


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    compared, wrong, diverged = 0, [], []
    for key, role in (("train_loss", "train"), ("val_loss", "val")):
        reported = history_values(run, key)
        if reported is None:
            return not_judged(f"history has no list {key!r} to compare (the contract check charges it)")
        if len(reported) != len(epochs(run)):
            return not_judged(f"history[{key!r}] has {len(reported)} entries for {len(epochs(run))} epochs, so they "
                              "cannot be matched to epochs (the contract check charges it)")
        for e, value in zip(epochs(run), reported):
            groups = [train_forwards(run, e)] if role == "train" else [sweep_forwards(run, g) for g in e.val_groups]
            groups = [g for g in groups if g]
            expected = _candidates(run, groups, weighted=True)
            if not expected:
                continue
            if not any(math.isfinite(v) for v in expected):
                diverged.append(e.number)   # NaN/inf losses: how they were averaged cannot show
                continue
            compared += 1
            if any(close(value, v) for v in expected):
                continue
            batch_mean = any(close(value, v) for v in _candidates(run, groups, weighted=False))
            wrong.append((key, e.number, value, expected[0], batch_mean))
    if not compared and diverged:
        return not_judged(f"the losses were not finite (NaN or inf) from epoch {min(diverged)} on, so how they "
                          "were averaged cannot be seen")
    if not compared:
        return Verdict(False, "No epoch's batch losses covered the whole training or validation set, so the "
                              "reported epoch losses could not be compared.")
    if wrong:
        key, number, got, want, is_batch_mean = wrong[0]
        how = ("equals the plain mean of the batch losses" if is_batch_mean
               else "matches neither the per-sample nor the per-batch mean")
        shown = "None" if got is None else f"{got:.6g}"
        return Verdict(False,
            f"{len(wrong)} of {compared} epoch losses differ from the per-sample average: e.g. "
            f"{key} at epoch {number} is {shown}, but the per-sample mean of the losses your loss calls "
            f"returned that epoch is {want:.6g}; the reported value {how}.",
            details={"mismatches": len(wrong), "compared": compared, "batch_mean": is_batch_mean})
    return Verdict(True, f"All {compared} epoch losses equal the per-sample average of the epoch's batch losses.")
