"""A GradeResult as GitHub-flavoured Markdown, for a CI job's step summary ($GITHUB_STEP_SUMMARY).

It prints what it is given: pass the student view (grader.reporters.redact.student_view)
for anything a student can read. Text a submission can shape (an exception message, a flag's
reason, a check's observation) appears only inside a code span or a fenced block
(grader.reporters.escape), where GitHub renders no HTML, image, link or heading.
"""
from __future__ import annotations

import html

from grader.reporters.escape import md_code_span, md_fenced
from grader.result import ERROR, PASSED, RUN_OK, GradeResult

_MARK = {PASSED: "✅", ERROR: "⚠️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary(result: GradeResult, *, note: str = "") -> str:
    """Heading with the score, one table row per check, then the message of each check
    that did not pass; `note` (e.g. about hidden checks not run) goes under the table."""
    lines = [f"## {result.exercise}: {result.score:g} / {result.max_score:g} points", ""]
    if result.flagged:
        lines += ["> **Flagged for review: 0 points until a person has looked.** "
                  + md_code_span("; ".join(result.flag_reasons)), ""]
    status = result.runtime.get("status", RUN_OK)
    if status != RUN_OK:
        lines += [f"> **The submission did not finish ({status}).**", "",
                  md_fenced(result.runtime.get("message", "")), ""]
    lines += ["| | Check | Points |", "|---|---|---|"]
    for c in result.checks:
        lines.append(f"| {_MARK.get(c.status, '❌')} | {_cell(c.title)} | {c.score:g} / {c.max_score:g} |")
    if note:
        lines += ["", note]
    failed = [c for c in result.checks if not c.passed]
    if failed:
        lines += ["", "### What to fix", ""]
    for c in failed:
        where = "".join(f"\nat {l['file']}: {l['text']}" + (f"   <- {l['role']}" if l.get("role") else "")
                        for l in c.lines)
        lines += [f"<details><summary>{html.escape(c.title)}</summary>", "", md_fenced(c.message() + where),
                  "", "</details>", ""]
    return "\n".join(lines).rstrip() + "\n"
