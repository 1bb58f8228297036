"""Every training forward, in every epoch, runs with the model in train mode."""
from grader.checks import CheckContext, Verdict
from grader.checks.judging import judge_forwards
from grader.checks.pointers import attr, loop
from grader.checks.root_cause import NO_TRAINING_FORWARD
from grader.trace.read import epochs

ID = "train_mode"
TITLE = "Training forwards run in train mode, every epoch"
WHY = ("Dropout and BatchNorm behave differently in eval mode; after the first validation the "
       "model stays in eval mode unless train() switches it back, so later epochs train a different model.")
FIX = "Call model.train() at the start of every epoch (inside the epoch loop, before the training batches)."
NEEDS = frozenset({NO_TRAINING_FORWARD})


def check(ctx: CheckContext) -> Verdict:
    run = ctx.run
    training = [(e.number, run.forwards[i]) for e in epochs(run) for i in e.train]
    return judge_forwards(training, lambda f: not f.training, "training forwards",
                          "ran with the model (or some of its layers) in eval mode", "ran in train mode",
                          points=[attr("train", "eval", "training", role="sets the mode"),
                                  loop("train_loader", role="the training batches start here")])
