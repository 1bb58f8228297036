"""Gradient accumulation steps once per group of accum_steps micro-batches, each epoch on its own."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call, compare
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD
from grader.trace.production import trained_passes
from grader.trace.read import epochs_label, first_lines

ID = "accum_cadence"
TITLE = "One optimizer step per accum_steps micro-batches, the epoch's short last group stepped too"
WHY = ("Accumulation makes one update out of accum_steps backwards. Stepping at the wrong batches, "
       "clearing between micro-batches, or leaving the epoch's last micro-batches unstepped (they then "
       "leak into the next epoch's first update) changes every update the run makes.")
FIX = ("Step when (i + 1) % accum_steps == 0 or i + 1 == len(train_loader), with i counted from 0; "
       "call zero_grad() only right after each step.")
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP})


def expected_groups(n_batches: int, accum_steps: int) -> list[int]:
    """Backwards per step over an epoch of n_batches: full groups, then the short rest."""
    full, rest = divmod(n_batches, accum_steps)
    return [accum_steps] * full + ([rest] if rest else [])


def _counts(groups: list[int]) -> str:
    return ", ".join(str(g) for g in groups) if groups else "none"


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    prod = run.production
    accum = (prod.accum_steps if prod else None) or run.kwargs.get("accum_steps")
    if prod is None or not isinstance(accum, int) or accum < 1:
        return Verdict(False, "The backwards behind each optimizer step were not observed for this run "
                              "(no accumulation record), so the step cadence could not be judged.")
    if not prod.steps:
        return Verdict(False, "No optimizer.step() on the optimizer passed in was observed.")
    trained = trained_passes(run)
    if not trained:
        return Verdict(False, "No optimizer step or backward was attributed to a pass over train_loader, so the "
                              "step cadence could not be judged.")
    bad_epochs, first, leaks, lines = [], None, 0, []
    for number, p in enumerate(trained, 1):
        steps = [s for s in prod.steps if s.train_pass == p]
        got = [len(s.live) for s in steps]
        want = expected_groups(len(run.passes[p].batches), accum)
        # a step whose .grad holds a backward made during an earlier train pass: leaked across epochs
        leaked = [s for s in steps if any(0 <= b < len(prod.backwards) and prod.backwards[b].train_pass != p
                                          for b in s.live)]
        leaks += len(leaked)
        if got != want or leaked:
            bad_epochs.append(number)
            lines += leaked or steps
            if first is None:
                first = (number, got, want, len(run.passes[p].batches), len(leaked))
    if first is None:
        return Verdict(True, f"Every epoch stepped once per group of {accum} micro-batches, its last, shorter "
                             f"group included, with nothing carried over from an earlier epoch.")
    number, got, want, n_batches, leaked = first
    text = (f"In epoch {number} ({n_batches} micro-batches, accum_steps={accum}) the optimizer steps used "
            f"{_counts(got)} micro-batch backward(s) each; a correct loop steps after {_counts(want)}.")
    points = [compare("accum", role="decides when to step"), call("zero_grad", role="clears the gradients")]
    fix = ""
    if got and all(g == 1 for g in got) and accum > 1:
        text += " Each step held one micro-batch: the gradients were cleared between micro-batches."
        points = [call("zero_grad", role="clears the gradients"), compare("accum", role="decides when to step")]
        fix = "Call zero_grad() only right after each optimizer.step(), not at every micro-batch."
    elif got and want and got[0] < want[0] and sum(got) == sum(want):
        text += (f" The first step came after {got[0]} micro-batch(es), not {want[0]}: the step condition is true at "
                 "the first batch (i % accum_steps == 0 with i counted from 0).")
        fix = "Step when (i + 1) % accum_steps == 0 or i + 1 == len(train_loader), with i counted from 0."
    elif sum(got) < sum(want) and not leaked:
        text += (f" The epoch's last {sum(want) - sum(got)} micro-batch(es) were never stepped: the condition "
                 "misses the end of the epoch (or counts the batches another way than len(train_loader)).")
        fix = ("Also step when i + 1 == len(train_loader): len(train_loader) counts the short last batch; "
               "len(dataset) // batch_size does not.")
    if leaked:
        text += (f" {leaked} step(s) of that epoch also held gradients of micro-batches from the previous epoch "
                 "(its last group was never stepped or cleared).")
    elif leaks:
        text += (f" {leaks} step(s) in later epochs held gradients of micro-batches from the epoch before "
                 "(an epoch's last group left unstepped and uncleared).")
    text += f" Affected: {epochs_label(bad_epochs)}."
    return Verdict(False, text, lines=first_lines(lines), points=points, fix=fix,
                   details={"bad_epochs": bad_epochs, "got": got, "expected": want, "leaked_steps": leaks})
