"""Each epoch's losses go to the writer once, as plain numbers at global_step = epoch, and it is closed."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call, returns
from grader.trace.production import trained_passes
from grader.trace.read import close, history_values

ID = "writer_scalars"
TITLE = "writer.add_scalar('loss/train' and 'loss/val', value, global_step=epoch) once per epoch; then close()"
WHY = ("TensorBoard plots a tag against global_step: per-batch values, 0-based or repeated steps, or tensors "
       "make curves that cannot be laid over history or over other runs, and an unflushed writer may lose the "
       "last points.")
FIX = ("After each epoch's validation: writer.add_scalar('loss/train', train_loss, epoch) and "
       "writer.add_scalar('loss/val', val_loss, epoch) with epoch from 1; writer.close() after the last epoch.")
NEEDS = frozenset()

TAGS = {"loss/train": "train_loss", "loss/val": "val_loss"}


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    if prod is None or prod.tracker_rows is None and prod.tracker_error is None:
        return Verdict(False, "The writer's calls were not observed on this run.")
    calls = prod.scalar_calls
    n = len(trained_passes(run))
    for tag, key in TAGS.items():
        logged = history_values(run, key) or []
        # add_scalar("loss/train") and add_scalars("loss", {"train": ...}) are two series in
        # TensorBoard (tag "loss/train" in the run, tag "loss" in the sub-run "loss_train"), so a loop
        # that logs both charts logs each series once per epoch: judge each method's series on its
        # own, and the tag is right when one of them is.
        methods = sorted({c.method for c in calls if c.tag == tag}) or ["add_scalar"]
        failures = [_series_failure(tag, key, [c for c in calls if c.tag == tag and c.method == m], logged, n)
                    for m in methods]
        if all(failures):
            failures[0].points = [call("add_scalar", "add_scalars", role="logs to the writer")]
            return failures[0]
    last_add = max((i for i, c in enumerate(calls) if c.method.startswith("add_")), default=-1)
    if not any(c.method in ("flush", "close") for c in calls[last_add + 1:]):
        return Verdict(False, "The writer was neither flushed nor closed after the last scalar: call writer.close() "
                              "when training ends.",
                       points=[returns(role="train() returns here without writer.close()")],
                       fix="Call writer.close() after the epoch loop, before train() returns.")
    return Verdict(True, f"Both losses were logged once per epoch at global_step 1..{n}, matching history, and the "
                         "writer was closed.")


def _series_failure(tag: str, key: str, mine: list, logged: list, n: int) -> Verdict | None:
    """Why one method's calls for `tag` are not the epoch curve history[key] at steps 1..n, or None."""
    if [c.step for c in mine] != list(range(1, n + 1)):
        steps = ", ".join("?" if c.step is None else str(c.step) for c in mine[:6]) + (", ..." if len(mine) > 6 else "")
        zero = [c.step for c in mine] == list(range(0, n))
        more = len(mine) > n and len(mine) % n == 0
        why = (" The steps are the epochs counted from 0." if zero else
               f" That is {len(mine) // n} calls per epoch: it is logged inside the batch loop." if more else "")
        fix = ("Pass the epoch counted from 1 as global_step." if zero else
               "Log once per epoch, after validation, with global_step=epoch." if more else "")
        return Verdict(False, f"'{tag}' was logged {len(mine)} times with global_step {steps or 'none'}; {n} "
                              f"epochs ran, so once per epoch at steps 1..{n} was expected.{why}",
                       details={"tag": tag, "calls": len(mine)}, fix=fix)
    tensors = [c for c in mine if c.kind == "tensor"]
    if tensors:
        return Verdict(False, f"'{tag}' was logged as a tensor {len(tensors)} times: log loss.item()-based "
                              "floats (a tensor keeps its graph and device memory alive).")
    for i, c in enumerate(mine):
        if i < len(logged) and not close(c.value, logged[i], rel=1e-6):
            return Verdict(False, f"'{tag}' at step {c.step} was {c.value}, but history['{key}'] holds "
                                  f"{logged[i]} for that epoch.", details={"tag": tag, "epoch": i + 1})
    return None
