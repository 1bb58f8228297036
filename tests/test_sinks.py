"""Every sink escapes by construction (issue 18.5): one hostile string, put wherever a submission
can put text (its exception message, its file name and so the student's name, a history key, a
check's observation, a flag's reason, a source line), goes through every sink a grade reaches:
terminal summary, batch progress lines, the Markdown step summary, GitHub Classroom's payload,
grades.csv and the LMS import files, HTML reports, JSON, JUnit XML. Each sink is checked by
what it means to its reader (the Markdown rendered as CommonMark, the CSV as a spreadsheet sees a
cell, the XML parsed), never by looking for the example."""
import base64
import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from markdown_it import MarkdownIt

from batch_fakes import make_result
from grader.batch.outputs import write_class, write_student
from grader.batch.progress import Progress
from grader.batch.run import BatchSettings, run_batch
from grader.gradebook import Gradebook
from grader.reporters import classroom, gradescope, markdown, terminal
from grader.reporters.escape import csv_cell, md_code_span, md_fenced, terminal_line
from grader.reporters.grades_csv import grades_csv
from grader.reporters.html import class_summary, student_report
from grader.reporters.junit import junit_xml
from grader.reporters.redact import student_view

HOSTILE = ("=HYPERLINK(\"http://evil\")\x1b]0;pwned\x07\x1b[2J\r\u202eevil\u2066\n"
           "## 18 / 18 points\n<img src=x onerror=alert(1)>`` ``` ~~~\n</details><script>alert(2)</script>"
           "| a | b |\n]]>\x00\ufffe[link](javascript:alert(3))")
# the same, as a file name can carry it (no '/', no NUL)
HOSTILE_NAME = "=cmd|' -C calc'!A0\x1b[2J\u202e<img src=x onerror=alert(1)>``` ## 18"

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def hostile_result(student=HOSTILE):
    result = make_result(student, failing=("zero_grad",), status="ok")
    result.submission = f"/class/{HOSTILE}.py"
    result.runtime = {"status": "crash", "message": HOSTILE}
    result.warnings = [HOSTILE]
    result.root_cause = HOSTILE
    result.curves = {"student": {HOSTILE: [1.0, 2.0]}, "reference": {}}
    check = result.check("zero_grad")
    check.observed, check.why, check.fix = HOSTILE, HOSTILE, HOSTILE
    check.lines = [{"file": HOSTILE, "lineno": 1, "text": HOSTILE}]
    result.flag([HOSTILE])
    result.intake = {"name": HOSTILE, "problem": HOSTILE, "submitted_file": HOSTILE}
    return result


def _html_tags(page: str) -> set[str]:
    return set(re.findall(r"<(img|script)\b", page))


def test_terminal_summary_holds_no_control_character_and_no_line_of_its_own():
    text = terminal.summary(hostile_result(), verbose=True)
    assert not CONTROL.search(text.replace("\n", ""))
    for line in text.splitlines()[1:]:   # nothing the submission wrote starts a line of the grader's
        assert line.startswith(" "), line


def test_progress_lines_are_one_line_each_without_control_characters():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    for stream in (io.StringIO(), Tty()):
        progress = Progress(2, stream=stream)
        progress.note(HOSTILE)
        progress.step(HOSTILE)
        progress.close()
        written = stream.getvalue().replace("\r\x1b[K", "")   # the bar's own redraw, nothing else
        assert not CONTROL.search(written.replace("\n", ""))
        assert "\x1b" not in written.replace("\r\x1b[K", "")


def _rendered(md: str) -> str:
    """The Markdown as GitHub renders it (CommonMark with raw HTML on)."""
    return MarkdownIt("commonmark", {"html": True}).render(md)


def test_markdown_step_summary_renders_no_html_heading_or_link_from_the_submission():
    for result in (hostile_result(), student_view(hostile_result())):
        html = _rendered(markdown.summary(result))
        assert not _html_tags(html)                        # <img>, <script> only as text
        assert "<h2>18 / 18" not in html and "<a href" not in html
        assert html.count("<h2>") == 1                     # the grader's own heading alone
        assert not CONTROL.search(html.replace("\n", ""))


