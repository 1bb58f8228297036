"""history["lr"] holds the learning rate each epoch trained with."""
from __future__ import annotations

from grader.checks import CheckContext, Verdict
from grader.checks.pointers import history
from grader.checks.wording import run_phrase
from grader.trace.production import trained_passes
from grader.trace.read import close, epochs_label, history_values

ID = "lr_history"
TITLE = "history['lr'] holds the learning rate of each epoch's first optimizer step"
WHY = ("A logged learning rate is how a schedule is debugged afterwards; one that is the next epoch's, or "
       "the constant initial value, makes a correct schedule look wrong (or a wrong one look right).")
FIX = ("At the start of each epoch, before training, append optimizer.param_groups[0]['lr'] to "
       "history['lr'].")
NEEDS = frozenset()


def _same(a, b) -> bool:
    return a is not None and b is not None and close(a, b, rel=1e-6, abs_=1e-12)


def _judge(run, where: str) -> tuple[str, str] | None:
    """(what is wrong, the fix) for one run, or None where history['lr'] is right."""
    prod = run.production
    if prod is None:
        return f"The learning rate at each step was not observed{where}.", ""
    logged = history_values(run, "lr")
    if logged is None:
        return f"history has no 'lr' list{where}.", ""
    firsts = []
    for p in trained_passes(run):
        first = next((s for s in prod.steps if s.train_pass == p), None)
        firsts.append(first.lr if first is not None else None)
    if not firsts:
        return f"No optimizer step was observed{where}.", ""
    if len(logged) != len(firsts):
        return f"history['lr'] has {len(logged)} entries for {len(firsts)} epochs{where}.", ""
    pairs = [(i + 1, g, w) for i, (g, w) in enumerate(zip(logged, firsts)) if w is not None]
    wrong = [(n, g, w) for n, g, w in pairs if g is None or not _same(g, w)]
    if not wrong:
        return None
    n, g, w = wrong[0]
    got = "not a number" if g is None else f"{g:.6g}"
    text = (f"history['lr'] for epoch {n} is {got}, but that epoch's first optimizer step ran at a learning rate "
            f"of {w:.6g}{where} ({len(wrong)} epochs differ: {epochs_label([n for n, _, _ in wrong])}).")
    nxt = [firsts[k] if k < len(firsts) else None for k in range(1, len(firsts) + 1)]
    if all(_same(logged[k - 1], nxt[k - 1]) for k, _, _ in wrong if nxt[k - 1] is not None) and \
            any(nxt[k - 1] is not None for k, _, _ in wrong):
        text += (" Each logged value is the rate the next epoch trained with: it was read after the scheduler had "
                 "already stepped for the epoch.")
        fix = ("Read optimizer.param_groups[0]['lr'] at the start of the epoch, before its first optimizer.step() "
               "and before any scheduler.step().")
    elif len({v for v in logged if v is not None}) == 1 and len({w for w in firsts if w is not None}) > 1:
        text += (f" Every epoch logged the same {got}: the value read does not follow the schedule (the "
                 "optimizer's defaults or a copy taken once).")
        fix = "Log optimizer.param_groups[0]['lr'], which the scheduler changes, not optimizer.defaults['lr']."
    else:
        fix = FIX
    return text, fix


def check(ctx: CheckContext) -> Verdict:
    problems, fixes = [], []
    several = len(ctx.scenarios) > 1
    for name in ctx.scenarios:
        run = ctx.runs.get(name)
        found = (f"The grader's run{run_phrase(run, several)} did not run.", "") if run is None else \
            _judge(run, run_phrase(run, several))
        if found:
            problems.append(found[0])
            fixes.append(found[1])
    if problems:
        return Verdict(False, " ".join(problems), fix=next((f for f in fixes if f), ""),
                       points=[history("lr", role="stores history['lr']")])
    return Verdict(True, f"history['lr'] matched the learning rate of every epoch's first step "
                         f"({len(ctx.scenarios)} run{'s' if several else ''}).")
