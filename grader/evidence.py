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

from grader.checks import PRODUCTION

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

# Checks the parent verifies by training replay (grader.replay): their verdict rests on the Step
# records (each step's gradients against its own backwards), which replay ties to the weights:
# the parent recomputes sampled steps (the backwards from the rows their forwards ran on, the
# optimizer's own update) and the figures. A run whose account does not reproduce fails them; one
# that nothing of could be replayed leaves them not judged. Where the production observer follows
# .grad's clearing (the production exercises), zero_grad takes its account instead, which replay
# does not tie to the weights: there these stay observed.
REPLAYED_CHECKS = {
    "zero_grad": "sampled steps are replayed from the streamed evidence: the gradients each used are those "
                 "the optimizer's own update turns into the next weights, its fresh gradients are the "
                 "backwards recomputed from the rows its forwards ran on, and the Step record's figures are "
                 "theirs (grader.replay)",
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


def replay_verifies(check_id: str, rubric) -> bool:
    """The check is verified by training replay in this exercise (not where the production
    observer's account of .grad decides it: a rubric holding a production check)."""
    return check_id in REPLAYED_CHECKS and not any(e.check in PRODUCTION for e in rubric)


def liar_points(rubric) -> tuple[float, float]:
    """(points a perfect liar could take, total points) of an exercise's rubric entries: those
    resting on observation only (checks training replay verifies in this exercise aside), or,
    where more, those less eval_mode plus the checks the train-mode route opens
    (TRAIN_MODE_ROUTE) without producing the verified numbers."""
    total = sum(float(e.points) for e in rubric)
    observed = sum(float(e.points) for e in rubric
                   if evidence_of(e.check) == OBSERVED and not replay_verifies(e.check, rubric))
    cost = sum(float(e.points) for e in rubric if e.check == TRAIN_MODE_ROUTE_COST)
    route = sum(float(e.points) for e in rubric if e.check in TRAIN_MODE_ROUTE)
    return max(observed, observed - cost + route), total
