"""After train() returns, the model holds the weights of its best validation epoch."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import best_epochs, epoch_of_forward, history_values, observed_val_losses

ID = "best_checkpoint"
TITLE = "The model ends with its best epoch's weights"
WHY = ("model.state_dict() returns references to the live weights: keeping it without a copy (or "
       "with a shallow dict copy), or never loading it back, leaves the last epoch's weights in the model.")
FIX = "Snapshot with best_state = copy.deepcopy(model.state_dict()) when val loss improves, and call model.load_state_dict(best_state) before returning."

EXACT = 1e-6


def check(ctx: CheckContext) -> Verdict:
    for name in ctx.scenarios:
        verdict = _judge(ctx.runs[name], name if len(ctx.scenarios) > 1 else None)
        if not verdict.passed:
            return verdict
    return verdict


def _judge(run: dict, scenario: str | None) -> Verdict:
    tag = f" (scenario '{scenario}')" if scenario else ""
    weights = run.get("weights")
    if not weights or not weights["snapshot_forwards"]:
        return Verdict(False, f"No epoch with training and validation was observed{tag}.")
    losses = observed_val_losses(run)
    best = best_epochs(losses)
    # a loop whose own (mis)measured val losses pick another epoch still checkpoints correctly;
    # the measuring is weighted_average's business
    own_best = best_epochs(history_values(run, "val_loss") or [])
    where = epoch_of_forward(run)
    epoch_of_snapshot = [where[f] for f in weights["snapshot_forwards"]]
    distance = {e: d for e, d in zip(epoch_of_snapshot, weights["final_distance"]) if e is not None}
    held = [e for e in best + own_best if distance.get(e, 1.0) <= EXACT]
    if held:
        return Verdict(True, f"The returned model holds epoch {held[0]}'s weights, the epoch with the lowest "
                             f"validation loss{tag}.")
    matched = [e for e, d in distance.items() if d <= EXACT]
    last = max(distance) if distance else None
    b = best[0]
    if matched:
        holds = f"epoch {matched[-1]}'s weights" + (" (the last epoch)" if matched[-1] == last else "")
    else:
        closest = min(distance, key=distance.get)
        holds = (f"weights that match no epoch's end (closest: epoch {closest}, max difference "
                 f"{distance[closest]:.3g})")
    return Verdict(False,
        f"After train() returned, the model holds {holds}, but epoch {b} had the lowest validation "
        f"loss ({losses[b - 1]:.4g} vs {losses[(matched[-1] if matched else last) - 1]:.4g}){tag}.",
        details={"best_epoch": b, "held_epoch": matched[-1] if matched else None})
