"""Reported losses are per-sample averages over the whole epoch."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import close, epochs, history_values, mean_loss, sweep_forwards, train_forwards

ID = "weighted_average"
TITLE = "Epoch losses are per-sample averages"
WHY = ("loss.item() is already a batch mean; averaging batch means over-weights the smaller last "
       "batch, so the epoch loss is biased and not comparable across batch sizes.")
FIX = "Accumulate loss.item() * batch_size and divide by the number of samples (len(loader.dataset))."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    compared, wrong = 0, []
    for key, role in (("train_loss", "train"), ("val_loss", "val")):
        reported = history_values(run, key)
        if reported is None:
            return Verdict(False, f"history has no list {key!r} to compare.")
        for e, value in zip(epochs(run), reported):
            groups = [train_forwards(run, e)] if role == "train" else [sweep_forwards(run, g) for g in e.val_groups]
            expected = [mean_loss(g) for g in groups]
            if not any(v is not None for v in expected):
                continue
            compared += 1
            if any(close(value, v) for v in expected):
                continue
            batch_means = [mean_loss(g, weighted=False) for g in groups]
            wrong.append((key, e.number, value, expected[0], any(close(value, v) for v in batch_means)))
    if not compared:
        return Verdict(False, "No epoch loss could be compared with what the model computed.")
    if wrong:
        key, number, got, want, is_batch_mean = wrong[0]
        how = ("equals the plain mean of the batch losses" if is_batch_mean
               else "matches neither the per-sample nor the per-batch mean")
        shown = "None" if got is None else f"{got:.6g}"
        return Verdict(False,
            f"{len(wrong)} of {compared} epoch losses differ from the per-sample average: e.g. "
            f"{key} at epoch {number} is {shown}, but the per-sample mean of that epoch's losses is "
            f"{want:.6g}; the reported value {how}.",
            details={"mismatches": len(wrong), "compared": compared, "batch_mean": is_batch_mean})
    return Verdict(True, f"All {compared} epoch losses equal the per-sample average of the epoch's batch losses.")
