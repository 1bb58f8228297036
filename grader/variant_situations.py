"""The situation each check needs in order to see its mistake, required of a variant's reference
runs: a variant on which some check's situation does not arise would let that check's bugs pass
on it, so a bug's detection would depend on the variant drawn (grader.variants calls this).

Each situation reads the reference's own run (the trace of a correct loop) of the scenarios the
check reads. The best epoch before the last one (best_checkpoint, best_epoch) and early stopping
firing or not per scenario are exercises.common.variant_problems'; these are the rest.
"""
from __future__ import annotations

import functools
import math
from typing import Callable

from grader.trace import Run, read_run
from grader.trace.read import epochs, history_per_epoch, is_training_forward, last_improvement


def _val_losses(run: Run) -> list[float | None]:
    return history_per_epoch(run, "val_loss") or []


def _stops_early(run: Run) -> bool:
    return len(epochs(run)) < run.epochs


def early_stopping(run: Run) -> list[str]:
    """Where the stop fires: an improvement after at least one epoch without one comes before it
    (a counter never reset stops early only then). Where it does not: it does not fire at the last
    epoch either (a loop that restores the best weights only when it breaks shows only then)."""
    patience, losses = run.kwargs.get("patience"), _val_losses(run)
    if not isinstance(patience, int) or patience < 1 or not losses:
        return []
    if _stops_early(run):
        best, bad, reset = math.inf, 0, False
        for v in losses:
            if v is not None and v < best:
                reset = reset or bad > 0
                best, bad = v, 0
            else:
                bad += 1
        return [] if reset else ["early stopping fires with no improvement after an epoch without one"]
    best = last_improvement(losses, run.epochs)
    if best is None or run.epochs - best >= patience:
        return ["early stopping is due at the budget's last epoch"]
    return []


def short_last_batch(run: Run, roles: tuple = ("train", "val")) -> list[str]:
    """A per-batch mean differs from a per-sample one only where the last batch is smaller."""
    found = []
    for role in roles:
        passes = [p for p in run.passes if p.role == role and p.complete and p.batches]
        if passes and not any(len(set(p.batches)) > 1 for p in passes):
            found.append(f"the {role} loader's batches are all the same size")
    return found


def short_last_group(run: Run) -> list[str]:
    """Accumulation's last, shorter group exists only where accum_steps does not divide the batches."""
    accum = run.kwargs.get("accum_steps")
    passes = [p for p in run.passes if p.role == "train" and p.complete and p.batches]
    if isinstance(accum, int) and accum > 1 and passes and len(passes[0].batches) % accum == 0:
        return [f"accum_steps={accum} divides the {len(passes[0].batches)} training batches (no short last group)"]
    return []


def several_batches(run: Run) -> list[str]:
    """One step per batch differs from one per epoch only with several batches an epoch."""
    per_epoch = [sum(1 for i in e.train if is_training_forward(run.forwards[i])) for e in epochs(run)]
    if per_epoch and max(per_epoch) < 2:
        return ["an epoch has a single training batch"]
    return []


SITUATIONS: dict[str, Callable[[Run], list[str]]] = {
    "early_stopping": early_stopping,
    "weighted_average": short_last_batch,
    # a count over len(loader) * batch_size differs from one over the dataset only with a short batch
    "accuracy": functools.partial(short_last_batch, roles=("val",)),
    "accum_cadence": short_last_group,
    "accum_scaling": short_last_group,
    "step_cadence": several_batches,
}


def situation_problems(exercise, refs: dict) -> list[str]:
    """For every check in the rubric, what its situation lacks in the reference runs (plain run
    records, scenario -> record) of the scenarios it reads; empty where every check can see its
    mistakes on this variant."""
    primary = exercise.scenario_module().PRIMARY
    typed: dict[str, Run] = {}
    found: list[str] = []
    for entry in exercise.rubric:
        situation = SITUATIONS.get(entry.check)
        if situation is None:
            continue
        for name in entry.params.get("scenarios") or [primary]:
            record = refs.get(name)
            if not record or record.get("status") != "ok":
                continue
            if name not in typed:
                try:
                    typed[name] = record if isinstance(record, Run) else read_run(record, f"the reference trace '{name}'")
                except (ValueError, TypeError, KeyError):   # another version or shape: not this check's to judge
                    continue
            found += [f"{name}: {p} ({entry.check})" for p in situation(typed[name])]
    return list(dict.fromkeys(found))
