"""Mutation testing of the checks: operators that each make one real mistake in a correct loop
(the corpus's `expect: pass` files), each mutant run beside its original in plain torch (no
grader, no sandbox) so that behaviour-preserving ones are set aside, and graded: a mutant is
killed when it loses points, and *named* when the check that names its mistake fails, not only
reference_match / convergence (which say only that the numbers differ).

Used by tests/test_mutation.py (a small deterministic subset, slow) and benchmarks/mutation.py
(every operator on every correct file of some exercises, kill rate per operator).
"""
from __future__ import annotations

import copy
import math
import re
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# checks that only say the numbers differ: a mutant failed by these alone is caught unnamed
UNNAMED = frozenset({"reference_match", "convergence"})

# the functional form of each exercise's loss (what a student writes instead of loss_fn)
FUNCTIONAL_LOSS = {"training_loop": "mse_loss", "best_epoch": "mse_loss", "early_stopping": "mse_loss",
                   "bce_conversion": "binary_cross_entropy_with_logits", "moons": "cross_entropy"}


@dataclass(frozen=True)
class Operator:
    name: str
    names: frozenset          # the checks that name this mistake (any one of them)
    apply: Callable[[str, str], str | None]   # (source, exercise) -> mutated source, None if it does not apply
    # the mistake shows only where a second device exists (a batch not moved): on a CPU-only
    # machine the mutant cannot be told from its original in plain torch, so it counts as changed
    device_only: bool = False


def _lines_sub(pattern: str, repl, source: str, *, last: bool = False) -> str | None:
    """Replace one match of `pattern` (the first, or the last), None if there is none."""
    found = list(re.finditer(pattern, source, re.M))
    if not found:
        return None
    m = found[-1] if last else found[0]
    new = repl(m) if callable(repl) else m.expand(repl)
    return source[:m.start()] + new + source[m.end():]


def _delete_line(pattern: str) -> Callable[[str, str], str | None]:
    """Delete every line holding only `pattern` (a `pass` keeps a block that becomes empty valid)."""
    def apply(source: str, exercise: str) -> str | None:
        rx = re.compile(rf"^([ \t]*){pattern}[ \t]*(#.*)?$", re.M)
        if not rx.search(source):
            return None
        return rx.sub(lambda m: f"{m.group(1)}pass", source)
    return apply


def _range_minus_one(source: str, exercise: str) -> str | None:
    out = _lines_sub(r"range\(1,\s*epochs\s*\+\s*1\)", "range(1, epochs)", source)
    return out if out is not None else _lines_sub(r"range\(epochs\)", "range(epochs - 1)", source)


def _drop_batch_weight(source: str, exercise: str) -> str | None:
    # loss.item() * len(x) / * x.size(0) / * x.shape[0] / * bs  ->  loss.item()
    return _lines_sub(r"(\.item\(\))\s*\*\s*(len\(\w+\)|\w+\.size\(0\)|\w+\.shape\[0\]|\w+)", r"\1", source)


def _functional_loss(source: str, exercise: str) -> str | None:
    fn = FUNCTIONAL_LOSS.get(exercise)
    if fn is None:
        return None
    # the last call of loss_fn (usually the validation phase): one phase uses another loss
    return _lines_sub(r"\bloss_fn\(", f"__import__('torch').nn.functional.{fn}(", source, last=True)


def _detach_before_backward(source: str, exercise: str) -> str | None:
    return _lines_sub(r"\b(\w+)\.backward\(\)", r"\1.detach().requires_grad_().backward()", source)


def _double_step(source: str, exercise: str) -> str | None:
    return _lines_sub(r"^([ \t]*)(optimizer\.step\(\))[ \t]*$", r"\1\2\n\1\2", source)


def _target_not_moved(source: str, exercise: str) -> str | None:
    # x, y = x.to(device), y.to(device)  ->  x, y = x.to(device), y
    return _lines_sub(r"^([ \t]*\w+,\s*(\w+)\s*=\s*\w+\.to\(device[^)]*\)),\s*\2\.to\(device[^)]*\)[ \t]*$",
                      r"\1, \2", source)


def _swap_loaders(source: str, exercise: str) -> str | None:
    # validate on the training data: the first `in val_loader` becomes `in train_loader`
    return _lines_sub(r"\bin\s+val_loader\b", "in train_loader", source)


def _step_outside_loop(source: str, exercise: str) -> str | None:
    """Move the first `optimizer.step()` out of its batch loop, to after it."""
    lines = source.split("\n")
    at = next((i for i, line in enumerate(lines) if line.strip() == "optimizer.step()"), None)
    if at is None:
        return None
    indent = len(lines[at]) - len(lines[at].lstrip())
    header = next((i for i in range(at - 1, -1, -1) if lines[i].lstrip().startswith(("for ", "while "))
                   and len(lines[i]) - len(lines[i].lstrip()) < indent), None)
    if header is None:
        return None
    h = len(lines[header]) - len(lines[header].lstrip())
    end = next((i for i in range(at + 1, len(lines)) if lines[i].strip()
                and len(lines[i]) - len(lines[i].lstrip()) <= h), len(lines))
    moved = lines[:at] + lines[at + 1:end] + [" " * h + "optimizer.step()"] + lines[end:]
    return "\n".join(moved)


