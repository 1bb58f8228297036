"""Clipping applies max_norm to the true (unscaled) gradients."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import call
from grader.checks.root_cause import NO_STEP
from grader.trace.production import reused_steps, trained_passes
from grader.trace.read import first_lines

ID = "amp_clip"
TITLE = "Gradients are unscaled before clipping, and each step's gradient norm is at most max_norm"
WHY = ("Clipping bounds each update's gradient norm by max_norm, measured on the true gradients. Under a "
       "GradScaler the gradients are multiplied by the loss scale S (65536 to start): clipped before "
       "scaler.unscale_(optimizer), the threshold applies to S times the true norm, so the gradient shrinks to "
       "about max_norm / S (an optimizer such as Adam, which normalises its steps, can hide that in the loss "
       "curve, but the clipping no longer does what it is set to: seed 002, 'your clip threshold is "
       "meaningless'); not clipped, or clipped per parameter or per value, the bound is another one.")
FIX = ("scaler.scale(loss).backward(); scaler.unscale_(optimizer); "
       "torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm); scaler.step(optimizer); scaler.update()")
NEEDS = frozenset({NO_STEP})

TOL = 1e-3


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    if prod is None or prod.max_norm is None or not prod.max_norm > 0:
        return Verdict(False, "The gradients behind each optimizer step were not observed on this run, so "
                              "clipping could not be judged.")
    # a step whose .grad still held gradients an earlier step used (never cleared) is zero_grad's
    # mistake: unscale_ divided those again, so they are no longer the true gradients to compare with
    reused = reused_steps(prod)
    # a backward not started from the loss_fn passed in has no readable loss scale, so no true gradient
    # to compare with (uses_arguments charges the loss)
    known = [k for k, s in enumerate(prod.steps) if s.live and all(
        0 <= b < len(prod.backwards) and prod.backwards[b].loss_scale is not None for b in s.live)]
    if not known and any(s.live for s in prod.steps):
        return not_judged("The backwards did not start from the loss_fn passed in, so the loss scale, and with it "
                          "the true gradients to clip, could not be seen.")
    judged = [prod.steps[k] for k in known if prod.steps[k].finite and prod.steps[k].unscaled_norm > 0
              and not reused[k]]
    if not judged:
        return Verdict(False, "No optimizer step with finite gradients from observed backwards was seen.")
    m = prod.max_norm
    wrong = []
    for s in judged:
        # clip_grad_norm_ on unscaled gradients: .grad = g * min(1, max_norm / |g|)
        want = min(1.0, m / s.unscaled_norm)
        if abs(s.ratio / want - 1) > TOL or s.residual > TOL:
            wrong.append((s, want))
    clipped = sum(1 for s in judged if s.unscaled_norm > m)
    if not wrong:
        return Verdict(True, f"All {len(judged)} optimizer steps used the true gradients clipped to norm "
                             f"{m:g} ({clipped} of them needed clipping).")
    s, want = wrong[0]
    epoch = {p: i + 1 for i, p in enumerate(trained_passes(run))}.get(s.train_pass, "?")
    got_norm, want_norm = s.ratio * s.unscaled_norm, want * s.unscaled_norm
    if got_norm < want_norm * (1 - TOL):
        how = ("about max_norm / S (S, the loss scale): clipping saw the gradients still multiplied by S. "
               "Clipping before scaler.unscale_(optimizer) and clipping with no unscale_ at all (scaler.step then "
               "unscales after the clip) give the same update, so the trace cannot tell which: the clip call "
               "must come after scaler.unscale_(optimizer)") if got_norm < 0.01 * m else "smaller than max_norm allows"
    elif got_norm > m * (1 + TOL):
        how = "above max_norm: the gradients were not clipped"
    else:
        how = "not the clipped true gradient"
    return Verdict(False,
        f"{len(wrong)} of {len(judged)} optimizer steps used a gradient of the wrong size: first in epoch {epoch}, "
        f"a true gradient of norm {s.unscaled_norm:.4g} was applied with norm {got_norm:.4g} where clipping to "
        f"{m:g} gives {want_norm:.4g}; {how}.",
        lines=first_lines([w for w, _ in wrong]), details={"wrong_steps": len(wrong), "steps": len(judged)},
        points=[call("clip_grad_norm_", "clip_grad_value_", "clip_grad_norm", "unscale_", role="clips / unscales")])
