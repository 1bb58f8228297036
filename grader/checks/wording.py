"""How a report names things a student did not write: the grader's runs, its numbers, the model's kind.

A student reads "in the 80-epoch run with patience=5", never a scenario's internal name; every
figure comes with what it is. Pure functions of the typed trace.
"""
from __future__ import annotations

from grader.trace.records import Run

BINARY_LOSSES = {"binary_cross_entropy_with_logits", "binary_cross_entropy"}


def run_phrase(run: Run | None, several: bool) -> str:
    """' (in the 30-epoch run with patience=5)': which of the grader's runs, in the arguments the
    student's train() received; '' where the exercise has one run only."""
    if not several or run is None:
        return ""
    prod = run.production
    if prod is not None and prod.scheduler:
        what = f"{prod.scheduler}" + (f", interval='{prod.interval}'" if prod.interval else "")
        return f" (in the {run.epochs}-epoch run with scheduler={what})"
    shown = ", ".join(f"{k}={v!r}" for k, v in sorted(run.kwargs.items())
                      if isinstance(v, (int, float, str)) and not isinstance(v, bool))
    return f" (in the {run.epochs}-epoch run" + (f" with {shown})" if shown else ")")


def binary_model(run: Run) -> bool | None:
    """True where the loss the student called is a binary one (one logit per sample), False for
    cross-entropy over classes (argmax), None where no call says."""
    fns = {c.fn for c in run.loss_calls if c.given}
    if fns & BINARY_LOSSES:
        return True
    if "cross_entropy" in fns or "nll_loss" in fns:
        return False
    return None


def prediction_rule(run: Run) -> str:
    """How this exercise's model predicts a class, as code."""
    binary = binary_model(run)
    if binary is True:
        return "logits > 0 (the model outputs one logit per sample; sigmoid(logit) > 0.5 is the same)"
    if binary is False:
        return "logits.argmax(dim=1) (one logit per class)"
    return "logits > 0 for one logit per sample, logits.argmax(dim=1) for one logit per class"
