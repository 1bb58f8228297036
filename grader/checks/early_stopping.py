"""Training stops at the patience-th consecutive epoch without a strictly lower val loss."""
import math

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import compare
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.checks.wording import run_phrase
from grader.trace.read import epochs, expected_stop, last_improvement, own_val_losses, verified_val_losses

ID = "early_stopping"
TITLE = "Early stopping fires exactly after `patience` epochs without improvement"
WHY = ("Stopping late wastes epochs and drifts past the best model; stopping early cuts training "
       "short; never stopping ignores the budget the patience sets.")
FIX = "Count epochs without a strictly lower val loss (reset to 0 on improvement) and break when the count reaches patience (>=, not >)."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})
POINTS = [compare("patience", role="decides the stop")]


def _cumulative_stop(losses: list, patience: int, budget: int) -> int:
    """Where a loop stops whose count of epochs without improvement is never reset."""
    best, bad = math.inf, 0
    for i, v in enumerate(losses[:budget]):
        if v is not None and v < best:
            best = v
        else:
            bad += 1
        if bad >= patience:
            return i + 1
    return budget


def check(ctx: CheckContext) -> Verdict:
    notes = []
    several = len(ctx.scenarios) > 1
    for name in ctx.scenarios:
        run = ctx.runs[name]
        where = run_phrase(run, several)
        patience, budget = run.kwargs.get("patience"), run.epochs
        if not isinstance(patience, int) or patience < 1:
            return Verdict(False, f"The grader's run{where} passed no usable patience ({patience!r}).")
        ran = len(epochs(run))
        # the parent's figures from each epoch's weights; the student's own only where they are
        # that figure or measure what the parent cannot reproduce (grader.trace.read.own_val_losses)
        own = own_val_losses(run) or []
        observed = verified_val_losses(run)
        # the student's own val losses decide the stop if they are usable; the grader's otherwise
        series = [(own, "your history's val_loss")] if own and all(v is not None for v in own) else []
        series.append((observed, "the observed validation loss"))
        wanted = {expected_stop(s, patience, budget): (s, label) for s, label in reversed(series)}
        if ran in wanted:
            fired = ran < budget
            notes.append(f"stopped at epoch {ran} as due{where}" if fired
                         else f"all {budget} epochs ran, no stop due{where}")
            continue
        want = min(wanted)
        losses, label = wanted[want]
        best = last_improvement(losses, min(ran, want))
        value = losses[best - 1] if best else None
        improved = (f"{label} last improved at epoch {best} ({value:.4g})" if best and value is not None
                    else f"{label} never improved")
        head = f"Training ran {ran} of {budget} epochs{where or f' (patience={patience})'}. "
        if ran < want:
            if _cumulative_stop(losses, patience, budget) == ran:
                since = ran - (last_improvement(losses, ran) or 0)
                text = (head + f"It stopped after epoch {ran}, when {improved}, only {since} epoch(s) earlier: the "
                        f"{patience} epochs without improvement it counted were not in a row. The count is not "
                        "reset to 0 when the validation loss improves.")
                fix = "Set the counter back to 0 in the branch where the validation loss improves."
            else:
                due = (f"epoch {want} is where the stop is due" if want < budget else
                       f"the stop is never due here, so all {budget} epochs should run")
                text = (head + f"It stopped after epoch {ran}, when {improved}: fewer than patience={patience} "
                        f"epochs without improvement had passed; {due}.")
                fix = FIX
        elif ran == want + 1 or (ran > want and ran == expected_stop(losses, patience + 1, budget)):
            late = (f"it stopped one epoch later, at {ran}" if ran == want + 1 else
                    f"it ran on to epoch {ran}, exactly where a stop after {patience + 1} epochs without "
                    "improvement falls (the loss improved again in between)")
            text = (head + f"{improved[0].upper() + improved[1:]}, so the {patience}th epoch in a row without "
                    f"improvement was epoch {want}, where training should stop; {late}: the stop waits for "
                    f"patience + 1 epochs, as `> patience` does (or a count that starts one short).")
            fix = "Stop when the count of epochs without improvement reaches patience: `>= patience`, not `> patience`."
        elif ran >= budget and want < budget:
            text = (head + f"{improved[0].upper() + improved[1:]}; after that {ran - best if best else ran} epochs "
                    f"passed without improvement, more than patience={patience}, and training never stopped: the "
                    f"stop was due after epoch {want}. Either the count of epochs without improvement is reset "
                    "every epoch or the stop's condition is never true; the trace cannot tell which, only that "
                    "the loop never broke.")
            fix = ("Set the counter to 0 once before the epoch loop, add 1 in each epoch without improvement, reset "
                   "it only when the loss improves, and break when it reaches patience.")
        elif want < budget:
            text = (head + f"{improved[0].upper() + improved[1:]}, so with patience={patience} training should stop "
                    f"after epoch {want}; it went on {ran - want} epochs longer.")
            fix = FIX
        else:
            text = (head + f"The stop is never due within the {budget} epochs here (patience={patience}), so all "
                    f"{budget} epochs should run; training stopped after epoch {ran}.")
            fix = FIX
        return Verdict(False, text, points=POINTS, fix=fix, details={"scenario": name, "ran": ran, "expected": want})
    return Verdict(True, "; ".join(n[0].upper() + n[1:] for n in notes) + ".")
