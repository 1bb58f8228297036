"""Training stops at the patience-th consecutive epoch without a strictly lower val loss."""
from grader.checks import CheckContext, Verdict
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.trace.read import epochs, expected_stop, history_per_epoch, last_improvement, observed_val_losses

ID = "early_stopping"
TITLE = "Early stopping fires exactly after `patience` epochs without improvement"
WHY = ("Stopping late wastes epochs and drifts past the best model; stopping early cuts training "
       "short; never stopping ignores the budget the patience sets.")
FIX = "Count epochs without a strictly lower val loss (reset to 0 on improvement) and break when the count reaches patience (>=, not >)."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})


def check(ctx: CheckContext) -> Verdict:
    notes = []
    for name in ctx.scenarios:
        run = ctx.runs[name]
        patience, budget = run.kwargs.get("patience"), run.epochs
        if not isinstance(patience, int) or patience < 1:
            return Verdict(False, f"Scenario '{name}' passed no usable patience ({patience!r}).")
        ran = len(epochs(run))
        own = history_per_epoch(run, "val_loss") or []
        observed = observed_val_losses(run)
        # the student's own val losses decide the stop if they are usable; the grader's otherwise
        series = [(own, "your history's val_loss")] if own and all(v is not None for v in own) else []
        series.append((observed, "the observed validation loss"))
        wanted = {expected_stop(s, patience, budget): (s, label) for s, label in reversed(series)}
        if ran in wanted:
            fired = ran < budget
            notes.append(f"'{name}': stopped at epoch {ran} as due" if fired
                         else f"'{name}': all {budget} epochs ran, no stop due")
            continue
        want = min(wanted)
        losses, label = wanted[want]
        if ran < want:
            best = last_improvement(losses, ran)
            why = (f"{label} last improved at epoch {best}, fewer than patience={patience} epochs before the "
                   f"stop" if best else f"no {patience} epochs without improvement had passed")
        elif want < budget:
            best = last_improvement(losses, want)
            value = losses[best - 1] if best else None
            shown = f" ({value:.4g})" if value is not None else ""
            why = (f"{label} last improved at epoch {best}{shown}, so with patience={patience} training "
                   f"should stop after epoch {want}")
        else:
            why = f"the stop never fires within the budget here (patience={patience}), so all {budget} epochs should run"
        off = " (one epoch late: `> patience` instead of `>= patience`?)" if ran == want + 1 else ""
        return Verdict(False, f"Scenario '{name}': {ran} epochs ran, but {why}{off}.",
                       details={"scenario": name, "ran": ran, "expected": want})
    return Verdict(True, "; ".join(notes) + ".")
