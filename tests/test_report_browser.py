"""Reports as a reader sees them: rendered by headless Chromium from disk, no network.

A probe script appended to a copy of each page reports the rendered text (innerText:
what is on screen, after CSS) and the on-screen size of the chart lines; a screenshot
must come out. Skips cleanly where Chromium is not installed (apt-get install chromium)."""
import json
import shutil
import subprocess

import pytest

from batch_fakes import make_result
from grader.reporters.html import class_summary, student_report

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

PROBE = """<script>
const lines = [...document.querySelectorAll('svg polyline')].map(p => p.getBoundingClientRect());
const out = {text: document.body.innerText,
             lines: lines.map(r => [r.width, r.height]),
             svg: [...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().width)};
document.body.innerHTML = '';
const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def chromium(tmp_path, *args):
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
           f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


def seen(tmp_path, html, name):
    """What a reader of `html` sees: {"text", "lines", "svg"}; also screenshots the page."""
    page = tmp_path / f"{name}.html"
    page.write_text(html)
    shot = tmp_path / f"{name}.png"
    chromium(tmp_path, "--window-size=1280,1800", f"--screenshot={shot}", page.as_uri())
    assert shot.is_file() and shot.stat().st_size > 10_000
    probe = tmp_path / f"{name}.probe.html"
    probe.write_text(html.replace("</body>", PROBE + "</body>"))
    dom = chromium(tmp_path, "--dump-dom", probe.as_uri()).stdout
    data = dom[dom.index('<pre id="probe">') + len('<pre id="probe">'):dom.index("</pre>")]
    return json.loads(data.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))


def test_student_report_in_a_browser(tmp_path):
    view = seen(tmp_path, student_report(make_result("alice"), exercise_title="The training loop"), "alice")
    text = view["text"]
    assert "7 / 10" in text and "2 of 3 checks passed" in text
    assert "0 of 42 backward() calls were preceded by zero_grad()" in text
    assert "Fix\nCall optimizer.zero_grad() before loss.backward()." in text.replace("\t", "\n")
    assert "train_loss (reference)" in text
    # four curves drawn, each spanning most of a chart that fills a readable width
    assert len(view["lines"]) == 4
    assert all(w > 300 and h > 50 for w, h in view["lines"])
    assert min(view["svg"]) > 500


def test_student_report_prints(tmp_path):
    page = tmp_path / "alice.html"
    page.write_text(student_report(make_result("alice")))
    pdf = tmp_path / "alice.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 2


def test_class_summary_in_a_browser(tmp_path):
    results = [make_result("alice"), make_result("bob", failing=()), make_result("dave", status="timeout")]
    view = seen(tmp_path, class_summary([("training_loop", "The training loop", results)]), "index")
    text = view["text"]
    assert "The training loop" in text and "TIMED OUT" in text  # badges are upper-cased by CSS
    assert "Gradients cleared before each backward" in text and "33%" in text
    assert "7 / 10" in text and "10 / 10" in text and "0 / 10" in text
