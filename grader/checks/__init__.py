"""Checks: small pure functions of the submission's trace and the reference's trace.

Plugin point. A check is a module in this package (or any module registered with
`register`) that defines:

    ID: str        stable id; results entries start with it ("zero_grad", ...)
    TITLE: str     one line, what a correct loop does
    WHY: str       why it matters (shown when it fails)
    FIX: str       the fix in one line (shown when it fails)
    def check(ctx: CheckContext) -> Verdict
    NEEDS: frozenset   optional: the root causes (grader.checks.root_cause) under which the
                       check cannot be judged; the engine then reports it "not judged"

`check` must not touch the submission (it never runs in the student's process) and must
judge behaviour, never source text: source lines are only pointers for the reader. A failing
verdict may name what its diagnosis blames (`points`, grader.checks.pointers: resolved into lines
by the engine) and its own `why`/`fix` where it knows more than the module's WHY/FIX. It reads
the typed trace (grader.trace: ctx.run, ctx.ref are grader.trace.Run records) and must not
raise on any trace, however empty or odd.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from types import ModuleType

from grader.trace import Run, read_run
from grader.trace.envelope import Load

BUILTIN = [
    "contract", "zero_grad", "train_mode", "eval_mode", "no_grad", "weighted_average",
    "item_logging", "best_checkpoint", "best_epoch", "early_stopping", "logits", "accuracy",
    "device", "uses_arguments", "convergence", "reference_match", "integrity", "step_cadence",
]
# the production-loop exercises' checks: they judge Run.production (grader/job/observe/production.py),
# which only those exercises' scenarios record
PRODUCTION = ["accum_cadence", "accum_scaling", "lr_schedule", "plateau_metric", "lr_history",
              "amp_autocast", "amp_clip", "amp_overflow", "tracker_rows", "writer_scalars", "tracker_checkpoint",
              "tracker_closed", "stray_files"]


@dataclass
class Verdict:
    passed: bool
    observed: str                          # what was seen, with numbers
    lines: list = field(default_factory=list)     # [[filename, lineno], ...] in the submission
    # what the diagnosis blames in the source (grader.checks.pointers.Pointer): resolved by the
    # engine into the lines to change, shown before the lines where the trace saw the effect
    points: list = field(default_factory=list)
    # the diagnosis's own why and fix, where it knows better than the check's general WHY / FIX
    # (a fix that fits what was observed; never telling the student to do what they already do)
    why: str = ""
    fix: str = ""
    details: dict = field(default_factory=dict)
    # False: the check could not judge, because of a mistake another check charges (a history
    # key the contract lacks, ...): reported "not judged", never as this check's own failure
    judged: bool = True


def not_judged(reason: str) -> Verdict:
    """A verdict for a check that cannot judge because of someone else's mistake."""
    return Verdict(False, reason, judged=False)


@dataclass
class CheckContext:
    exercise: object          # grader.exercise.Exercise
    params: dict              # the rubric entry's params
    load: Load                # what loading the submission found (grader.trace.envelope)
    runs: dict                # scenario -> the submission's run (grader.trace.Run)
    refs: dict                # scenario -> the reference's run (grader.trace.Run)
    scenarios: list           # the scenarios this check reads, primary first

    @property
    def run(self) -> Run:
        return self.runs[self.scenarios[0]]

    @property
    def ref(self) -> Run:
        return self.refs[self.scenarios[0]]


def typed_runs(runs: dict, where: str = "a trace") -> dict[str, Run]:
    """scenario -> Run, from the child's plain run records (TraceVersionError on another version)."""
    return {name: r if isinstance(r, Run) else read_run(r, f"{where} '{name}'") for name, r in runs.items()}


_registry: dict[str, ModuleType] = {}


def register(module: ModuleType) -> None:
    for attr in ("ID", "TITLE", "WHY", "FIX", "check"):
        if not hasattr(module, attr):
            raise TypeError(f"check module {module.__name__} lacks {attr}")
    _registry[module.ID] = module


def get(check_id: str) -> ModuleType:
    if check_id not in _registry:
        if check_id not in BUILTIN and check_id not in PRODUCTION:
            raise KeyError(f"unknown check {check_id!r}")
        register(importlib.import_module(f"grader.checks.{check_id}"))
    return _registry[check_id]
