"""The warm fork-server launcher: same outcomes as a fresh process, and it survives what
students do to it (crash, hang, print floods, forks, exits, memory hogs)."""
import os
import threading
import time

import pytest

from grader.exercise import load_exercise
from grader.sandbox.zygote import ZygoteLauncher

pytestmark = pytest.mark.slow   # every test here runs submissions in the sandbox

GOOD = """
def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    print("training")
    return {"train_loss": [1.0], "val_loss": [1.0]}
"""


def alive(pid):
    """Running, as opposed to gone or a zombie waiting for init to reap it."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def job(code, *, scenarios=()):
    return {"kind": "submission", "exercise": "training_loop", "scenarios": list(scenarios),
            "scenario_file": str(load_exercise("training_loop").scenario_file),
            "device": "cpu", "path": "/class/student.py",
            "program": [{"code": code, "filename": "/class/student.py", "label": "line"}],
            "statement_budget": 20, "load_budget": 30, "scenario_budget": 30}


@pytest.fixture(scope="module")
def launcher():
    with ZygoteLauncher() as zygote:
        zygote.start()
        yield zygote


def run(launcher, code, timeout=20, memory=4 << 30, **kw):
    return launcher.run(job(code, **kw), timeout=timeout, memory_bytes=memory, output_limit=4000)


def test_runs_a_job_and_captures_output_and_trace(launcher):
    out = run(launcher, GOOD + "print('loaded')\n")
    assert out.status == "ok", out
    assert "loaded" in out.output
    kinds = [r["type"] for r in out.records]
    load = next(r for r in out.records if r["type"] == "load")
    assert kinds[:2] == ["boot", "load"] and kinds[-1] == "done" and load["train_found"]


def test_runs_a_real_scenario_with_torch_already_imported(launcher):
    out = run(launcher, GOOD, scenarios=["main"])
    [run_record] = [r for r in out.records if r["type"] == "run"]
    assert out.status == "ok" and run_record["status"] == "ok"
    assert "training" in out.output


def test_a_crash_does_not_take_the_zygote_down(launcher):
    zygote_pid = launcher._proc.pid
    out = run(launcher, "import os\nos.kill(os.getpid(), 11)\n")
    assert out.status == "crash" and out.signal == 11
    out = run(launcher, "import os\nos._exit(3)\n")
    assert out.status == "crash" and out.exit_code == 3
    assert run(launcher, GOOD).status == "ok" and launcher._proc.pid == zygote_pid


def processes_with(marker: str) -> list[int]:
    """Live processes anywhere on the machine (in any namespace) whose command line or name
    holds `marker`."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                text = f.read()
            with open(f"/proc/{entry}/comm", "rb") as f:
                text += f.read()
        except OSError:
            continue
        if marker.encode() in text and alive(int(entry)):
            found.append(int(entry))
    return found


def test_a_hang_is_killed_with_everything_it_forked(launcher):
    marker = f"lgsurv-hang-{os.getpid()}"
    code = (f"import os, sys, time, subprocess\n"
            f"p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', {marker!r}])\n"
            f"while True:\n    time.sleep(0.1)\n")
    seen = []
    watching = threading.Event()

    def watch():   # the grandchild must really have run while the job hung
        while not watching.is_set():
            seen.extend(processes_with(marker))
            time.sleep(0.2)
    watcher = threading.Thread(target=watch)
    watcher.start()
    start = time.monotonic()
    try:
        out = launcher.run(job(code) | {"statement_budget": 300, "load_budget": 300},
                           timeout=3, memory_bytes=4 << 30, output_limit=4000)
    finally:
        watching.set()
        watcher.join()
    assert out.status == "timeout" and time.monotonic() - start < 10
    assert seen, "the grandchild never started"
    time.sleep(0.2)
    assert processes_with(marker) == []
    assert run(launcher, GOOD).status == "ok"


def test_output_flood_is_capped(launcher):
    out = run(launcher, "import sys\nfor i in range(200000):\n    sys.stdout.write('x' * 50 + '\\n')\n" + GOOD)
    assert out.status == "ok"
    assert out.output_bytes > 5_000_000 and len(out.output) < 6000 and "omitted" in out.output


def test_memory_limit_applies_in_the_child(launcher):
    out = run(launcher, "import torch\nx = torch.ones(2_000_000_000)\n" + GOOD, scenarios=["main"],
              memory=3 << 30)
    load = next(r for r in out.records if r["type"] == "load")
    assert out.status == "ok" and any("MemoryError" in n or "memory" in n.lower() for n in load["notes"])


def test_started_by_a_passing_thread_restarted_if_it_dies_and_stopped_by_close():
    launcher = ZygoteLauncher()
    starter = threading.Thread(target=launcher.start)   # the thread ends; the zygote must not
    starter.start()
    starter.join()
    time.sleep(0.3)
    started = launcher._proc
    assert started.poll() is None, "the zygote died with the thread that started it"
    assert run(launcher, GOOD).status == "ok" and launcher._proc is started   # not restarted
    launcher._proc.kill()
    launcher._proc.wait()
    assert run(launcher, GOOD).status == "ok"
    proc = launcher._proc
    launcher.close()
    assert proc.poll() is not None
