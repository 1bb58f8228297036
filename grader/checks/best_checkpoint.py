"""After train() returns, the model holds the weights of its best validation epoch."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import assign, call, returns
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD, NO_VALIDATION
from grader.checks.wording import run_phrase
from grader.trace.read import best_epochs, epoch_of_forward, own_val_losses, verified_val_losses

ID = "best_checkpoint"
TITLE = "The model ends with its best epoch's weights"
WHY = ("model.state_dict() returns references to the live weights: keeping it without a copy (or "
       "with a shallow dict copy), or never loading it back, leaves the last epoch's weights in the model.")
FIX = "Snapshot with best_state = copy.deepcopy(model.state_dict()) when val loss improves, and call model.load_state_dict(best_state) before returning."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP, NO_VALIDATION})

EXACT = 1e-6
POINTS = [call("state_dict", "deepcopy", "clone", "copy", role="takes the snapshot"),
          call("load_state_dict", role="loads weights back"),
          assign("model", role="rebinds the name model"), returns(role="train() returns here")]


def check(ctx: CheckContext) -> Verdict:
    verdict = Verdict(False, "No scenario was run.")
    for name in ctx.scenarios:
        verdict = _judge(ctx.runs[name], len(ctx.scenarios) > 1)
        if not verdict.passed:
            return verdict
    return verdict


def _fmt(v) -> str:
    return "unknown" if v is None else f"{v:.4g}"


def _judge(run, several: bool) -> Verdict:
    where_run = run_phrase(run, several)
    weights = run.weights
    where = epoch_of_forward(run)
    snaps = [(where[f] if 0 <= f < len(where) else None, d)
             for f, d in zip(weights.snapshot_forwards, weights.final_distance)] if weights else []
    distance = {e: d for e, d in snaps if e is not None}
    if not distance:
        return Verdict(False, f"No epoch ended with a validation of the model passed in{where_run}, so there was "
                              "no epoch's weights to compare the returned model with.", points=POINTS)
    losses = verified_val_losses(run)
    # a loop whose own (mis)measured val losses pick another epoch still checkpoints correctly;
    # the measuring is weighted_average's business (own_val_losses: only figures the weights explain)
    best = best_epochs(losses)
    own_best = best_epochs(own_val_losses(run) or [])
    held = [e for e in best + own_best if distance.get(e, 1.0) <= EXACT]
    if held:
        return Verdict(True, f"The returned model holds epoch {held[0]}'s weights, the epoch with the lowest "
                             f"validation loss{where_run}.")
    if not best and not own_best:
        return Verdict(False, f"No epoch's validation loss could be measured{where_run}, so the best epoch is unknown.",
                       points=POINTS)
    b = (best or own_best)[0]
    matched = [e for e, d in distance.items() if d <= EXACT]
    last = max(distance)

    def loss_at(e):
        return losses[e - 1] if 0 < e <= len(losses) else None
    head = (f"After train() returned{where_run}, the model should hold the weights of epoch {b}, the epoch with the "
            f"lowest validation loss ({_fmt(loss_at(b))}). ")
    if matched and matched[-1] == last:
        text = (head + f"It holds the weights of epoch {last}, the last epoch run (validation loss "
                f"{_fmt(loss_at(last))}): the best weights never came back into the model. Either the snapshot "
                "shares its tensors with the model, so it kept changing after epoch "
                f"{b} (state_dict() without a deep copy: a dict copy, .copy(), .to()/.cpu() on the same device "
                "all share), or the snapshot was never loaded into the model passed in (no load_state_dict "
                "before returning, or `model = ...` rebinding only the local name). The trace shows the weights, "
                "not which of the two happened: the lines below are where the snapshot is taken and loaded.")
        fix = FIX
    elif matched:
        text = (head + f"It holds the weights of epoch {matched[-1]} (validation loss {_fmt(loss_at(matched[-1]))}): "
                "the snapshot loaded back was taken at another epoch than the best one.")
        fix = "Take the snapshot in the branch where the validation loss improves, and load that one before returning."
    else:
        closest = min(distance, key=distance.get)
        text = (head + f"It holds weights that match no epoch's end: the closest is epoch {closest}'s, with a "
                f"largest difference in one weight of {distance[closest]:.3g} (the returned weights were changed "
                "after the last validation, or the snapshot is not what the model held).")
        fix = FIX
    return Verdict(False, text, points=POINTS, fix=fix,
                   details={"best_epoch": b, "held_epoch": matched[-1] if matched else None})
