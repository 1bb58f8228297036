"""Every batch reaches the model on the requested device."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_pass, epochs_label, first_lines

ID = "device"
TITLE = "Batches are moved to `device` before the forward"
WHY = ("The loaders yield CPU tensors; a loop that does not move them works on a CPU-only laptop "
       "and crashes with a device mismatch the first time it runs on a GPU.")
FIX = "Move every batch with x, y = x.to(device), y.to(device) before calling the model."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    wanted = run["device"].split(":")[0]
    used = [f for f in run.get("forwards", []) if f.get("matches_batch")]
    if not used:
        return Verdict(False, "No forward on a training or validation batch was observed.")
    wrong = [f for f in used if not f["moved"] or f["device"] != wanted]
    if wrong:
        where = epoch_of_pass(run)
        roles = sorted({run["passes"][f["pass"]]["role"] for f in wrong})
        bad = sorted({where[f["pass"]] for f in wrong if f["pass"] in where})
        return Verdict(False, f"{len(wrong)} of {len(used)} {' and '.join(roles)} batches reached the model "
                       f"without being sent to device={run['device']!r} ({epochs_label(bad)}).",
                       lines=first_lines(wrong), details={"unmoved": len(wrong), "batches": len(used)})
    return Verdict(True, f"All {len(used)} batches were sent to device={run['device']!r} before the forward.")
