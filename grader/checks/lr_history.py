"""history["lr"] holds the learning rate each epoch trained with."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.trace.production import trained_passes
from grader.trace.read import close, epochs_label, history_values

ID = "lr_history"
TITLE = "history['lr'] holds the learning rate of each epoch's first optimizer step"
WHY = ("A logged learning rate is how a schedule is debugged afterwards; one that is the next epoch's, or "
       "the constant initial value, makes a correct schedule look wrong (or a wrong one look right).")
FIX = ("At the start of each epoch, before training, append optimizer.param_groups[0]['lr'] to "
       "history['lr'].")
NEEDS = frozenset()


def _judge(name: str, run) -> str | None:
    prod = run.production
    if prod is None:
        return f"In scenario '{name}' the learning rate at each step was not observed."
    logged = history_values(run, "lr")
    if logged is None:
        return f"In scenario '{name}' history has no 'lr' list."
    firsts = []
    for p in trained_passes(run):
        first = next((s for s in prod.steps if s.train_pass == p), None)
        firsts.append(first.lr if first is not None else None)
    if not firsts:
        return f"In scenario '{name}' no optimizer step was observed."
    pairs = [(i + 1, g, w) for i, (g, w) in enumerate(zip(logged, firsts)) if w is not None]
    wrong = [(n, g, w) for n, g, w in pairs if g is None or not close(g, w, rel=1e-6, abs_=1e-12)]
    if len(logged) != len(firsts):
        return (f"In scenario '{name}' history['lr'] has {len(logged)} entries for {len(firsts)} epochs.")
    if wrong:
        n, g, w = wrong[0]
        got = "not a number" if g is None else f"{g:.6g}"
        return (f"In scenario '{name}' history['lr'] for epoch {n} is {got}, but that epoch's first optimizer step "
                f"ran at {w:.6g} ({epochs_label([n for n, _, _ in wrong])}).")
    return None


def check(ctx: CheckContext) -> Verdict:
    problems = []
    for name in ctx.scenarios:
        run = ctx.runs.get(name)
        text = f"Scenario '{name}' did not run." if run is None else _judge(name, run)
        if text:
            problems.append(text)
    if problems:
        return Verdict(False, " ".join(problems))
    return Verdict(True, f"history['lr'] matched the learning rate of every epoch's first step ({', '.join(ctx.scenarios)}).")