@pytest.mark.parametrize("text", [HOSTILE, "`", "``a``", "````", " ", "", "a`b", "```\n```"])
def test_code_span_and_fence_hold_any_text_literally(text):
    md = MarkdownIt("commonmark", {"html": True})
    span = md.render(md_code_span(text))
    assert not _html_tags(span) and span.count("<code>") == 1
    block = md.render(md_fenced(text) + "\n\nafter")
    assert block.count("<pre>") == 1 and block.rstrip().endswith("<p>after</p>")


def test_classroom_payload_and_json_files_round_trip_the_text_exactly(tmp_path):
    result = hostile_result()
    decoded = json.loads(base64.b64decode(classroom.encode(result)))
    assert any(HOSTILE in t["message"] for t in decoded["tests"])
    assert "\n" not in classroom.encode(result)            # one line, fit for $GITHUB_OUTPUT
    gs = gradescope.to_gradescope(result)
    assert json.loads(json.dumps(gs)) == gs               # JSON carries any text exactly
    report = write_student(tmp_path, result)
    saved = json.loads((report.parent / "result.json").read_text(encoding="utf-8"))
    assert saved["runtime"]["message"] == HOSTILE and saved["intake"]["name"] == HOSTILE


def test_html_reports_show_the_text_and_run_none_of_it(tmp_path):
    result = hostile_result()
    page = student_report(result, ignored=[HOSTILE])
    assert not _html_tags(page) and "&lt;img src=x" in page
    index = class_summary([("training_loop", "The training loop", [result])])
    assert not _html_tags(index) and "&lt;img src=x" in index


def test_junit_is_well_formed_and_carries_the_text():
    root = ET.fromstring(junit_xml([hostile_result()]).encode("utf-8"))
    texts = " ".join((e.text or "") + " ".join(e.attrib.values()) for e in root.iter())
    assert "<img src=x" in texts and "\x1b" not in texts


def test_every_csv_cell_is_inert_in_a_spreadsheet(tmp_path):
    with Gradebook(tmp_path / "gradebook.db") as book:
        for i, student in enumerate((HOSTILE, "+1", "-2", "@SUM(A1)", "\t=1", "\r=1")):
            result = hostile_result(student)
            result.intake = {"layout": "canvas" if i % 2 else "moodle", "lms_id": str(100 + i),
                             "name": student, "problem": HOSTILE}
            result.submission_hash = str(i)
            book.record(result, lms_id=str(100 + i))
            book.add_review(result, action="score", score=1, note=HOSTILE, reviewer="=evil()")
        write_class(tmp_path, book)
        texts = [grades_csv(book)] + [p.read_text(encoding="utf-8") for p in tmp_path.glob("*_grades*.csv")]
    assert len(texts) == 3                                 # grades.csv, Canvas, Moodle
    for text in texts:
        for row in csv.reader(io.StringIO(text)):
            for cell in row:
                assert not cell.startswith(FORMULA) or re.fullmatch(r"-?\d+(\.\d+)?", cell), cell


def test_a_hostile_file_name_through_a_whole_batch(tmp_path):
    """The file name is the student's name: discovery, gradebook, every file a batch writes."""
    klass = tmp_path / "class"
    klass.mkdir()
    (klass / f"{HOSTILE_NAME}.py").write_text("def train(): pass\n")
    stream = io.StringIO()
    outcomes = run_batch(klass, BatchSettings(exercise="training_loop", out=tmp_path / "out", jobs=1),
                         grade=lambda sub, s, l: make_result(sub.student), launcher_factory=lambda: None,
                         warm=lambda s, l: None, preflight=lambda: None, progress=Progress(1, stream=stream))
    [outcome] = outcomes
    assert outcome.submission.name == HOSTILE_NAME
    assert outcome.report.parent.parent == tmp_path / "out" / "training_loop"   # no path escape
    assert not CONTROL.search(stream.getvalue().replace("\n", ""))
    out = tmp_path / "out"
    assert not _html_tags(outcome.report.read_text(encoding="utf-8"))
    assert not _html_tags((out / "index.html").read_text(encoding="utf-8"))
    for row in csv.reader(io.StringIO((out / "grades.csv").read_text(encoding="utf-8"))):
        assert not any(cell.startswith(FORMULA) for cell in row)
    ET.fromstring((out / "junit.xml").read_text(encoding="utf-8").encode("utf-8"))
    assert terminal_line(HOSTILE_NAME).isprintable()
    assert csv_cell(HOSTILE_NAME).startswith("'")
