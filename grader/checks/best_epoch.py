"""history['best_epoch'] is the 1-based epoch of the lowest validation loss."""
from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.root_cause import NO_TRAINING_FORWARD, NO_VALIDATION
from grader.trace.read import best_epochs, history_per_epoch, history_scalar, observed_val_losses

ID = "best_epoch"
TITLE = "best_epoch names the epoch with the lowest validation loss"
WHY = "best_epoch tells which weights were kept; an off-by-one or a stale value points at the wrong model."
FIX = "When val loss improves, set best_epoch = epoch with epochs counted from 1 (range(1, epochs + 1))."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_VALIDATION})


def check(ctx: CheckContext) -> Verdict:
    verdict = Verdict(False, "No scenario was run.")
    for name in ctx.scenarios:
        verdict = _judge(ctx.runs[name])
        if not verdict.passed:
            return verdict
    return verdict


def _judge(run) -> Verdict:
    got = history_scalar(run, "best_epoch")
    if got is None:
        return not_judged("history has no numeric 'best_epoch' (the contract check charges it)")
    own = history_per_epoch(run, "val_loss") or []
    candidates = set(best_epochs(observed_val_losses(run))) | set(best_epochs(own))
    if not candidates:
        return Verdict(False, "No validation losses were observed to find the best epoch from.")
    if got in candidates:
        return Verdict(True, f"best_epoch = {got:g}, the epoch with the lowest validation loss.")
    want = min(candidates)
    hint = " It looks 0-based: epochs are counted from 1." if got == want - 1 else ""
    return Verdict(False, f"best_epoch = {got:g}, but the lowest validation loss was at epoch {want}.{hint}",
                   details={"got": got, "expected": sorted(candidates)})
