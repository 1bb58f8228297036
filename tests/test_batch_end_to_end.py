"""SLOW (about 30 s): `grader batch` for real: the engine, warm zygote workers and the sandbox
on a small class mixing layouts, a correct solution, a bug, a notebook, a broken notebook, a
crash and a hang; then a batch killed midway and resumed."""
import csv
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.reporters.summary import report_link
from grader.cli import main

pytestmark = pytest.mark.slow   # runs submissions in the sandbox

DEMO = Path(__file__).parents[1] / "demo" / "class"
# the hanging job names itself (a confined job cannot write a file the test could read)
HANG = ("import ctypes, time\ndef train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n"
        "    ctypes.CDLL(None).prctl(15, b'lghang-batch', 0, 0, 0)\n"
        "    while True:\n        time.sleep(0.1)\n")
CRASH = "import os\ndef train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device='cpu'):\n    os._exit(3)\n"


@pytest.fixture(scope="module")
def reference_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("reference-cache")


@pytest.fixture
def klass(tmp_path, monkeypatch, reference_cache):
    monkeypatch.setenv("LOOPGRADER_CACHE", str(reference_cache))
    root = tmp_path / "class"
    (root / "bob").mkdir(parents=True)
    shutil.copy(DEMO / "alice.py", root / "alice.py")
    shutil.copy(DEMO / "dana.py", root / "bob" / "train.py")           # zero_grad missing
    (root / "bob" / "scratch.py").write_text("print('notes')\n")
    shutil.copy(DEMO / "bob.ipynb", root / "doejane_12345_67890_train.ipynb")
    shutil.copy(DEMO / "sam.ipynb", root / "erin.ipynb")                # not valid JSON
    (root / "frank.py").write_text(CRASH)
    (root / "hank.py").write_text(HANG)
    return root


def rows(out):
    return {r["student"]: r for r in csv.DictReader((out / "grades.csv").open())}


def test_grade_a_class_then_rerun_skips_everything(klass, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["batch", str(klass), "--exercise", "training_loop", "--out", str(out), "--jobs", "2",
            "--timeout", "10"]
    assert main(args) == 0
    grades = rows(out)
    assert sorted(grades) == ["alice", "bob", "canvas:12345", "erin", "frank", "hank"]
    assert grades["alice"]["training_loop"] == grades["alice"]["training_loop max"]
    assert grades["bob"]["training_loop:zero_grad"] == "0"
    assert grades["canvas:12345"]["lms_id"] == "12345" and grades["canvas:12345"]["training_loop status"] == "ok"
    assert grades["canvas:12345"]["name"] == "doejane"
    assert [grades[s]["training_loop status"] for s in ("erin", "frank", "hank")] == [
        "load_error", "crash", "timeout"]
    bob = (out / report_link("training_loop", "bob")).read_text()
    assert "Gradients are cleared" in bob and "<polyline" in bob and "scratch.py" in bob
    index = (out / "index.html").read_text()
    assert "timed out" in index and "crashed" in index and "could not load" in index

    capsys.readouterr()
    start = time.monotonic()
    assert main(args) == 0
    assert time.monotonic() - start < 10
    assert "6 graded (6 unchanged since the last run)" in capsys.readouterr().out


def test_a_killed_batch_loses_nothing_already_graded(klass, tmp_path, monkeypatch):
    for name in ("bob", "doejane_12345_67890_train.ipynb", "frank.py"):
        shutil.rmtree(klass / name) if (klass / name).is_dir() else (klass / name).unlink()
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "grader", "batch", str(klass), "--exercise", "training_loop",
           "--out", str(out), "--jobs", "1", "--timeout", "60"]
    # one worker grades alice, erin, then hank (the hang): kill the batch while it hangs
    batch = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not _named("lghang-batch") and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _named("lghang-batch"), "the batch never reached the hanging submission"
    time.sleep(0.5)
    batch.send_signal(signal.SIGKILL)
    batch.wait()
    db = out / "gradebook.db"
    assert sqlite3.connect(db).execute("SELECT student FROM runs ORDER BY 1").fetchall() == [
        ("alice",), ("erin",)]
    for _ in range(50):   # the zygote sees its parent gone and kills the hanging child
        if not _named("lghang-batch"):
            break
        time.sleep(0.1)
    assert not _named("lghang-batch"), "the hanging submission outlived the batch"

    (klass / "hank.py").write_text(CRASH)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "3 graded (2 unchanged since the last run)" in done.stdout
    assert sqlite3.connect(db).execute("SELECT count(*) FROM runs").fetchone()[0] == 3


def _named(name: str) -> list[int]:
    """Live processes (in any namespace) whose name is `name` (prctl PR_SET_NAME, 15 bytes)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/comm"):
        try:
            if stat.read_text().strip() == name[:15] and _alive(int(stat.parent.name)):
                found.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return found


def _alive(pid):
    """Running, as opposed to gone or a zombie waiting to be reaped."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
