"""grades.csv: one row per student, the total and per-check points of each exercise,
read from the gradebook's latest runs (ready for an LMS import)."""
from __future__ import annotations

import csv
import io
import json

from grader.batch.intake import Intake
from grader.gradebook import Gradebook
from grader.reporters.escape import csv_cell


def _number(value: float) -> str:
    return f"{value:g}"


def grades_csv(gradebook: Gradebook) -> str:
    """Columns: student (the key: "<lms>:<id>" or the name as written), name (as the download
    wrote it, Unicode kept), lms_id, then per exercise `<exercise>` (total), `<exercise> max`,
    `<exercise> status` (how the run ended), `<exercise> flagged` ("flagged" where tampering or
    a forged trace zeroed the grade, or the gradebook row is not the grader's), `<exercise> late` ("late" where the LMS marked the
    download late), `<exercise> lms_file_id` (Canvas's attachment id), `<exercise> input_problem`
    (e.g. two different train() files; "" when none) and `<exercise>:<check>` (points) per check.
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
        header += [e, f"{e} max", f"{e} status", f"{e} flagged", f"{e} late", f"{e} lms_file_id", f"{e} input_problem",
                   f"{e} protections"] \
            + [f"{e}:{c}" for c in check_ids[e]]
    rows: dict[str, dict[str, str]] = {}
    for r in runs:
        intake = Intake.from_dict(json.loads(r["result"]).get("intake"))
        row = rows.setdefault(r["student"], {"student": r["student"], "name": intake.name or r["student"],
                                             "lms_id": r["lms_id"]})
        row["lms_id"] = row["lms_id"] or r["lms_id"]
        verified = gradebook.row_result(r)   # an unsigned (forged) row shows flagged at 0
        row[r["exercise"]] = _number(verified.score)
        row[f"{r['exercise']} flagged"] = "flagged" if verified.flagged else ""
        row[f"{r['exercise']} max"] = _number(r["max_score"])
        row[f"{r['exercise']} status"] = r["status"]
        row[f"{r['exercise']} late"] = "late" if intake.late else ""
        row[f"{r['exercise']} lms_file_id"] = intake.lms_file_id
        row[f"{r['exercise']} input_problem"] = intake.problem
        row[f"{r['exercise']} protections"] = (verified.protections or {}).get("summary", "")
    for c in checks:
        flagged = rows[c["student"]].get(f"{c['exercise']} flagged")
        rows[c["student"]][f"{c['exercise']}:{c['check_id']}"] = "0" if flagged else _number(c["score"])

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, restval="", lineterminator="\n")
    writer.writerow({h: csv_cell(h) for h in header})
    writer.writerows({k: csv_cell(v) for k, v in rows[s].items()} for s in sorted(rows))
    return out.getvalue()
