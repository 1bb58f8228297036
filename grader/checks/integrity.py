"""The submission left torch, the hook APIs and the grader's observation alone."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import rebind

ID = "integrity"
TITLE = "The submission does not tamper with torch or the grader"
WHY = "Replacing torch functions, hooks or the grader's objects can hide what the loop really does, so no other result could be trusted."
JUDGES_PARTIAL_TRACES = True  # tampering is known from what was recorded, even if a run broke off
FIX = "Remove the code that reassigns torch / nn.Module / optimizer attributes or touches the grader."


def check(ctx: CheckContext) -> Verdict:
    changed = set(ctx.load.tampered)
    intact = True
    for name in ctx.scenarios:
        run = ctx.runs.get(name)   # a typed grader.trace.Run, or None where the scenario never ran
        changed |= set(run.tampered if run else [])
        intact &= run.hooks_intact if run else True
    if changed or not intact:
        what = sorted(changed)[:6]
        text = ("replaced " + ", ".join(what)) if what else ""
        if not intact:
            text += ("; " if text else "") + "removed the grader's hooks from the model, optimizer or loaders"
        return Verdict(False, f"The submission {text}.", points=[rebind(role="replaces a library attribute")],
                       details={"changed": sorted(changed), "hooks_intact": intact})
    return Verdict(True, "torch, the hook APIs and the grader's observers were left untouched.")
