"""train() exists, accepts the contract's arguments and returns the history it promises."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epochs

ID = "contract"
TITLE = "train() follows the contract: signature, history keys, one float per epoch"
WHY = "The grader, the student's own plots and any code that reuses train() rely on this shape."
FIX = "Define train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device=\"cpu\", ...) and return the history dict the statement lists."


def check(ctx: CheckContext) -> Verdict:
    if not ctx.load.get("train_found"):
        return Verdict(False, "No function named `train` was defined by the submission.")
    problems = []
    for name in ctx.scenarios:
        problems += _problems(ctx, ctx.runs[name])
    if problems:
        return Verdict(False, "; ".join(problems[:4]), details={"problems": problems})
    ran = ", ".join(f"{len(epochs(ctx.runs[n]))} epochs" for n in ctx.scenarios)
    return Verdict(True, f"train() returned every expected key with one number per epoch run ({ran}).")


def _problems(ctx, run) -> list[str]:
    if run["status"] == "signature":
        return [f"train() cannot be called as the contract calls it: {run['error']['message']}"]
    hist = run.get("history") or {}
    if hist.get("type") != "dict":
        return [f"train() returned {hist.get('type', 'nothing')}, not a history dict"]
    keys = hist["keys"]
    n_epochs = len(epochs(run))
    problems = []
    missing = [k for k in ctx.exercise.history_keys if k not in keys]
    if missing:
        problems.append(f"history lacks {', '.join(repr(k) for k in missing)} (it has {', '.join(map(repr, keys)) or 'no keys'})")
    for key in ctx.exercise.history_keys:
        entry = keys.get(key)
        if not entry:
            continue
        if key == "best_epoch":
            item = entry["item"] if entry["container"] == "scalar" else (entry["items"][-1] if entry["items"] else {})
            v = item.get("value")
            if v is None or v != int(v):
                problems.append(f"history['best_epoch'] should be an int epoch number, got {item.get('kind')}")
            continue
        if entry["container"] == "scalar":
            problems.append(f"history[{key!r}] should be a list with one value per epoch, got a single {entry['item']['kind']}")
            continue
        if len(entry["items"]) != n_epochs:
            problems.append(f"history[{key!r}] has {len(entry['items'])} entries but {n_epochs} epochs ran")
        if any(item.get("value") is None for item in entry["items"]):
            bad = next(item["kind"] for item in entry["items"] if item.get("value") is None)
            problems.append(f"history[{key!r}] holds {bad} values, not numbers")
    return problems
