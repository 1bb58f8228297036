"""Which scenario variant a grading run uses.

A submission is graded on a variant of each scenario drawn in secret by the parent (a fresh
one per `grader grade`, one per `grader batch` so the reference runs once for the class), so
records made in advance (a bundle's public traces, a classmate's trace) describe other data.
The reference runs on the drawn variant like on any other (sandboxed, cached per variant); a
variant whose reference run lacks what the checks need (a best epoch before the last one,
early stopping firing in one scenario and not in the other) is set aside and another drawn.
Variant 0 is the public scenario: bundles and self-check grade on it.
"""
from __future__ import annotations

import secrets

from exercises.common import variant_problems
from grader.reference_runs import recorded_variants, reference_runs

VARIANTS = 64        # the pool drawn from (1..VARIANTS): each one's reference is cached once
MAX_DRAWS = 16       # variants tried before settling for the one with the fewest problems


def requirements(exercise) -> dict:
    return getattr(exercise.scenario_module(), "REQUIRES", {})


THRESHOLD_MARGIN = 0.7   # the reference must beat an absolute rubric target by this factor
BEST_EPOCH_CHECKS = ("best_checkpoint", "best_epoch")
LAST_EPOCH_MARGIN = 0.9  # ... and its last epoch (what a loop that never restores returns) by this


def problems(exercise, refs: dict) -> list[str]:
    """What the checks need that the reference runs of one variant do not show: the scenario
    properties (exercises.common.variant_problems), and the rubric's absolute targets reached
    with a margin by the reference (so a correct loop meets them on this variant too)."""
    needs = requirements(exercise)
    # a best epoch before the last one run matters only where a check judges the best epoch
    best_matters = any(e.check in BEST_EPOCH_CHECKS for e in exercise.rubric)
    found = [f"{name}: {p}" for name, run in refs.items() for p in variant_problems(run, needs.get(name))
             if best_matters or "best validation epoch" not in p]
    primary = exercise.scenario_module().PRIMARY
    final = (refs.get(primary) or {}).get("final_eval") or {}
    last_loss = _last(refs.get(primary), "val_loss")
    last_acc = _last(refs.get(primary), "val_acc")
    for entry in exercise.rubric:
        limit, target = entry.params.get("max_val_loss"), entry.params.get("min_val_acc")
        if limit is not None and not final.get("val_loss", float("inf")) <= THRESHOLD_MARGIN * limit:
            found.append(f"the reference's validation loss is not well under {limit:g}")
        if target is not None and not final.get("val_acc", 0.0) >= 1 - THRESHOLD_MARGIN * (1 - target):
            found.append(f"the reference's validation accuracy is not well over {target:g}")
        # a loop that keeps the last epoch's weights (a best-checkpoint bug) must still meet the
        # target: that bug costs its own check, not convergence too
        if limit is not None and last_loss is not None and not last_loss <= LAST_EPOCH_MARGIN * limit:
            found.append(f"the last epoch's validation loss is not under {limit:g}")
        if target is not None and last_acc is not None and not last_acc >= 1 - LAST_EPOCH_MARGIN * (1 - target):
            found.append(f"the last epoch's validation accuracy is not over {target:g}")
    return found


def _last(run, key: str):
    items = ((((run or {}).get("history") or {}).get("keys") or {}).get(key) or {}).get("items") or []
    value = items[-1].get("value") if items else None
    return value if type(value) is float else None


def draw() -> int:
    return 1 + secrets.randbelow(VARIANTS)


def choose_variant(exercise, scenarios, device: str, variant: int | None, *, reference_dir=None,
                   cache_dir=None, launcher=None) -> tuple[int, dict]:
    """(variant, reference runs on it). `variant` None draws one: from the pool (validating each
    drawn variant's reference run), or, with recorded traces, among the secret variants they
    hold (a Gradescope zip; validated when recorded), else the public variant 0 (a student
    bundle's self-check)."""
    if reference_dir is not None and variant is None:
        held = recorded_variants(reference_dir, exercise, scenarios, device)
        variant = secrets.choice(held) if held else 0
    if variant is not None:
        return variant, reference_runs(exercise, scenarios, device, reference_dir=reference_dir,
                                       cache_dir=cache_dir, launcher=launcher, variant=variant)
    tried: dict[int, tuple[int, dict]] = {}
    while len(tried) < MAX_DRAWS:
        candidate = draw()
        if candidate in tried:
            continue
        refs = reference_runs(exercise, scenarios, device, cache_dir=cache_dir, launcher=launcher,
                              variant=candidate)
        found = problems(exercise, refs)
        if not found:
            return candidate, refs
        tried[candidate] = (len(found), refs)
    # never the public variant (its records are published): the least bad secret one
    best = min(tried, key=lambda v: tried[v][0])
    return best, tried[best][1]


def validated(exercise, scenarios, device: str, count: int, *, cache_dir=None, launcher=None) -> list[int]:
    """`count` secret variants (in random order) whose reference runs show what the checks need."""
    pool = list(range(1, VARIANTS + 1))
    secrets.SystemRandom().shuffle(pool)
    chosen = []
    for candidate in pool:
        refs = reference_runs(exercise, scenarios, device, cache_dir=cache_dir, launcher=launcher,
                              variant=candidate)
        if not problems(exercise, refs):
            chosen.append(candidate)
            if len(chosen) == count:
                break
    return chosen
