"""Reported losses are per-sample averages over the whole epoch, of the losses the student's
own loss calls returned (so a mistake in what is fed to the loss is charged elsewhere)."""
import math

from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import history
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.trace.read import (close, epochs, epochs_label, forward_indices, history_values, mean_loss,
                               mean_student_loss, student_losses, sweep_forwards, train_forwards)

ID = "weighted_average"
TITLE = "Epoch losses are per-sample averages"
WHY = ("loss.item() is already a batch mean; averaging batch means over-weights the smaller last "
       "batch, so the epoch loss is biased and not comparable across batch sizes.")
FIX = "Accumulate loss.item() * batch_size and divide by the number of samples (len(loader.dataset))."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})

LOADER = {"train_loss": "train_loader", "val_loss": "val_loader"}


def _candidates(run, groups, weighted: bool) -> list[float]:
    """Per-sample (or per-batch) means of each group: of the student's loss values and of the
    grader's recomputed ones (a loop that computes its loss its own way still averages)."""
    out = []
    for g in groups:
        for v in (mean_student_loss(run, forward_indices(run, g), weighted), mean_loss(g, weighted)):
            if v is not None:
                out.append(v)
    return out


def _batches(run, group) -> list[tuple[float, int]]:
    """(batch mean loss, batch size) of each batch of a group: the student's values where known."""
    own = student_losses(run)
    return [(own.get(i, f.loss), f.n) for i, f in zip(forward_indices(run, group), group)]


def _how(run, key: str, value: float, group) -> tuple[str, str]:
    """(what the reported value is, the fix) for one wrong epoch loss, from its batches."""
    batches = [(v, n) for v, n in _batches(run, group) if v is not None]
    if len(batches) != len(group) or not batches:
        return "matches neither the per-sample nor the per-batch mean", FIX
    sizes = [n for _, n in batches]
    total, full, count = sum(sizes), max(sizes), len(batches)
    loader = LOADER.get(key, "loader")
    shape = (f"{count} batches: {count - 1} of {full} samples each and a last one of {sizes[-1]}"
             if sizes[-1] != full else f"{count} batches of {full} samples")
    if close(value, sum(v for v, _ in batches) / count):
        return (f"equals the plain mean of the {shape}, each batch counted the same",
                f"Accumulate loss.item() * len(x) over the batches and divide by len({loader}.dataset), "
                f"not by len({loader}).")
    if close(value, sum(v * n for v, n in batches) / count):
        return (f"equals the sum of batch loss x batch size divided by {count}, the number of batches "
                f"({shape}): the division is by batches, not samples",
                f"Divide the sum by len({loader}.dataset) ({total}), not by len({loader}) ({count}).")
    if close(value, sum(v for v, _ in batches) / total):
        return (f"equals the sum of the {count} batch-mean losses divided by the {total} samples: each batch's "
                "loss is already a mean, so it needs multiplying by its batch size before the sum",
                "Add loss.item() * len(x) per batch (or use reduction='sum' for the running total), then "
                f"divide by len({loader}.dataset).")
    if close(value, sum(v * full for v, _ in batches) / total):
        return (f"equals every batch weighted by {full}, the loader's batch_size, but the last batch holds "
                f"{sizes[-1]} samples",
                f"Weight each batch by its own size, len(x) or x.size(0), not by {loader}.batch_size.")
    if close(value, batches[-1][0]):
        return (f"equals the loss of the last batch alone ({sizes[-1]} samples): it is overwritten each batch "
                "instead of added up", f"Add up loss.item() * len(x) over all batches, then divide by "
                f"len({loader}.dataset).")
    return "matches neither the per-sample nor the per-batch mean of the batch losses", FIX


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
            wrong.append((key, e.number, value, expected[0], batch_mean, groups[0]))
    if not compared and diverged:
        return not_judged(f"the losses were not finite (NaN or inf) from epoch {min(diverged)} on, so how they "
                          "were averaged cannot be seen")
    if not compared:
        return Verdict(False, "No epoch's batch losses covered the whole training or validation set, so the "
                              "reported epoch losses could not be compared.")
    if wrong:
        key, number, got, want, is_batch_mean, group = wrong[0]
        how, fix = ("is not a number", FIX) if got is None else _how(run, key, got, group)
        shown = "None" if got is None else f"{got:.6g}"
        keys = sorted({w[0] for w in wrong})
        return Verdict(False,
            f"{len(wrong)} of {compared} epoch losses ({', '.join(keys)}; "
            f"{epochs_label(sorted({w[1] for w in wrong}))}) are not the per-sample average. Epoch {number}: "
            f"your history[{key!r}] is {shown}; the per-sample mean of the losses your loss calls returned that "
            f"epoch is {want:.6g}. Your value {how}.",
            points=[history(key)], fix=fix,
            details={"mismatches": len(wrong), "compared": compared, "batch_mean": is_batch_mean})
    return Verdict(True, f"All {compared} epoch losses equal the per-sample average of the epoch's batch losses.")
