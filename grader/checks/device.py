"""Every batch reaches the model, and every target reaches the loss, on the requested device."""
from grader.checks import CheckContext, Verdict
from grader.checks.judging import judge_forwards
from grader.checks.pointers import Pointer, dropped, loop
from grader.checks.root_cause import NO_TRAINING_FORWARD
from grader.trace.read import epoch_of_forward, first_lines

ID = "device"
TITLE = "Batches (inputs and targets) are moved to `device`"
WHY = ("The loaders yield CPU tensors; a loop that does not move them works on a CPU-only laptop "
       "and crashes with a device mismatch the first time it runs on a GPU.")
FIX = "Move every batch with x, y = x.to(device), y.to(device) before calling the model and the loss."
NEEDS = frozenset({NO_TRAINING_FORWARD})


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    wanted = run.device.split(":")[0]
    where = epoch_of_forward(run)
    used = [(where[i], f) for i, f in enumerate(run.forwards) if f.role in ("train", "val")]
    # charged: the loader's own tensor (never moved) or one on another device; a tensor built
    # from moved ones (torch.cat of moved batches) is not the loader's and sits on the device
    inputs = judge_forwards(used, lambda f: f.device != wanted or (f.loader_tensor and not f.moved),
                            "forwards on training and validation data",
                            f"got a batch that was not sent to device={run.device!r}",
                            f"got batches sent to device={run.device!r}",
                            points=[dropped("to", "cuda", role="moves a copy and throws it away: x = x.to(device)"),
                                    loop("train_loader", "val_loader", role="the batches come from here")])
    if not inputs.passed:
        return inputs
    # targets: a loader tensor handed to the loss unmoved (or one on another device)
    calls = [c for c in run.loss_calls if c.given and c.target_device is not None]
    stray = [c for c in calls if c.target_moved is False or c.target_device != wanted]
    if stray:
        return Verdict(False, f"{len(stray)} of {len(calls)} calls of the loss got a target (labels) that was not "
                       f"sent to device={run.device!r}; the inputs were moved, the targets were not.",
                       lines=first_lines(stray), details={"unmoved_targets": len(stray), "loss_calls": len(calls)},
                       points=[Pointer("argument", (*c.line, 1), "") for c in stray[:1] if c.line],
                       fix="Move the targets as well as the inputs: y = y.to(device), before the loss (and before "
                           "anything derived from them, such as labels = (y > t).float()).")
    return Verdict(True, inputs.observed[:-1] + (f", and all {len(calls)} loss targets were too." if calls else "."))
