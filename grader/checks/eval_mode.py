"""Validation forwards run with the model in eval mode."""
from grader.checks import CheckContext, Verdict
from grader.checks.root_cause import NO_VALIDATION
from grader.checks.judging import judge_forwards
from grader.checks.pointers import attr, loop
from grader.trace.read import validation_forwards

ID = "eval_mode"
TITLE = "Validation runs in eval mode"
WHY = ("In train mode Dropout keeps dropping activations, so validation measures a randomly "
       "damaged model: the numbers are noisy and pessimistic, and best-epoch choices follow noise.")
FIX = "Call model.eval() (or model.train(False)) before the validation loop."

NEEDS = frozenset({NO_VALIDATION})

def check(ctx: CheckContext) -> Verdict:
    return judge_forwards(validation_forwards(ctx.run), lambda f: f.any_training, "validation forwards",
                          "ran with the model (or some of its layers) in train mode", "ran in eval mode",
                          points=[attr("eval", "train", "training", role="sets the mode"),
                                  loop("val_loader", role="validation starts here")])
