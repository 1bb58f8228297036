"""Each accumulated micro-batch loss is divided by accum_steps."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import Pointer
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD
from grader.trace.production import trained_passes
from grader.trace.read import first_lines

ID = "accum_scaling"
TITLE = "Accumulated gradients are the mean over the group: each micro-batch loss divided by accum_steps"
WHY = ("Backward adds gradients, so accum_steps undivided micro-batch losses make an update accum_steps "
       "times too large: the effective learning rate silently grows with accum_steps.")
FIX = "Divide every micro-batch loss by accum_steps before backward: (loss / accum_steps).backward()."
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP})

TOL = 1e-3   # float32 gradients summed in another order agree far better than this


def _factor(x: float, accum: int) -> str:
    """x as the reader thinks of it: 1/3 rather than 0.3333."""
    if x > 0 and abs(1 / x - round(1 / x)) < 1e-3 * (1 / x):
        n = round(1 / x)
        return "1" if n == 1 else f"1/{n}"
    return f"{x:.4g}"


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    accum = (prod.accum_steps if prod else None) or run.kwargs.get("accum_steps")
    if prod is None or not isinstance(accum, int) or accum < 1:
        return Verdict(False, "The gradients behind each optimizer step were not observed for this run "
                              "(no accumulation record), so their scaling could not be judged.")
    # a backward not started from the loss_fn passed in (F.mse_loss, a loss module of its own) has no
    # factor the observer could read: such steps are not judged (uses_arguments charges the loss)
    known = [s for s in prod.steps if s.live and all(0 <= b < len(prod.backwards)
                                                     and prod.backwards[b].loss_scale is not None for b in s.live)]
    judged = [s for s in known if s.grad_norm > 0]
    if not known and any(s.live for s in prod.steps):
        return not_judged("The backwards did not start from the loss_fn passed in, so the factor each micro-batch "
                          "loss was scaled by could not be seen.")
    if not judged:
        return Verdict(False, "No optimizer step with gradients from observed backwards was seen, so the "
                              "scaling of the micro-batch losses could not be judged.")
    want = 1.0 / accum
    # .grad must be (1/accum) x the sum of the live micro-batches' gradients of their plain mean losses,
    # however the division was written (loss / N, (loss / N).backward(), p.grad /= N before step)
    wrong = [s for s in judged if abs(s.ratio / want - 1) > TOL or s.residual > TOL]
    if not wrong:
        return Verdict(True, f"All {len(judged)} optimizer steps used the sum of their micro-batches' gradients "
                             f"divided by accum_steps={accum}.")
    s = wrong[0]
    epoch_of = {p: i + 1 for i, p in enumerate(trained_passes(run))}
    epoch = epoch_of.get(s.train_pass, "?")
    scales = sorted({_factor(prod.backwards[b].loss_scale, accum) for b in s.live
                     if 0 <= b < len(prod.backwards) and prod.backwards[b].loss_scale is not None})
    seen = (f"; each micro-batch loss was multiplied by {' and '.join(scales)} before backward()"
            if scales else "")
    how = (f"{_factor(s.ratio, accum)} x the sum" if s.residual <= TOL
           else "not one multiple of the micro-batches' gradients (they were scaled unequally)")
    # which steps: each epoch's last (its short group) alone, or all of them
    last_of = {}
    for k, t in enumerate(judged):
        last_of[t.train_pass] = k
    lasts = {id(judged[k]) for k in last_of.values()}
    only_last = all(id(w) in lasts for w in wrong) and len(wrong) < len(judged)
    text = (f"{len(wrong)} of {len(judged)} optimizer steps used gradients that were {how} of their micro-batches' "
            f"gradients; expected 1/{accum} x the sum (first in epoch {epoch}{seen}).")
    fix, why = "", ""
    if only_last:
        text += (f" Only each epoch's last step was off: its short group of {len(s.live)} micro-batch(es) was "
                 f"divided by {scales[0].removeprefix('1/') if scales else '?'}, not by accum_steps={accum}; the full "
                 "groups were right.")
        fix = (f"Divide the short last group's losses by accum_steps={accum} too: the step's gradient is then the "
               "group's sum / accum_steps, as the statement defines it, whatever the group's size.")
        why = (f"The statement defines every step's gradient as its group's sum / accum_steps; divided by its own "
               f"size ({len(s.live)}), the short group's update is {accum / max(len(s.live), 1):g} times the "
               "statement's, at the end of every epoch.")
    elif scales == ["1"]:
        fix = "Divide every micro-batch loss by accum_steps before backward: (loss / accum_steps).backward()."
    elif scales:
        fix = (f"Divide each micro-batch loss by accum_steps={accum} exactly once (here it was scaled by "
               f"{' and '.join(scales)}).")
    return Verdict(False, text, lines=first_lines(wrong), fix=fix, why=why,
                   points=[Pointer("operand", ("backward",), "the backward whose loss is scaled")],
                   details={"wrong_steps": len(wrong), "steps": len(judged), "ratio": s.ratio})
