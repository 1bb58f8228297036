"""GradeResults built by hand, for testing batch reporting without running anything."""
from __future__ import annotations

from grader.result import CheckResult, GradeResult


def make_result(student="alice", *, exercise="training_loop", score=None, status="ok",
                failing=("zero_grad",), output="epoch 1 loss 0.5\n", submission_hash="ab" * 32):
    checks = [
        CheckResult(id="zero_grad", title="Gradients cleared before each backward",
                    status="passed", score=3, max_score=3,
                    observed="optimizer.zero_grad() ran before each of the 42 backward() calls."),
        CheckResult(id="eval_mode", title="Validation runs in eval mode",
                    status="passed", score=2, max_score=2, observed="model.eval() before validation."),
        CheckResult(id="avg_loss", title="Epoch losses averaged per sample",
                    status="passed", score=5, max_score=5, observed="Matches within 1e-6.",
                    visibility="hidden"),
    ]
    for c in checks:
        if status != "ok":
            c.status, c.score, c.observed = "error", 0, "The run did not finish."
        elif c.id in failing:
            c.status, c.score = "failed", 0
            c.observed = (f"<b>{c.id}</b>: gradients accumulated: 0 of 42 backward() calls "
                          "were preceded by zero_grad().")
            c.why = "Gradients add up across steps, so each update uses stale gradients."
            c.fix = "Call optimizer.zero_grad() before loss.backward()."
            c.lines = [{"file": "line 12", "lineno": 12, "text": "    loss.backward()"},
                       {"file": "line 13", "lineno": 13, "text": "    optimizer.step()"}]
    total = sum(c.score for c in checks) if score is None else score
    runtime = {"status": status, "message": "" if status == "ok" else f"the run ended: {status}"}
    curves = {} if status != "ok" else {
        "student": {"train_loss": [30.0, 12.0, 3.0, 1.2, 0.5], "val_loss": [28.0, 11.0, 2.5, 1.0, 0.6]},
        "reference": {"train_loss": [30.0, 9.0, 1.5, 0.4, 0.12], "val_loss": [27.0, 8.0, 1.3, 0.35, 0.11]},
    }
    return GradeResult(
        exercise=exercise, submission=f"/class/{student}.py", submission_hash=submission_hash,
        grader_version="0.1.0", device="cpu", score=total, max_score=10.0, checks=checks,
        runtime=runtime, output=output, curves=curves,
        timings={"total": 2.5, "submission": 1.5, "reference": 0.0}, student=student,
        started_at="2025-01-01T10:00:00+00:00")
