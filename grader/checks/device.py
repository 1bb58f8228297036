"""Every batch reaches the model on the requested device."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_forward, judge_forwards

ID = "device"
TITLE = "Batches are moved to `device` before the forward"
WHY = ("The loaders yield CPU tensors; a loop that does not move them works on a CPU-only laptop "
       "and crashes with a device mismatch the first time it runs on a GPU.")
FIX = "Move every batch with x, y = x.to(device), y.to(device) before calling the model."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    wanted = run["device"].split(":")[0]
    where = epoch_of_forward(run)
    used = [(where[i], f) for i, f in enumerate(run.get("forwards", [])) if f["role"] in ("train", "val")]
    return judge_forwards(used, lambda f: not f["moved"] or f["device"] != wanted, "forwards on training and validation data",
                          f"got a batch that was not sent to device={run['device']!r}",
                          f"got batches sent to device={run['device']!r}")
