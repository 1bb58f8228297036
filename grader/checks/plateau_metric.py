"""ReduceLROnPlateau is stepped once per epoch with that epoch's validation loss."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.trace.read import close, epochs, epochs_label, first_lines, mean_loss, sweep_forwards, train_forwards

ID = "plateau_metric"
TITLE = "ReduceLROnPlateau gets the epoch's validation loss, once per epoch"
WHY = ("ReduceLROnPlateau lowers the learning rate when the number it is given stops improving. Fed the "
       "training loss (which keeps falling while the model overfits) or one batch's loss (noise), it "
       "reacts to the wrong signal; stepped more than once per epoch, its patience runs out early.")
FIX = "After validation, call scheduler.step(val_loss) once per epoch with the epoch's validation loss."
NEEDS = frozenset()

REL = 1e-4   # the student's .item() sums and the grader's recomputation agree far better


def _name(value: float, train: float | None, batch_means: list[float]) -> str:
    """What a wrong metric most likely was, for the report."""
    if train is not None and close(value, train, rel=REL):
        return "the epoch's training loss"
    if any(close(value, b, rel=REL) for b in batch_means):
        return "one validation batch's loss"
    return "neither the validation nor the training loss"


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    if prod is None or prod.scheduler is None:
        return Verdict(False, "The scheduler's step() calls were not observed on this run, so what it was fed "
                              "could not be judged.")
    eps = epochs(run)
    if not eps:
        return Verdict(False, "No training epoch was observed, so the scheduler's calls could not be judged.")
    judged, bad, first = 0, [], None
    for e in eps:
        calls = [c for c in prod.scheduler_calls if c.train_pass == e.train_pass]
        if not e.val_groups:
            continue   # no full validation sweep: the validation loss itself is not measurable
        val = sweep_forwards(run, e.val_groups[0])
        per_sample, batch_mean = mean_loss(val), mean_loss(val, weighted=False)
        judged += 1
        ok = (len(calls) == 1 and calls[0].metric is not None
              and (close(calls[0].metric, per_sample, rel=REL) or close(calls[0].metric, batch_mean, rel=REL)))
        if ok:
            continue
        bad.append(e.number)
        if first is None:
            if len(calls) != 1:
                first = (f"In epoch {e.number} scheduler.step() was called {len(calls)} times "
                         "(once per epoch, after validation, is the rule).", calls)
            elif calls[0].metric is None:
                first = (f"In epoch {e.number} scheduler.step() got no number it could read "
                         f"({calls[0].metric_kind}).", calls)
            else:
                got = calls[0].metric
                what = _name(got, mean_loss(train_forwards(run, e)), [f.loss for f in val if f.loss is not None])
                first = (f"In epoch {e.number} scheduler.step() got {got:.6g}, {what}; the epoch's validation "
                         f"loss was {per_sample:.6g}.", calls)
    if not judged:
        return Verdict(False, "No epoch had a full validation sweep to compare the scheduler's metric with.")
    if bad:
        text, calls = first
        return Verdict(False, f"{text} Affected: {epochs_label(bad)}.", lines=first_lines(calls),
                       details={"bad_epochs": bad})
    return Verdict(True, f"In each of {judged} epochs ReduceLROnPlateau was stepped once with that epoch's "
                         "validation loss.")
