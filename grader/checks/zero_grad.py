"""Gradients are cleared before each backward that feeds an optimizer step."""
from grader.checks import CheckContext, Verdict
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
        return Verdict(False,
            f"At {len(stale)} of {len(steps)} optimizer steps the gradients held more than the "
            f"current batch's backward: first at {_where(stale[0], epoch_of)}; "
            + (f"worst {s.residual:.0%} of the gradient (norm {s.grad_norm:.3g}) came from earlier batches."
               if s.residual > STALE else "they still held backwards that earlier steps had used (never cleared)."),
            lines=first_lines(stale), details={"stale_steps": len(stale), "steps": len(steps)})
    if wiped:
        return Verdict(False,
            f"At {len(wiped)} of {len(steps)} optimizer steps the gradients were already cleared when step() ran: "
            "the backward's gradients were thrown away before the update, so those steps changed nothing.",
            lines=first_lines(wiped), details={"wiped_steps": len(wiped), "steps": len(steps)})
    return Verdict(True, f"All {len(steps)} optimizer steps used only the gradients of their own batch.")
