"""Validation forwards run with the model in eval mode."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_forward, epochs_label, first_lines

ID = "eval_mode"
TITLE = "Validation runs in eval mode"
WHY = ("In train mode Dropout keeps dropping activations, so validation measures a randomly "
       "damaged model: the numbers are noisy and pessimistic, and best-epoch choices follow noise.")
FIX = "Call model.eval() (or model.train(False)) before the validation loop."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    where = epoch_of_forward(run)
    val = [(where[i], f) for i, f in enumerate(run.get("forwards", [])) if f["role"] == "val"]
    if not val:
        return Verdict(False, "No validation forward on the model passed in was observed.")
    wrong = [(n, f) for n, f in val if f["any_training"]]
    if wrong:
        bad = sorted({n for n, _ in wrong if n})
        return Verdict(False,
            f"{len(wrong)} of {len(val)} validation forwards ran with the model (or some of its layers) "
            f"in train mode ({epochs_label(bad)}).", lines=first_lines([f for _, f in wrong]), details={"bad_epochs": bad})
    return Verdict(True, f"All {len(val)} validation forwards ran in eval mode.")
