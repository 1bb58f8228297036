"""The recorder's guarantees, observed in a fresh interpreter (the instrumentation patches torch
process-wide, so it stays out of the test process): model.forward(x) is recorded, materialised
batches still form epochs, step(closure) is judged on the closure's own gradients, a target that
never went to the device is marked, and the grader's own loss recomputation is not a loss call.
A few seconds: one interpreter, the moons scenario, a handful of batches."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent('''
    import json, torch
    from grader.job.observe import patches
    patches.install()
    from grader.job.observe.recorder import Recorder
    from grader.trace import read_run
    from grader.trace.read import epochs
    from exercises.moons.scenario import main

    def observe(loop):
        s = main("cpu")
        r = Recorder(s, "cpu", set())
        r.attach()
        try:
            loop(s.model, s.train_loader, s.val_loader, s.loss_fn, s.optimizer)
        finally:
            r.detach()
        run = read_run(dict(r.records(), scenario="main", status="ok"))
        return run

    def materialised_forward_call(m, tl, vl, lf, opt):
        for _ in range(2):
            batches = [(x.to("cpu"), y.to("cpu")) for x, y in tl]
            m.train()
            for x, y in batches:
                opt.zero_grad(); lf(m.forward(x), y).backward(); opt.step()
            m.eval()
            with torch.no_grad():
                for x, y in vl:
                    lf(m(x.to("cpu")), y)          # target never moved

    def checkpoints(m, tl, vl, lf, opt):
        import copy, io
        best = copy.deepcopy(m)                  # shares the recorder, is not observed
        buffer = io.BytesIO()
        torch.save(m, buffer)                    # the hooks pickle as inert ones
        buffer.seek(0)
        loaded = torch.load(buffer, weights_only=False)
        for x, y in tl:
            x, y = x.to("cpu"), y.to("cpu")
            opt.zero_grad(); lf(m(x), y).backward(); opt.step()
            best(x); loaded(x)
        m.load_state_dict(best.state_dict())

    def closure_without_zero_grad(m, tl, vl, lf, opt):
        for x, y in tl:
            x, y = x.to("cpu"), y.to("cpu")
            def closure():
                loss = lf(m(x), y); loss.backward(); return loss
            opt.step(closure)

    out = {}
    run = observe(materialised_forward_call)
    out["epochs"] = [len(e.train) for e in epochs(run)]
    out["direct"] = sum(f.direct for f in run.forwards)
    out["forwards"] = len(run.forwards)
    out["loss_calls"] = len(run.loss_calls)
    out["given"] = run.given_loss_calls
    out["target_moved"] = sorted({str(c.target_moved) for c in run.loss_calls})
    out["train_targets_moved"] = all(c.target_moved for c in run.loss_calls if c.grad)
    out["linked"] = all(c.forward is not None and c.value is not None for c in run.loss_calls)
    run = observe(checkpoints)
    out["checkpoint_forwards"] = len(run.forwards)
    run = observe(closure_without_zero_grad)
    out["closure"] = [s.closure for s in run.steps][:2]
    out["stale"] = sum(s.residual > 0.01 for s in run.steps)
    out["steps"] = len(run.steps)
    print(json.dumps(out))
''')


def test_recorder_guarantees_in_a_fresh_interpreter():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["epochs"] == [8, 8]                      # 500 rows in batches of 64, trained after the pass ended
    assert out["direct"] == 16 and out["forwards"] == 16 + 4
    assert out["loss_calls"] == out["given"] == 20      # the grader's own recomputation is not one of them
    assert out["train_targets_moved"] and "False" in out["target_moved"]
    assert out["linked"]
    assert out["checkpoint_forwards"] == 8              # only the model passed in, not its copies
    assert out["closure"] == [True, True] and out["steps"] == 8 and out["stale"] == 7
