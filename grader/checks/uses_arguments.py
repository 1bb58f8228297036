"""train() trains the model, optimizer, loss and loaders it is given."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epochs

ID = "uses_arguments"
TITLE = "train() uses the model, optimizer, loss and loaders passed in"
WHY = ("A train() that reaches for notebook globals (or builds its own optimizer) trains something "
       "else than its caller's model: it only works in the notebook it was written in.")
FIX = "Use only the parameters: model, train_loader, val_loader, loss_fn, optimizer; never a global of the same role."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    passes = run.get("passes", [])
    problems = []
    forwards = [run["forwards"][i] for e in epochs(run) for i in e.train]
    if not any(p["role"] == "train" for p in passes):
        problems.append("the train_loader passed in was never iterated")
    if not any(p["role"] == "val" for p in passes):
        problems.append("the val_loader passed in was never iterated")
    if not forwards:
        problems.append("the model passed in never saw a training batch")
    if not run.get("steps"):
        changed = (run.get("weights") or {}).get("initial_distance", 0) > 0
        problems.append("the optimizer passed in never stepped" + (" (the model was updated by another optimizer)" if changed else ""))
    if run.get("given_loss_calls", 0) == 0:
        others = sorted({c["fn"] for c in run.get("loss_calls", [])})
        problems.append("the loss_fn passed in was never called" + (f" (another loss was: {', '.join(others)})" if others else ""))
    weights = run.get("weights") or {}
    if not problems and weights.get("initial_distance", 1) == 0 and not weights.get("snapshot_gaps"):
        problems.append("the model's weights never changed")
    if problems:
        return Verdict(False, "; ".join(problems).capitalize() + ".", details={"problems": problems})
    return Verdict(True, f"The given model was trained by the given optimizer on the given loaders "
                         f"({len(epochs(run))} epochs, {len(run['steps'])} steps, {run['given_loss_calls']} loss calls).")
