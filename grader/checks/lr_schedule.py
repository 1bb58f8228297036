"""Every optimizer step uses the learning rate the schedule gives at that point."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.checks.wording import run_phrase
from grader.checks.root_cause import NO_STEP
from grader.trace.production import trained_passes
from grader.trace.read import close, epochs_label, first_lines

ID = "lr_schedule"
TITLE = "The scheduler is stepped at its interval: once per epoch, or after every optimizer step"
WHY = ("A scheduler advances one position per step() call, whenever it comes. An epoch schedule stepped "
       "every batch decays within the first epochs, a per-step warm-up stepped per epoch barely starts, "
       "and a scheduler stepped before the optimizer skips the schedule's first value.")
FIX = ("interval='step': scheduler.step() right after every optimizer.step(); interval='epoch': "
       "scheduler.step() once per epoch, after that epoch's optimizer steps (after validation is fine).")
NEEDS = frozenset({NO_STEP})


def _calls_per_epoch(prod, passes: list[int]) -> str:
    counts = sorted({sum(1 for c in prod.scheduler_calls if c.train_pass == p) for p in passes})
    return " or ".join(str(c) for c in counts)


def _judge(where: str, run) -> tuple[str | None, list]:
    """(what went wrong in this scenario, the steps to point at), or (None, []) when it followed the schedule."""
    prod = run.production
    if prod is None or not prod.schedule or prod.interval not in ("epoch", "step"):
        return (f"The learning rate at each step could not be compared with the schedule{where} "
                "(not observed on this run)."), []
    passes = trained_passes(run)
    epoch_of = {p: i for i, p in enumerate(passes)}
    judged, wrong = 0, []
    for k, s in enumerate(prod.steps):
        e = epoch_of.get(s.train_pass)
        position = k if prod.interval == "step" else e
        if s.lr is None or position is None or position >= len(prod.schedule):
            continue
        judged += 1
        if not close(s.lr, prod.schedule[position], rel=1e-6, abs_=1e-12):
            wrong.append((k, e, s, prod.schedule[position]))
    if not judged:
        return f"No optimizer step with a readable learning rate was observed{where}.", []
    if not wrong:
        return None, []
    k, e, s, want = wrong[0]
    in_epoch = k - next(i for i, t in enumerate(prod.steps) if t.train_pass == s.train_pass) + 1
    text = (f"With scheduler={prod.scheduler} and interval='{prod.interval}', optimizer step {in_epoch} of "
            f"epoch {e + 1} ran at a learning rate of {s.lr:.6g}; the schedule gives {want:.6g} there. {len(wrong)} of {judged} "
            f"steps were off ({epochs_label(sorted({e + 1 for _, e, _, _ in wrong if e is not None}))}); "
            f"scheduler.step() was called {len(prod.scheduler_calls)} times, {_calls_per_epoch(prod, passes)} "
            f"per epoch, over {len(prod.steps)} optimizer steps in {len(passes)} epochs.")
    if prod.scheduler_calls and prod.scheduler_calls[0].steps_before == 0:
        text += " The first scheduler.step() came before any optimizer.step()."
    # point at the scheduler.step() calls: that is where the cadence is decided
    return text, prod.scheduler_calls or [s for _, _, s, _ in wrong]


def check(ctx: CheckContext) -> Verdict:
    problems, lines = [], []
    for name in ctx.scenarios:
        run = ctx.runs.get(name)
        if run is None:
            problems.append(f"One of the grader's runs ({name}) did not run.")
            continue
        text, steps = _judge(run_phrase(run, len(ctx.scenarios) > 1), run)
        if text:
            problems.append(text)
            lines += first_lines(steps)
    if problems:
        return Verdict(False, " ".join(problems), lines=lines[:3])
    return Verdict(True, f"Every optimizer step ran at the learning rate of the schedule "
                         f"({len(ctx.scenarios)} run{'s' if len(ctx.scenarios) > 1 else ''}).")
