"""After train() returns, the model holds the weights of its best validation epoch."""
from grader.checks import CheckContext, Verdict
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD, NO_VALIDATION
from grader.trace.read import best_epochs, epoch_of_forward, history_per_epoch, observed_val_losses

ID = "best_checkpoint"
TITLE = "The model ends with its best epoch's weights"
WHY = ("model.state_dict() returns references to the live weights: keeping it without a copy (or "
       "with a shallow dict copy), or never loading it back, leaves the last epoch's weights in the model.")
FIX = "Snapshot with best_state = copy.deepcopy(model.state_dict()) when val loss improves, and call model.load_state_dict(best_state) before returning."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP, NO_VALIDATION})

EXACT = 1e-6


def check(ctx: CheckContext) -> Verdict:
    verdict = Verdict(False, "No scenario was run.")
    for name in ctx.scenarios:
        verdict = _judge(ctx.runs[name], name if len(ctx.scenarios) > 1 else None)
        if not verdict.passed:
            return verdict
    return verdict


def _fmt(v) -> str:
    return "?" if v is None else f"{v:.4g}"


def _judge(run, scenario: str | None) -> Verdict:
    tag = f" (scenario '{scenario}')" if scenario else ""
    weights = run.weights
    where = epoch_of_forward(run)
    snaps = [(where[f] if 0 <= f < len(where) else None, d)
             for f, d in zip(weights.snapshot_forwards, weights.final_distance)] if weights else []
    distance = {e: d for e, d in snaps if e is not None}
    if not distance:
        return Verdict(False, f"No epoch ended with a validation of the model passed in{tag}, so there was "
                              "no epoch's weights to compare the returned model with.")
    losses = observed_val_losses(run)
    # a loop whose own (mis)measured val losses pick another epoch still checkpoints correctly;
    # the measuring is weighted_average's business
    best = best_epochs(losses)
    own_best = best_epochs(history_per_epoch(run, "val_loss") or [])
    held = [e for e in best + own_best if distance.get(e, 1.0) <= EXACT]
    if held:
        return Verdict(True, f"The returned model holds epoch {held[0]}'s weights, the epoch with the lowest "
                             f"validation loss{tag}.")
    if not best and not own_best:
        return Verdict(False, f"No epoch's validation loss could be measured{tag}, so the best epoch is unknown.")
    b = (best or own_best)[0]
    matched = [e for e, d in distance.items() if d <= EXACT]
    last = max(distance)
    if matched:
        holds = f"epoch {matched[-1]}'s weights" + (" (the last epoch)" if matched[-1] == last else "")
    else:
        closest = min(distance, key=distance.get)
        holds = (f"weights that match no epoch's end (closest: epoch {closest}, max difference "
                 f"{distance[closest]:.3g})")
    other = matched[-1] if matched else last

    def loss_at(e):
        return losses[e - 1] if 0 < e <= len(losses) else None
    return Verdict(False,
        f"After train() returned, the model holds {holds}, but epoch {b} had the lowest validation "
        f"loss ({_fmt(loss_at(b))} vs {_fmt(loss_at(other))}){tag}.",
        details={"best_epoch": b, "held_epoch": matched[-1] if matched else None})
