"""What each check's verdict rests on (docs/forgery.md, "What each point rests on").

- verified: the parent recomputes what the check judges from numbers it controls (the weights the
  child streamed, evaluated on the validation data of the variant this grading drew; digests of
  those weights), so a liar cannot earn the point without producing those numbers;
- observed: the in-process recorder's word only (hooks in the student's process, protected by the
  fingerprints, the streamed events and the seal, but not recomputed): code written to study the
  grader that rewrites memory (ctypes) can take these points.

A check module may declare `EVIDENCE = "verified"` itself (a course's own checks); the built-ins
are listed here, in one place, with the reason.
"""
from __future__ import annotations

VERIFIED = "verified"
OBSERVED = "observed"

# check id -> what the parent recomputes for it
VERIFIED_CHECKS = {
    "convergence": "the returned model's validation figures are computed by the parent from the returned "
                   "weights on this grading's data (grader.verify.evaluate_runs)",
    "best_checkpoint": "each epoch's validation loss is recomputed from that epoch's streamed weights, and a "
                       "restored epoch is believed only if the returned weights' digest is that snapshot's",
    "best_epoch": "the best epoch is found in each epoch's validation loss as recomputed from that epoch's "
                  "streamed weights (grader.trace.read.verified_val_losses)",
    "early_stopping": "the due stop is found in each epoch's validation loss as recomputed from that epoch's "
                      "streamed weights (grader.trace.read.verified_val_losses)",
}

# One route is left to these three: the history's own validation figures are followed where the
# recorder saw the validation run in train mode (dropout draws the parent cannot reproduce without
# the RNG state), so that a loop missing model.eval() loses eval_mode alone. A liar who claims a
# train-mode validation gives up eval_mode, which judges the same records (grader.trace.read.
# own_val_losses).
TRAIN_MODE_ROUTE = frozenset({"best_checkpoint", "best_epoch", "early_stopping"})
TRAIN_MODE_ROUTE_COST = "eval_mode"


def evidence_of(check_id: str, module=None) -> str:
    """VERIFIED or OBSERVED for a check (a module's own EVIDENCE wins for checks not listed here)."""
    if check_id in VERIFIED_CHECKS:
        return VERIFIED
    declared = getattr(module, "EVIDENCE", None) if module is not None else None
    return VERIFIED if declared == VERIFIED else OBSERVED


def liar_points(rubric) -> tuple[float, float]:
    """(points a perfect liar could take, total points) of an exercise's rubric entries: those
    resting on observation only, or, where more, those less eval_mode plus the checks the
    train-mode route opens (TRAIN_MODE_ROUTE) without producing the verified numbers."""
    total = sum(float(e.points) for e in rubric)
    observed = sum(float(e.points) for e in rubric if evidence_of(e.check) == OBSERVED)
    cost = sum(float(e.points) for e in rubric if e.check == TRAIN_MODE_ROUTE_COST)
    route = sum(float(e.points) for e in rubric if e.check in TRAIN_MODE_ROUTE)
    return max(observed, observed - cost + route), total
