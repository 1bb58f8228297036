"""train() exists, accepts the contract's arguments and returns the history it promises."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import Pointer, history, loop, returns
from grader.checks.wording import run_phrase
from grader.trace.read import epochs

ID = "contract"
TITLE = "train() follows the contract: signature, history keys, one float per epoch"
WHY = "The grader, the student's own plots and any code that reuses train() rely on this shape."
FIX = "Define train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device=\"cpu\", ...) and return the history dict the statement lists."

NUMBER_KINDS = {"float", "int"}
# numpy scalars json cannot write (numpy.float64 is a float subclass, so it can): a history holding
# them breaks json.dumps(history) however right the numbers are
JSON_UNSAFE = {"float32", "float16", "int64", "int32", "int16", "int8", "uint64", "uint32", "uint16",
               "uint8", "bool_"}


def check(ctx: CheckContext) -> Verdict:
    if not ctx.load.train_found:
        return Verdict(False, "No function named `train` was defined by the submission.",
                       points=[Pointer("def", (), "a function the submission defines (none is named train)")])
    problems = []
    for name in ctx.scenarios:
        problems += _problems(ctx, ctx.runs[name])
    problems += [p for name in ctx.scenarios if (p := epochs_run_problem(ctx.runs[name], name, len(ctx.scenarios) > 1))]
    if problems:
        text = "; ".join(problems[:4])
        # the lines that build what the problems name: the history keys they mention, the epoch loop,
        # the return (or the def, for a signature)
        named = [k for k in ctx.exercise.history_keys if f"[{k!r}]" in text or f"'{k}'" in text]
        points = ([Pointer("def", ("train",), "train()'s signature")] if "cannot be called" in text else []) + \
            [history(*named[:1])] * bool(named) + [loop("epochs", role="the epoch loop"),
                                                   returns(role="what train() returns")]
        return Verdict(False, text, points=points, details={"problems": problems})
    ran = ", ".join(f"{len(epochs(ctx.runs[n]))} epochs" for n in ctx.scenarios)
    return Verdict(True, f"train() returned every expected key with one number per epoch run ({ran}).")


def _problems(ctx, run) -> list[str]:
    if run.status == "signature":
        message = run.error.message if run.error else "its signature does not fit"
        return [f"train() cannot be called as the contract calls it: {message}"]
    hist = run.history
    if hist is None or hist.type != "dict" or hist.keys is None:
        return [f"train() returned {hist.type if hist else 'nothing'}, not a history dict"]
    keys = hist.keys
    # the length of the per-epoch lists is only judged where epochs could be told apart
    n_epochs = len(epochs(run)) or None
    problems = []
    missing = [k for k in ctx.exercise.history_keys if k not in keys]
    if missing:
        problems.append(f"history lacks {', '.join(repr(k) for k in missing)} (it has {', '.join(map(repr, keys)) or 'no keys'})")
    for key in ctx.exercise.history_keys:
        entry = keys.get(key)
        if not entry:
            continue
        if key == "best_epoch":
            item = entry.items[-1] if entry.items else None
            if item is None or item.kind != "int":
                kind = item.kind if item else "nothing"
                plain = " (json.dumps(history) fails on it: convert with int(...))" if kind not in ("int", "nothing", "float") else ""
                problems.append(f"history['best_epoch'] should be a plain int epoch number, got {kind}{plain}")
            continue
        if entry.container == "scalar":
            problems.append(f"history[{key!r}] should be a list with one value per epoch, got a single {entry.items[0].kind if entry.items else 'value'}")
            continue
        if n_epochs is not None and len(entry.items) != n_epochs:
            per = len(entry.items) // n_epochs
            inside = (f" ({per} per epoch: it is appended inside the batch loop, once per batch)"
                      if per > 1 and per * n_epochs == len(entry.items) else "")
            problems.append(f"history[{key!r}] has {len(entry.items)} entries but {n_epochs} epochs ran{inside}")
        bad = next((item.kind for item in entry.items if item.value is None), None)
        if bad is not None:
            problems.append(f"history[{key!r}] holds {bad} values, not numbers")
            continue
        unsafe = next((item.kind for item in entry.items if item.kind in JSON_UNSAFE), None)
        if unsafe is not None:
            problems.append(f"history[{key!r}] holds numpy {unsafe} values, not plain Python floats "
                            "(json.dumps(history) fails on them: convert with float(...))")
    return problems


# The exercise's stop rule: where the run is given one, stopping before the budget is legitimate
# and the stop epoch is the rule's, judged by the early_stopping check (so not charged twice here).
STOP_RULE_ARGS = ("patience",)


def epochs_run_problem(run, name: str, tagged: bool) -> str | None:
    """The epochs run against the `epochs` argument: all of them, unless a stop rule was given
    (then never more than the budget)."""
    if run.status != "ok" or run.epochs <= 0:
        return None
    ran = len(epochs(run))
    stops = any(arg in run.kwargs for arg in STOP_RULE_ARGS)
    if ran == run.epochs or (stops and ran < run.epochs) or ran == 0:
        return None
    tag = run_phrase(run, tagged)
    return f"train() ran {ran} epochs{tag} but was called with epochs={run.epochs}"
