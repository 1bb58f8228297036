"""An overflowed step is skipped through scaler.step, and the loss scale backs off."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import call
from grader.checks.root_cause import NO_STEP
from grader.trace.production import trained_passes
from grader.trace.read import first_lines

ID = "amp_overflow"
TITLE = "An update whose gradients overflowed is skipped (scaler.step), and scaler.update() lowers the scale"
WHY = ("Mixed-precision gradients overflow now and then. scaler.step(optimizer) skips such an update and "
       "scaler.update() lowers the scale; optimizer.step() called directly applies the inf/NaN and every "
       "weight becomes NaN for the rest of the run.")
FIX = "Step through the scaler: scaler.step(optimizer) then scaler.update(), every batch; never optimizer.step()."
NEEDS = frozenset({NO_STEP})


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    if prod is None or prod.injected is None or not (0 <= prod.injected < len(prod.backwards)):
        return Verdict(False, "The grader's injected gradient overflow did not happen on this run (fewer backward "
                              "passes than expected), so its handling could not be judged.")
    i = prod.injected
    hit = prod.backwards[i]
    epoch = {p: n + 1 for n, p in enumerate(trained_passes(run))}.get(hit.train_pass, "?")
    where = f"epoch {epoch}, batch {hit.batch + 1 if hit.batch is not None else '?'}"
    scale = hit.loss_scale
    if prod.scaler_used is False:
        # the grader's scaler never scaled a loss: another one did (or none), whatever the device
        how = (f"a loss scale of {scale:g} came from a GradScaler of its own" if scale is not None and scale > 1.0
               else "the loss was not scaled (a GradScaler built without CUDA is disabled)")
        return Verdict(False, f"train() never called scale() on the GradScaler passed in (scaler=): {how}. Use the "
                              "one the grader passes: it is built for the device and its state is what is checked.",
                       details={"scaler_used": False},
                       points=[call("GradScaler", role="builds a GradScaler of its own"),
                               call("scale", role="scales the loss")])
    stepped = [s for s in prod.steps if not s.finite]
    if stepped:
        return Verdict(False, f"The grader made the gradient of the backward at {where} overflow (inf), and "
                              f"optimizer.step() ran on it anyway ({len(stepped)} step(s) with non-finite "
                              "gradients): the weights became inf/NaN.",
                       lines=first_lines(stepped), details={"nonfinite_steps": len(stepped)},
                       fix="Replace optimizer.step() with scaler.step(optimizer): it skips the update when the "
                           "gradients hold inf or NaN.")
    if scale is None:
        return not_judged(f"The backward at {where} did not start from the loss_fn passed in, so whether the loss "
                          "was scaled could not be seen.")
    if scale <= 1.0:
        return Verdict(False, f"The loss was not scaled by the GradScaler (its backward at {where} started from "
                              f"a factor of {scale if scale is not None else 'unknown'}, not the scaler's scale): "
                              "use scaler.scale(loss).backward().", points=[call("backward", role="backward")])
    after = next((b.loss_scale for b in prod.backwards[i + 1:] if b.loss_scale is not None), None)
    if after is None:
        return Verdict(False, f"No backward followed the overflow at {where}, so the scale's back-off could not "
                              "be judged.")
    if not after < scale:
        return Verdict(False, f"The update overflowed at {where} was skipped, but the loss scale stayed at "
                              f"{scale:g} for the next backward ({after:g}): scaler.update() was not called after "
                              "scaler.step().", points=[call("step", "update", role="steps / updates the scaler")])
    return Verdict(True, f"The overflowed update at {where} was skipped and the loss scale backed off from "
                         f"{scale:g} to {after:g}.")