OPERATORS = [
    Operator("delete_eval", frozenset({"eval_mode"}), _delete_line(r"model\.eval\(\)")),
    Operator("delete_train", frozenset({"train_mode"}), _delete_line(r"model\.train\(\)")),
    Operator("delete_zero_grad", frozenset({"zero_grad"}), _delete_line(r"optimizer\.zero_grad\(\)")),
    Operator("drop_batch_weight", frozenset({"weighted_average"}), _drop_batch_weight),
    Operator("swap_loaders", frozenset({"uses_arguments"}), _swap_loaders),
    Operator("step_outside_loop", frozenset({"step_cadence"}), _step_outside_loop),
    Operator("range_epochs_minus_one", frozenset({"contract", "early_stopping"}), _range_minus_one),
    Operator("functional_loss", frozenset({"uses_arguments"}), _functional_loss),
    Operator("detach_before_backward", frozenset({"step_cadence"}), _detach_before_backward),
    Operator("double_step", frozenset({"step_cadence"}), _double_step),
    Operator("target_not_moved", frozenset({"device"}), _target_not_moved, device_only=True),
]
BY_NAME = {op.name: op for op in OPERATORS}


# ---- equivalence: the mutant beside its original, in plain torch ----------------------------

def weighted(loss_fn):
    """The given loss as a course might give it (scaled by 1.5, like a class weight): a loop that
    computes its loss another way than through loss_fn then reports and trains on other numbers."""
    base = type(loss_fn)

    class Weighted(base):
        def forward(self, *args, **kwargs):
            return 1.5 * base.forward(self, *args, **kwargs)

    out = copy.copy(loss_fn)
    out.__class__ = Weighted
    return out


def run_plain(source: str, exercise: str, filename: str = "<mutant>", device: str = "cpu") -> tuple:
    """(history, final weights) of train() on the exercise's public scenario, in this process,
    with the given loss weighted (weighted()). Only for the corpus's own files: trusted code."""
    import torch

    from grader.exercise import load_exercise

    module = load_exercise(exercise).scenario_module()
    setup = module.SCENARIOS[module.PRIMARY](device, variant=0)
    setup.loss_fn = weighted(setup.loss_fn)
    namespace = types.ModuleType("mutant")
    namespace.__file__ = filename
    exec(compile(source, filename, "exec"), namespace.__dict__)
    torch.manual_seed(setup.dropout_seed)
    history = namespace.train(setup.model, setup.train_loader, setup.val_loader, setup.loss_fn, setup.optimizer,
                              setup.epochs, device=device, **setup.kwargs)
    weights = {k: v.detach().cpu().clone() for k, v in setup.model.state_dict().items()}
    return history, weights


def _same(a, b) -> bool:
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if hasattr(a, "shape") and hasattr(b, "shape"):   # tensors
        return a.shape == b.shape and bool((a.double() - b.double()).abs().max() <= 1e-7) if a.numel() else True
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)
    return type(a) is type(b) and a == b


def equivalent(original: str, mutant: str, exercise: str, device_only: bool = False) -> bool:
    """The mutant returns the same history and leaves the same weights as its original, as
    plain torch runs them (a crash differs from any result). A device-only mistake is run on a
    GPU where there is one, and counts as behaviour-changing where there is none."""
    import torch

    if device_only and not torch.cuda.is_available():
        return False
    device = "cuda" if device_only else "cpu"
    try:
        got = run_plain(mutant, exercise, device=device)
    except Exception:
        return False
    return _same(run_plain(original, exercise, device=device), got)


# ---- grading ------------------------------------------------------------------------------------

@dataclass
class Outcome:
    file: str
    operator: str
    status: str                    # "not applicable" | "equivalent" | "survived" | "named" | "unnamed" | "crashed"
    failed: tuple = ()             # the checks that lost points


def judge_mutant(path: Path, exercise: str, op: Operator, workdir: Path, grade=None) -> Outcome:
    source = path.read_text()
    mutant = op.apply(source, exercise)
    if mutant is None or mutant == source:
        return Outcome(path.name, op.name, "not applicable")
    if equivalent(source, mutant, exercise, op.device_only):
        return Outcome(path.name, op.name, "equivalent")
    if grade is None:
        from grader.engine import grade
    target = workdir / f"{path.stem}__{op.name}.py"
    target.write_text(mutant)
    result = grade(target, exercise, variant=0)
    failed = tuple(c.id for c in result.checks if c.score < c.max_score)
    if result.runtime.get("status") != "ok":   # the run broke off: its headline says why, no check does
        return Outcome(path.name, op.name, "crashed", failed)
    if not failed:
        return Outcome(path.name, op.name, "survived")
    named = any(c in op.names for c in failed)
    return Outcome(path.name, op.name, "named" if named else "unnamed", failed)
