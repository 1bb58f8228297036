"""Every training forward, in every epoch, runs with the model in train mode."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epochs, epochs_label, first_lines

ID = "train_mode"
TITLE = "Training forwards run in train mode, every epoch"
WHY = ("Dropout and BatchNorm behave differently in eval mode; after the first validation the "
       "model stays in eval mode unless train() switches it back, so later epochs train a different model.")
FIX = "Call model.train() at the start of every epoch (inside the epoch loop, before the training batches)."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    es = epochs(run)
    forwards = run.get("forwards", [])
    training = [(e.number, forwards[i]) for e in es for i in e.train if forwards[i]["grad"]]
    if not training:
        return Verdict(False, "No training forward on the model passed in was observed.")
    wrong = [(n, f) for n, f in training if not f["training"]]
    if wrong:
        bad_epochs = sorted({n for n, _ in wrong})
        return Verdict(False,
            f"{len(wrong)} of {len(training)} training forwards ran with the model (or some of its "
            f"layers) in eval mode, in {epochs_label(bad_epochs)} of {len(es)}.",
            lines=first_lines([f for _, f in wrong]), details={"bad_epochs": bad_epochs})
    return Verdict(True, f"All {len(training)} training forwards ran in train mode.")
