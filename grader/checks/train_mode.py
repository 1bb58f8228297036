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
    verdict = judge_forwards(training, lambda f: not f.training, "training forwards",
                             "ran with the model (or some of its layers) in eval mode", "ran in train mode",
                             points=[attr("train", "eval", "training", role="sets the mode"),
                                     loop("train_loader", role="the training batches start here")])
    if not verdict.passed and training:
        verdict.observed, verdict.fix = _pattern(training, verdict.observed)
    return verdict


def _pattern(training: list, observed: str) -> tuple[str, str]:
    """Where in the run the eval-mode training forwards fell, and the fix that fits that."""
    by_epoch: dict = {}
    for number, f in training:
        by_epoch.setdefault(number, []).append(f.training)
    modes = [by_epoch[n] for n in sorted(by_epoch)]
    if all(not any(m) for m in modes):
        return (observed + " Not one training batch ran in train mode: model.train() is never called (the model "
                "stays in eval mode after the first validation, or from the start).",
                "Call model.train() at the start of every epoch, before the training batches.")
    if modes[0] and all(modes[0]) and all(not any(m) for m in modes[1:]):
        return (observed + " Epoch 1 trained in train mode, every later epoch in eval mode: nothing in the epoch "
                "loop switches the model back after validation's model.eval() (model.train() runs only once "
                "before the loop, or not at all: a new model starts in train mode).",
                "Move model.train() inside the epoch loop, before the training batches.")
    if all(m[0] and not any(m[1:]) for m in modes if len(m) > 1):
        return (observed + " In every epoch the first batch trained in train mode and the rest in eval mode: the "
                "mode is switched to eval inside the batch loop, after the first batch.",
                "Keep the batch loop in train mode: measure inside it without model.eval(), or call "
                "model.train() again before the next batch's forward.")
    return observed, ""
