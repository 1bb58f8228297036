"""Every training forward, in every epoch, runs with the model in train mode."""
from grader.checks import CheckContext, Verdict
from grader.checks.epochs import epoch_of_pass, epochs, epochs_label, first_lines

ID = "train_mode"
TITLE = "Training forwards run in train mode, every epoch"
WHY = ("Dropout and BatchNorm behave differently in eval mode; after the first validation the "
       "model stays in eval mode unless train() switches it back, so later epochs train a different model.")
FIX = "Call model.train() at the start of every epoch (inside the epoch loop, before the training batches)."


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    train_passes = {e.train_pass for e in epochs(run)}
    training = [f for f in run.get("forwards", []) if f["pass"] in train_passes and f["grad"]]
    if not training:
        return Verdict(False, "No training forward on the model passed in was observed.")
    wrong = [f for f in training if not f["training"]]
    if wrong:
        where = epoch_of_pass(run)
        bad_epochs = sorted({where[f["pass"]] for f in wrong})
        return Verdict(False,
            f"{len(wrong)} of {len(training)} training forwards ran with the model (or some of its "
            f"layers) in eval mode, in {epochs_label(bad_epochs)} of {len(train_passes)}.",
            lines=first_lines(wrong), details={"bad_epochs": bad_epochs})
    return Verdict(True, f"All {len(training)} training forwards ran in train mode.")
