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


def problems(exercise, refs: dict) -> list[str]:
    """What the checks need that the reference runs of one variant do not show: the scenario
    properties (exercises.common.variant_problems), and the rubric's absolute targets reached
    with a margin by the reference (so a correct loop meets them on this variant too)."""
    needs = requirements(exercise)
    found = [f"{name}: {p}" for name, run in refs.items() for p in variant_problems(run, needs.get(name))]
    primary = exercise.scenario_module().PRIMARY
    final = (refs.get(primary) or {}).get("final_eval") or {}
    for entry in exercise.rubric:
        limit, target = entry.params.get("max_val_loss"), entry.params.get("min_val_acc")
        if limit is not None and not final.get("val_loss", float("inf")) <= THRESHOLD_MARGIN * limit:
            found.append(f"the reference's validation loss is not well under {limit:g}")
        if target is not None and not final.get("val_acc", 0.0) >= 1 - THRESHOLD_MARGIN * (1 - target):
            found.append(f"the reference's validation accuracy is not well over {target:g}")
    return found


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
