"""CrossEntropyLoss and BCEWithLogitsLoss are fed raw logits, not probabilities."""
from grader.checks import CheckContext, Verdict
from grader.checks.pointers import call
from grader.trace.read import first_lines

ID = "logits"
TITLE = "The loss is fed raw logits, not softmax/sigmoid outputs"
WHY = ("CrossEntropyLoss and BCEWithLogitsLoss apply (log-)softmax/sigmoid themselves; feeding them "
       "probabilities squashes twice, caps confidence and starves the gradients: training plateaus without any error.")
FIX = "Pass the model's output straight to loss_fn; apply softmax/sigmoid only for predictions or accuracy, outside the loss."

LOGIT_LOSSES = {"cross_entropy", "binary_cross_entropy_with_logits"}


def check(ctx: CheckContext) -> Verdict:
    calls = ctx.run.loss_calls
    squashed = [c for c in calls if c.fn in LOGIT_LOSSES and c.input in ("softmax", "sigmoid")]
    bce = [c for c in calls if c.fn == "binary_cross_entropy"]
    if squashed:
        kinds = sorted({c.input for c in squashed})
        return Verdict(False, f"{len(squashed)} of {len(calls)} loss calls received {' and '.join(kinds)} "
                       "probabilities instead of the model's raw logits.",
                       lines=first_lines(squashed), details={"squashed": len(squashed)},
                       points=[call(*kinds, role=f"applies {' and '.join(kinds)}")],
                       fix=(f"Pass model(x) itself to loss_fn: {sorted({c.fn for c in squashed})[0]} applies "
                            f"{'log-softmax' if 'softmax' in kinds else 'the sigmoid'} itself. Keep "
                            f"{' and '.join(kinds)} for predictions only (or predict from the logits: "
                            f"{'logits.argmax(dim=1)' if 'softmax' in kinds else 'logits > 0'})."))
    if bce:
        return Verdict(False, f"{len(bce)} loss calls used BCELoss on probabilities (sigmoid + BCELoss) "
                       "instead of the given BCEWithLogitsLoss on raw logits.", lines=first_lines(bce),
                       points=[call("sigmoid", "BCELoss", role="squashes the logits")])
    fed = [c for c in calls if c.fn in LOGIT_LOSSES]
    if not fed:
        return Verdict(False, "No call to the classification loss on the model's output was observed.")
    return Verdict(True, f"All {len(fed)} loss calls received the model's raw logits.")
