"""A short plain-text summary for the terminal."""
from __future__ import annotations

import textwrap

from grader.reporters.escape import terminal_text
from grader.result import ERROR, PASSED, GradeResult

MARK = {PASSED: "PASS", ERROR: "ERR ", "failed": "FAIL"}


def shown(text: str, indent: int = 8) -> str:
    """Text that came from a submission as a terminal may show it (grader.reporters.escape)."""
    return terminal_text(text, indent)


def summary(result: GradeResult, verbose: bool = False) -> str:
    who = f" ({result.student})" if result.student else ""
    lines = [f"{result.exercise}{shown(who)}: {result.score:g} / {result.max_score:g}   [{shown(result.submission)}]"]
    if result.protections:
        lines.append(f"  sandbox: {result.protections.get('summary', '')}")
    if result.flagged:
        lines.append("  FLAGGED FOR REVIEW (0 points): " + shown("; ".join(result.flag_reasons)))
    runtime = result.runtime or {}
    if runtime.get("status") not in (None, "ok"):
        lines.append(f"  run problem: {runtime['status']}: {shown(runtime.get('message', ''))}")
    if getattr(result, "root_cause", ""):
        lines.append(f"  root cause: {shown(result.root_cause)} (the checks that depend on it are not judged)")
    for c in result.checks:
        lines.append(f"  {MARK.get(c.status, c.status):4} {c.score:>4g}/{c.max_score:<3g} {c.id} ({c.evidence})")
        if c.status != PASSED or verbose:
            for part in c.message().splitlines():
                lines.append(textwrap.indent(textwrap.fill(shown(part), 96), "            "))
            for l in c.lines:
                role = f"   <- {l['role']}" if l.get("role") else ""
                lines.append(f"            at {shown(l['file'])}: {shown(l['text'])}{shown(role)}")
    for w in result.warnings:
        lines.append("  note: " + shown(w))
    return "\n".join(lines)
