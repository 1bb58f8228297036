"""Training stops at the patience-th consecutive epoch without a strictly lower val loss."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epochs, expected_stop, history_values, observed_val_losses

ID = "early_stopping"
TITLE = "Early stopping fires exactly after `patience` epochs without improvement"
WHY = ("Stopping late wastes epochs and drifts past the best model; stopping early cuts training "
       "short; never stopping ignores the budget the patience sets.")
FIX = "Count epochs without a strictly lower val loss (reset to 0 on improvement) and break when the count reaches patience (>=, not >)."


def check(ctx: CheckContext) -> Verdict:
    notes = []
    for name in ctx.scenarios:
        run = ctx.runs[name]
        patience, budget = run["kwargs"].get("patience"), run["epochs"]
        ran = len(epochs(run))
        own = history_values(run, "val_loss") or []
        observed = observed_val_losses(run)
        wanted = {expected_stop(observed, patience, budget)}
        if own:
            wanted.add(expected_stop(own, patience, budget))
        want = min(wanted)
        fired = want < budget
        if ran not in wanted:
            if fired:
                best = min(range(want), key=lambda i: observed[i] if observed[i] is not None else float("inf"))
                why = (f"the last improvement was at epoch {best + 1} (val loss {observed[best]:.4g}), so with "
                       f"patience={patience} training should stop after epoch {want}")
            else:
                why = f"the stop never fires within the budget here (patience={patience}), so all {budget} epochs should run"
            off = " (one epoch late: `> patience` instead of `>= patience`?)" if ran == want + 1 else ""
            return Verdict(False, f"Scenario '{name}': {ran} epochs ran, but {why}{off}.",
                           details={"scenario": name, "ran": ran, "expected": want})
        notes.append(f"'{name}': stopped at epoch {ran} as due" if fired else f"'{name}': all {budget} epochs ran, no stop due")
    return Verdict(True, "; ".join(notes) + ".")
