"""A short plain-text summary for the terminal."""
from __future__ import annotations

import textwrap

from grader.result import ERROR, PASSED, GradeResult

MARK = {PASSED: "PASS", ERROR: "ERR ", "failed": "FAIL"}


def summary(result: GradeResult, verbose: bool = False) -> str:
    who = f" ({result.student})" if result.student else ""
    lines = [f"{result.exercise}{who}: {result.score:g} / {result.max_score:g}   [{result.submission}]"]
    if result.protections:
        lines.append(f"  sandbox: {result.protections.get('summary', '')}")
    if result.flagged:
        lines.append("  FLAGGED FOR REVIEW (0 points): " + "; ".join(result.flag_reasons))
    runtime = result.runtime or {}
    if runtime.get("status") not in (None, "ok"):
        lines.append(f"  run problem: {runtime['status']}: {runtime.get('message', '')}")
    if getattr(result, "root_cause", ""):
        lines.append(f"  root cause: {result.root_cause} (the checks that depend on it are not judged)")
    for c in result.checks:
        lines.append(f"  {MARK.get(c.status, c.status):4} {c.score:>4g}/{c.max_score:<3g} {c.id}")
        if c.status != PASSED or verbose:
            for part in c.message().splitlines():
                lines.append(textwrap.indent(textwrap.fill(part, 96), "            "))
            for l in c.lines:
                lines.append(f"            at {l['file']}: {l['text']}")
    for w in result.warnings:
        lines.append(textwrap.indent(f"note: {w}", "  "))
    return "\n".join(lines)
