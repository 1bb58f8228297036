"""Which scenario variant a grading run uses, and what the job is given of it.

Variant 0 is the public scenario: bundles and self-check grade on it, and anyone can build it.
Every other grading run is on a secret variant (`SecretVariant`): a random 63-bit label, drawn
afresh per `grader grade` and per `grader batch` invocation (so the reference runs once for the
class), whose seeds come from HMAC(course key, label) (`exercises.common.variant_seed`). The key
is a random file in the reference cache's folder (the instructor's, never in a job's view) or,
for a Gradescope zip, one created per export beside its recorded traces. So the variant space is
far too large to precompute, and reading the grader's code gives no way to derive a variant.

The job never receives the label nor the secret: the parent builds the variant and sends the
job its tensors (`grader.reference_runs.variant_job_fields`, `exercises.common.variant_state`);
the job builds the public objects and loads those values into them. What it holds before
train() is the data itself.

The reference runs on the drawn variant like on any other (sandboxed, cached by cache folder,
whose key it is, and label); a variant whose reference run lacks what the checks need (a best
epoch before the last one, early stopping firing in one scenario and not in the other) is set
aside, its cache entries removed, and another drawn.
"""
from __future__ import annotations

import secrets
from pathlib import Path

from exercises.common import variant_problems
from grader.environment import default_cache_dir
from grader.reference_runs import forget_variant, recorded_variants, reference_runs
from grader.variant_situations import situation_problems
from grader.signing import KEY_NAME, Signer

LABEL_BITS = 63      # a label fits a signed 64-bit integer (SQLite, JSON readers)
MAX_DRAWS = 16       # variants tried before settling for the one with the fewest problems
VARIANT_PURPOSE = "scenario-variant"   # the HMAC purpose a variant's secret is derived under


class SecretVariant(int):
    """A secret scenario variant: the int is its label (reports, cache files, gradebook name it;
    it reveals nothing without the key), `secret` the source of its seeds. Only the grader's own
    processes hold one; a job gets the variant's tensors instead
    (grader.reference_runs.variant_job_fields)."""

    secret: bytes

    def __new__(cls, label: int, secret: bytes):
        if not 0 < label < 2 ** LABEL_BITS or type(secret) is not bytes or len(secret) < 16:
            raise ValueError("a secret variant needs a label in 1..2**63-1 and a secret of 16+ bytes")
        variant = super().__new__(cls, label)
        variant.secret = secret
        return variant

    def __reduce__(self):   # pickled for the grader's own workers (Dask) with its secret
        return (SecretVariant, (int(self), self.secret))


def variant_key(folder) -> Signer:
    """The key secret variants are derived from: the signing key of `folder` (the reference cache,
    or a Gradescope zip's traces folder) under its own purpose."""
    return Signer(Path(folder), VARIANT_PURPOSE)


def secret_variant(key: Signer, label: int) -> SecretVariant:
    return SecretVariant(label, bytes.fromhex(key.sign(label)))


def fresh_variant(key: Signer) -> SecretVariant:
    return secret_variant(key, 1 + secrets.randbelow(2 ** LABEL_BITS - 1))


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
    # every check's own situation (grader/variant_situations.py): no bug's detection depends on the draw
    found += situation_problems(exercise, refs)
    return found


def _last(run, key: str):
    items = ((((run or {}).get("history") or {}).get("keys") or {}).get(key) or {}).get("items") or []
    value = items[-1].get("value") if items else None
    return value if type(value) is float else None


def recorded_variant(reference_dir, label: int):
    """A recorded secret variant of a Gradescope zip: derived from the key stored beside its traces
    (a zip from before keys existed holds plain probe variants: the label itself)."""
    if label == 0 or not (Path(reference_dir) / KEY_NAME).is_file():
        return label
    return secret_variant(variant_key(reference_dir), label)


def choose_variant(exercise, scenarios, device: str, variant: int | None, *, reference_dir=None,
                   cache_dir=None, launcher=None) -> tuple[int, dict]:
    """(variant, reference runs on it). `variant` None draws one: a fresh secret variant from the
    cache folder's key (validating each drawn variant's reference run), or, with recorded traces,
    one of the secret variants they hold (a Gradescope zip; validated when recorded), else the
    public variant 0 (a student bundle's self-check)."""
    if reference_dir is not None and variant is None:
        held = recorded_variants(reference_dir, exercise, scenarios, device)
        variant = recorded_variant(reference_dir, secrets.choice(held)) if held else 0
    if variant is not None:
        return variant, reference_runs(exercise, scenarios, device, reference_dir=reference_dir,
                                       cache_dir=cache_dir, launcher=launcher, variant=variant)
    key = variant_key(cache_dir or default_cache_dir())
    tried: dict[int, tuple[int, dict]] = {}
    for _ in range(MAX_DRAWS):
        candidate = fresh_variant(key)
        refs = reference_runs(exercise, scenarios, device, cache_dir=cache_dir, launcher=launcher,
                              variant=candidate)
        found = problems(exercise, refs)
        if not found:
            for rejected in tried:
                forget_variant(exercise, scenarios, device, rejected, cache_dir=cache_dir)
            return candidate, refs
        tried[candidate] = (len(found), refs)
    # never the public variant (its records are published): the least bad secret one
    best = min(tried, key=lambda v: tried[v][0])
    return best, tried[best][1]


def validated(exercise, scenarios, device: str, count: int, key: Signer, *, cache_dir=None,
              launcher=None) -> list[SecretVariant]:
    """`count` fresh secret variants of `key` whose reference runs show what the checks need
    (at most MAX_DRAWS tries for each; then the least bad of those tried, so always `count`)."""
    chosen, rejected = [], []
    for _ in range(count * MAX_DRAWS):
        candidate = fresh_variant(key)
        refs = reference_runs(exercise, scenarios, device, cache_dir=cache_dir, launcher=launcher,
                              variant=candidate)
        found = problems(exercise, refs)
        if found:
            rejected.append((len(found), candidate))
            continue
        chosen.append(candidate)
        if len(chosen) == count:
            break
    # never fewer than asked (an export with no secret variant would grade on the public one):
    # the least bad of the rejected, as choose_variant settles
    rejected.sort(key=lambda t: t[0])
    chosen += [v for _, v in rejected[:count - len(chosen)]]
    for _, v in rejected:
        if v not in chosen:
            forget_variant(exercise, scenarios, device, v, cache_dir=cache_dir)
    return chosen
