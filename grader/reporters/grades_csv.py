"""grades.csv: one row per student, the total and per-check points of each exercise,
read from the gradebook's latest runs (ready for an LMS import)."""
from __future__ import annotations

import csv
import io

from grader.result import Intake
from grader.reporters.summary import review_text
from grader.gradebook import Gradebook
from grader.reporters.escape import csv_cell


def _number(value: float) -> str:
    return f"{value:g}"


def grades_csv(gradebook: Gradebook) -> str:
    """Columns: student (the key: "<lms>:<id>" or the name as written), name (as the download
    wrote it, Unicode kept), lms_id, then per exercise `<exercise>` (the total that counts: after
    a review and the late policy), `<exercise> max`, `<exercise> status` (how the run ended),
    `<exercise> flagged` ("flagged" where tampering or a forged trace zeroed the grade, or the
    gradebook row is not the grader's), `<exercise> late` ("late" where the download says so),
    `<exercise> late_penalty` (points the late policy took; "" when none), `<exercise> reviewed`
    (the reviewer's decision, name and note; "" when none), `<exercise> graded` (the grader's own
    total, before review and late policy), `<exercise> lms_file_id` (Canvas's attachment id),
    `<exercise> input_problem` (e.g. two different train() files; "" when none),
    `<exercise> protections` and `<exercise>:<check>` (points) per check.
    Every cell goes through csv_cell: a name or file name cannot become a spreadsheet formula."""
    runs = gradebook.latest()
    checks = gradebook.latest_checks()
    exercises = sorted({r["exercise"] for r in runs})
    check_ids: dict[str, list[str]] = {e: [] for e in exercises}
    for c in checks:
        if c["check_id"] not in check_ids[c["exercise"]]:
            check_ids[c["exercise"]].append(c["check_id"])

    header = ["student", "name", "lms_id"]
    for e in exercises:
        header += [e, f"{e} max", f"{e} status", f"{e} flagged", f"{e} late", f"{e} late_penalty",
                   f"{e} reviewed", f"{e} graded", f"{e} lms_file_id", f"{e} input_problem", f"{e} protections"] \
            + [f"{e}:{c}" for c in check_ids[e]]
    rows: dict[str, dict[str, str]] = {}
    for r in runs:
        e = r["exercise"]
        verified = gradebook.row_result(r)   # an unsigned (forged) row shows flagged at 0
        final = gradebook.final(verified)    # as reviewed, then as the late policy charges
        intake = Intake.from_dict(verified.intake)
        row = rows.setdefault(r["student"], {"student": r["student"], "name": intake.name or r["student"],
                                             "lms_id": r["lms_id"]})
        row["lms_id"] = row["lms_id"] or r["lms_id"]
        row[e] = _number(final.score)
        row[f"{e} flagged"] = "flagged" if final.flagged else ""
        row[f"{e} max"] = _number(r["max_score"])
        row[f"{e} status"] = r["status"]
        row[f"{e} late"] = "late" if (intake.late or final.late) else ""
        row[f"{e} late_penalty"] = _number(final.late["penalty"]) if final.late else ""
        row[f"{e} reviewed"] = review_text(final.review)
        row[f"{e} graded"] = _number(verified.score)
        row[f"{e} lms_file_id"] = intake.lms_file_id
        row[f"{e} input_problem"] = intake.problem
        row[f"{e} protections"] = (verified.protections or {}).get("summary", "")
        for c in final.checks:
            if f"{e}:{c.id}" in header:
                row[f"{e}:{c.id}"] = _number(c.score)

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="", lineterminator="\n")
    writer.writerow({h: csv_cell(h) for h in header})
    writer.writerows({k: csv_cell(v) for k, v in rows[s].items()} for s in sorted(rows))
    return out.getvalue()
