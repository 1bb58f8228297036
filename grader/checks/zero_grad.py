"""Gradients are cleared before each backward that feeds an optimizer step."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call, loop
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD
from grader.trace.production import reused_steps
from grader.trace.read import epoch_of_pass, first_lines

ID = "zero_grad"
TITLE = "Gradients are cleared before each backward that feeds a step"
WHY = ("PyTorch adds each backward's gradients to .grad; if they are not cleared, every step "
       "follows the sum of all earlier batches' gradients, and training silently goes wrong.")
FIX = "Call optimizer.zero_grad() once per batch, before loss.backward() (or right after optimizer.step())."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP})

STALE = 1e-2   # share of the gradient norm that did not come from this step's backwards


def _where(step, epoch_of: dict) -> str:
    epoch = epoch_of.get(step.train_pass, "?")
    return f"epoch {epoch}" + (f", batch {step.batch + 1}" if step.batch is not None else "")


POINTS = [call("zero_grad", role="clears the gradients"), loop("train_loader", role="the batch loop starts here")]


def _pattern(steps: list, stale: list, epoch_of: dict) -> tuple[str, str]:
    """(which steps held old gradients, in the student's terms; the fix that fits), from where in
    each epoch the stale steps fell."""
    by_epoch: dict = {}
    for k, s in enumerate(steps):
        by_epoch.setdefault(epoch_of.get(s.train_pass), []).append(k)
    bad = {id(s) for s in stale}
    marks = [[id(steps[k]) in bad for k in ks] for ks in by_epoch.values() if len(ks) > 1]
    if not marks:
        return "", ""
    if all(not m[0] and all(m[1:]) for m in marks):
        return (" In every epoch only the first step was clean: the gradients are cleared once per epoch, "
                "before the batch loop, so each later step adds the batches before it.",
                "Move optimizer.zero_grad() inside the batch loop, before loss.backward().")
    if all(all(m) for m in marks[1:]) and all(all(m[1:]) for m in marks[:1]):
        return (" Every step after the very first held the gradients of all earlier batches: they are never cleared.",
                "Call optimizer.zero_grad() in the batch loop, before loss.backward() (or right after step()).")
    if all(m[i] == (i % 2 == 1) for m in marks for i in range(len(m))):
        return (" The 2nd, 4th, ... step of each epoch held two batches' gradients: they are cleared only on "
                "every other batch.",
                "Call optimizer.zero_grad() on every batch, not under a condition.")
    return "", ""


def _reused(run) -> list[bool] | None:
    """Per optimizer step, whether its .grad still held a backward an earlier step had used, as the
    production observer saw it (grader.trace.production.reused_steps); None where it did not watch
    this run's steps one for one."""
    prod = run.production
    if prod is None or len(prod.steps) != len(run.steps) or any(s.closure for s in run.steps):
        return None
    return reused_steps(prod)


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    steps = run.steps
    if not steps:
        return Verdict(False, "No optimizer.step() on the optimizer passed in was observed, so gradient clearing could not be judged.")
    # a step with no backward since the previous one (a second step on the same batch) reuses
    # gradients without any clearing to judge: that is reference_match's business
    # where the production observer followed .grad's clearing step for step, its word is the fact:
    # a residual with no earlier backward in .grad is a non-proportional transform of fresh
    # gradients (per-element or per-parameter clipping: amp_clip's business), and gradients never
    # cleared are stale even when a GradScaler's unscale_ has shrunk them (an inf stays inf)
    reused = _reused(run)
    if reused is not None:
        stale = [s for k, s in enumerate(steps) if reused[k] and s.fresh_norm > 0]
    else:
        stale = [s for s in steps if s.residual > STALE and s.grad_norm > 0 and s.fresh_norm > 0]
    wiped = [s for s in steps if s.fresh_norm > 0 and s.grad_norm == 0]
    epoch_of = epoch_of_pass(run)
    if stale:
        s = max(stale, key=lambda s: s.residual)
        pattern, fix = _pattern(steps, stale, epoch_of)
        return Verdict(False,
            f"At {len(stale)} of {len(steps)} optimizer steps the gradients held more than the "
            f"current batch's backward: first at {_where(stale[0], epoch_of)}; "
            + (f"at worst {s.residual:.0%} of the gradient used by one step came from earlier batches."
               if s.residual > STALE else "they still held backwards that earlier steps had used.") + pattern,
            lines=first_lines(stale), points=POINTS, fix=fix,
            details={"stale_steps": len(stale), "steps": len(steps)})
    if wiped:
        return Verdict(False,
            f"At {len(wiped)} of {len(steps)} optimizer steps the gradients were already cleared when step() ran: "
            "zero_grad() came between loss.backward() and optimizer.step(), so the backward's gradients were thrown "
            "away before the update and those steps changed nothing.",
            lines=first_lines(wiped), points=[call("zero_grad", "backward", role="clears / fills the gradients")],
            fix="Call optimizer.zero_grad() before loss.backward() (or after optimizer.step()), never between them.",
            details={"wiped_steps": len(wiped), "steps": len(steps)})
    return Verdict(True, f"All {len(steps)} optimizer steps used only the gradients of their own batch.")
