"""Every batch reaches the model on the requested device."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_forward, epochs_label, first_lines

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
    if not used:
        return Verdict(False, "No forward on a training or validation batch was observed.")
    wrong = [(n, f) for n, f in used if not f["moved"] or f["device"] != wanted]
    if wrong:
        roles = sorted({f["role"] for _, f in wrong})
        bad = sorted({n for n, _ in wrong if n})
        return Verdict(False, f"{len(wrong)} of {len(used)} {' and '.join(roles)} batches reached the model "
                       f"without being sent to device={run['device']!r} ({epochs_label(bad)}).",
                       lines=first_lines([f for _, f in wrong]), details={"unmoved": len(wrong), "batches": len(used)})
    return Verdict(True, f"All {len(used)} batches were sent to device={run['device']!r} before the forward.")
