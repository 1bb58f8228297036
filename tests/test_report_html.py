"""HTML reports rendered from GradeResults: content, escaping, self-containment."""
import re

from batch_fakes import make_result
from grader.reporters.summary import report_link
from grader.reporters.html import class_summary, student_report
from grader.reporters.svg import Series, line_chart


def test_student_report_shows_score_checks_code_curves_output_and_timing():
    html = student_report(make_result("alice"), exercise_title="The training loop",
                          ignored=["alice/old_try.py"])
    assert '<span class="value" id="score">7</span><span class="of"> / 10</span>' in html
    assert "The training loop" in html and "alice/old_try.py" in html
    # the failing check: observed with numbers, why, fix, and the student's own lines
    assert "0 of 42 backward() calls" in html
    assert "Gradients add up across steps" in html and "Call optimizer.zero_grad()" in html
    assert re.search(r"<span class=\"ln\">line 12</span>\s*loss\.backward\(\)", html)
    # passed checks do not lecture
    assert html.count("Why it matters") == 1
    # curves: student solid, reference dashed
    assert html.count("<polyline") == 4 and html.count('stroke-dasharray="6 4"') >= 2
    assert "epoch 1 loss 0.5" in html and "submission</td>" in html


def test_student_text_is_escaped_and_page_is_self_contained():
    result = make_result("alice", output="<script>alert('x')</script>\n<img src=http://evil/x.png>")
    result.check("zero_grad").lines = [{"file": "a.py", "lineno": 3, "text": "s = '</pre><script>'"}]
    html = student_report(result)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(" in html and "&lt;b&gt;zero_grad&lt;/b&gt;" in html
    # no network assets: no external src/href, stylesheet inlined
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert "<style>" in html and "@media print" in html


def test_long_output_keeps_its_end():
    html = student_report(make_result(output="A" * 20000 + "THE END"))
    assert "THE END" in html and "earlier characters not shown" in html
    assert html.count("A") < 12000


def test_crashed_run_says_so_and_has_no_curves():
    html = student_report(make_result("dave", status="timeout"))
    assert "timed out" in html and "the run ended: timeout" in html
    assert "<polyline" not in html and "No curves were recorded" in html


def test_chart_breaks_at_nan_and_says_so():
    chart = line_chart([Series("train_loss", [1.0, float("nan"), 0.5, 0.4], "#000")], title="t")
    assert "Not drawn: train_loss: nan at epoch 2" in chart
    assert chart.count("<polyline") == 1 and chart.count("<circle") == 1


def test_class_summary_sorts_misconceptions_and_lists_failures():
    results = [make_result("alice"), make_result("bob", failing=()),
               make_result("carol", failing=("zero_grad", "eval_mode")),
               make_result("dave", status="crash")]
    html = class_summary([("training_loop", "The training loop", results)])
    rates = html[html.index('class="rates"'):html.index("Runs that did not finish")]
    assert rates.index("zero_grad") < rates.index("eval_mode") < rates.index("avg_loss")
    assert "50%" in rates and "25%" in rates
    assert f'href="{report_link("training_loop", "dave")}"' in html and "crashed" in html
    for student in ("alice", "bob", "carol", "dave"):
        assert f'href="{report_link("training_loop", student)}">{student}</a>' in html
    assert "<svg" in html and "score (out of 10)" in html


def test_a_crash_points_at_the_students_line():
    result = make_result("victor", status="crash")
    result.runtime["scenarios"] = {"main": {"status": "error", "error": {
        "type": "RuntimeError", "message": "RuntimeError: element 0 of tensors does not require grad",
        "frames": [["/class/victor.py", 23, "loss.backward()"]]}}}
    html = student_report(result)
    assert "Crashed." in html
    assert re.search(r'<span class="ln">victor\.py:23</span>loss\.backward\(\)', html)
