"""The returned model reaches the exercise's validation threshold."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call
from grader.checks.root_cause import NO_STEP, NO_TRAINING_FORWARD

ID = "convergence"
TITLE = "The trained model reaches the exercise's validation target"
WHY = "A loop can run without error and still not learn; this is the end-to-end outcome."
FIX = "Check the update sequence (zero_grad, forward, loss, backward, step) and that every batch is used each epoch."

# a model that was never trained by the given optimizer fails for the root cause's reason
NEEDS = frozenset({NO_TRAINING_FORWARD, NO_STEP})

def check(ctx: CheckContext) -> Verdict:
    final = ctx.run.final_eval or {}
    ref = ctx.ref.final_eval or {}
    if "val_loss" not in final:
        return Verdict(False, f"The returned model could not be evaluated: {final.get('error', 'no result')}.")
    limit, target = ctx.params.get("max_val_loss"), ctx.params.get("min_val_acc")
    problems = []
    if limit is not None and not final["val_loss"] <= limit:
        problems.append(f"validation loss {final['val_loss']:.4g} is above the target {limit:g}")
    if target is not None and not final.get("val_acc", 0) >= target:
        problems.append(f"validation accuracy {final.get('val_acc', 0):.3f} is below the target {target:g}")
    ref_text = (f" (the reference loop, trained on the same data from the same weights, ends at a validation loss "
                f"of {ref['val_loss']:.4g})") if "val_loss" in ref else ""
    if problems:
        return Verdict(False, "The returned model's " + " and ".join(problems) + ref_text + ".", details=final,
                       points=[call("zero_grad", "backward", "step", role="the update sequence")])
    got = f"validation loss {final['val_loss']:.4g}" + (f", accuracy {final['val_acc']:.3f}" if "val_acc" in final else "")
    return Verdict(True, f"The returned model reaches the target: {got}{ref_text}.", details=final)
