"""Validation forwards run with the model in eval mode."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_pass, epochs_label, first_lines

ID = "eval_mode"
TITLE = "Validation runs in eval mode"
WHY = ("In train mode Dropout keeps dropping activations, so validation measures a randomly "
       "damaged model: the numbers are noisy and pessimistic, and best-epoch choices follow noise.")
FIX = "Call model.eval() (or model.train(False)) before the validation loop."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    val = [f for f in run.get("forwards", []) if run["passes"][f["pass"]]["role"] == "val"]
    if not val:
        return Verdict(False, "No validation forward on the model passed in was observed.")
    wrong = [f for f in val if f["any_training"]]
    if wrong:
        where = epoch_of_pass(run)
        bad = sorted({where[f["pass"]] for f in wrong if f["pass"] in where})
        return Verdict(False,
            f"{len(wrong)} of {len(val)} validation forwards ran with the model (or some of its layers) "
            f"in train mode ({epochs_label(bad)}).", lines=first_lines(wrong), details={"bad_epochs": bad})
    return Verdict(True, f"All {len(val)} validation forwards ran in eval mode.")
