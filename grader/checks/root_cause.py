"""The one root cause that makes other checks meaningless, decided once per grade.

When the optimizer passed in never stepped, the model never ran a training forward, or
validation never ran, many checks would each explain the same absence in their own words
(and some wrongly). Instead the grade names the cause once (uses_arguments charges it), and
every check whose NEEDS lists it is reported "not judged: <cause>".
"""
from __future__ import annotations

from dataclasses import dataclass

from grader.trace import Run
from grader.trace.read import is_training_forward
from grader.checks.wording import run_phrase

CHARGED_BY = "uses_arguments"   # the one check that states the root cause, with its lines
NO_TRAINING_FORWARD = "no_training_forward"
NO_STEP = "no_step"
NO_VALIDATION = "no_validation"


@dataclass(frozen=True)
class RootCause:
    kind: str
    text: str       # one sentence about the student's own run, no trailing period


def root_cause(runs: dict[str, Run]) -> RootCause | None:
    """The first of (no training forward, no optimizer step, no validation) that holds for some
    finished run, or None. Runs that did not finish have their own headline (the crash)."""
    for name, run in runs.items():
        if run.status != "ok":
            continue
        tag = run_phrase(run, len(runs) > 1)
        if not any(is_training_forward(f) for f in run.forwards):
            direct = " on a training batch with autograd on"
            return RootCause(NO_TRAINING_FORWARD,
                             f"the model passed in never ran a forward{direct}: no model(x) on train_loader's "
                             f"batches was observed{tag}")
        if not run.steps:
            return RootCause(NO_STEP, f"the optimizer passed in never stepped: optimizer.step() was never called{tag}")
        if not any(f.role == "val" for f in run.forwards):
            return RootCause(NO_VALIDATION, f"the model passed in never ran on the validation data "
                                            f"(val_loader's batches){tag}")
    return None
