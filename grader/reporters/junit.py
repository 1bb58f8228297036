"""Results as JUnit XML, the report format CI servers and autograding platforms read (Jenkins'
junit plugin, GitLab's unit test reports, CodeGrade): `grader grade --junit FILE` and
`grader batch --junit FILE` (also written to OUT/junit.xml).

Shape (the common JUnit schema those tools accept):

    <testsuites name="loopgrader" tests failures errors time>
      <testsuite name="<exercise>.<student>" tests failures errors skipped time timestamp>
        <properties><property name="score" value=.../> ...</properties>
        <testcase classname="<exercise>.<student>" name="<check id>: <title>" time="0">
          <failure message="<first line>" type="failed">the whole message</failure>   a failed check
          <error message="..." type="error">...</error>                               not judged / run failed
        </testcase>
      </testsuite>
    </testsuites>

One testsuite per student, one testcase per check; a flagged submission gets a first testcase
"flagged for review" in error. Built with ElementTree (every attribute and text escaped), after
grader.reporters.escape.xml_text removed what XML cannot hold.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from grader.reporters.escape import xml_text
from grader.result import ERROR, FAILED, GradeResult

MESSAGE_SHOWN = 200   # characters of a message in the `message` attribute (the text has it all)


def _first_line(text: str) -> str:
    return xml_text((text or "").strip().splitlines()[0] if (text or "").strip() else "")[:MESSAGE_SHOWN]


def _suite(result: GradeResult, label: str) -> ET.Element:
    name = xml_text(f"{result.exercise}.{label}")
    checks = list(result.checks)
    failures = sum(c.status == FAILED for c in checks)
    errors = sum(c.status == ERROR for c in checks) + (1 if result.flagged else 0)
    seconds = float((result.timings or {}).get("total") or 0.0)
    suite = ET.Element("testsuite", {
        "name": name, "tests": str(len(checks) + (1 if result.flagged else 0)), "failures": str(failures),
        "errors": str(errors), "skipped": "0", "time": f"{seconds:.3f}",
        "timestamp": xml_text(result.started_at or ""), "hostname": "loopgrader"})
    props = ET.SubElement(suite, "properties")
    for key, value in (("score", f"{result.score:g}"), ("max_score", f"{result.max_score:g}"),
                       ("status", (result.runtime or {}).get("status", "")), ("submission", result.submission),
                       ("submission_hash", result.submission_hash), ("grader_version", result.grader_version)):
        ET.SubElement(props, "property", {"name": key, "value": xml_text(value)})
    if result.flagged:
        case = ET.SubElement(suite, "testcase", {"classname": name, "name": "flagged for review", "time": "0"})
        reasons = "; ".join(result.flag_reasons)
        error = ET.SubElement(case, "error", {"message": _first_line(reasons), "type": "flagged"})
        error.text = xml_text(reasons)
    for c in checks:
        case = ET.SubElement(suite, "testcase", {
            "classname": name, "name": xml_text(f"{c.id}: {c.title}"), "time": "0"})
        if c.status == FAILED or c.status == ERROR:
            tag, kind = ("failure", "failed") if c.status == FAILED else ("error", "not judged")
            element = ET.SubElement(case, tag, {"message": _first_line(c.observed or c.title), "type": kind})
            element.text = xml_text(f"{c.score:g}/{c.max_score:g} points\n{c.message()}")
    return suite


def junit_xml(results: list[GradeResult], *, labels: list[str] | None = None) -> str:
    """One document for `results` (one student's, or a class's); `labels` name each suite
    (default: each result's student, else its submission's file name)."""
    root = ET.Element("testsuites", {"name": "loopgrader"})
    totals = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for i, result in enumerate(results):
        label = labels[i] if labels else (result.student or result.submission.replace("\\", "/").rsplit("/", 1)[-1])
        suite = _suite(result, label)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key))
        seconds += float(suite.get("time"))
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{seconds:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
