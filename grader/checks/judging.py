"""The shared shape of the per-forward checks (train_mode, eval_mode, no_grad, device)."""
from __future__ import annotations

from grader.checks import Verdict
from grader.trace.read import epochs_label, first_lines


def judge_forwards(pairs, is_wrong, what: str, wrong_text: str, right_text: str, points=()) -> Verdict:
    """Count the (epoch, record) pairs for which is_wrong(record) holds and say where. Texts are
    completed as "{wrong} of {total} {what} {wrong_text} ({epochs})" and "All {total} {what} {right_text}";
    `points` (grader.checks.pointers) name the lines that decide it, beside the forwards' own."""
    if not pairs:
        return Verdict(False, f"No {what} on the model passed in was observed.")
    wrong = [(n, f) for n, f in pairs if is_wrong(f)]
    if wrong:
        bad = sorted({n for n, _ in wrong if n})
        where = f" ({epochs_label(bad)})" if bad else ""
        return Verdict(False, f"{len(wrong)} of {len(pairs)} {what} {wrong_text}{where}.",
                       lines=first_lines([f for _, f in wrong]), details={"bad_epochs": bad, "wrong": len(wrong)},
                       points=list(points))
    return Verdict(True, f"All {len(pairs)} {what} {right_text}.")
