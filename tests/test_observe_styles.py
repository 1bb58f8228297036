"""Observation of correct styles that once drew false alarms, and of a silent bug it once hid, in a
fresh interpreter (the instrumentation patches torch process-wide, so it stays out of the test
process): a direct loss_fn.forward(out, y) call is a call of the given loss; .to(device) on a
tensor that is not a batch keeps its meaning (a state_dict "copied" with .to("cpu") on a CPU
model aliases the weights, as it does for the student); torch.as_tensor(x, device=d) is a
move like x.to(d); a history that is a dict (or list) subclass is read like the built-in,
without running its methods. A few seconds."""
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
    from grader.job.observe.history import describe_history
    from grader.job.observe.recorder import Recorder
    from grader.trace import read_run
    from exercises.training_loop.scenario import main

    def observe(loop):
        s = main("cpu")
        r = Recorder(s, "cpu", set())
        r.attach()
        try:
            loop(s.model, s.train_loader, s.val_loader, s.loss_fn, s.optimizer)
        finally:
            r.detach()
        return read_run(dict(r.records(), scenario="main", status="ok")), s

    def forward_methods(m, tl, vl, lf, opt):
        for x, y in tl:
            x, y = x.to("cpu"), y.to("cpu")
            opt.zero_grad(); lf.forward(m.forward(x), y).backward(); opt.step()
        try:
            lf.forward(m(x), None)           # a direct call that raises leaves no call in progress
        except Exception:
            out["raised"] = True
        for x, y in tl:
            lf(m(x.to("cpu")), y.to("cpu"))

    def r_of(t):   # the marks live in the active recorder (grader.job.observe.recorder.TensorMarks)
        return patches._recorder.was_moved(t)

    def state_to_cpu(m, tl, vl, lf, opt):
        best = {k: v.to("cpu") for k, v in m.state_dict().items()}
        moved = {k: v.to("cpu", copy=True) for k, v in m.state_dict().items()}
        out["aliased"] = all(best[k].data_ptr() == v.data_ptr() for k, v in m.state_dict().items())
        out["copied"] = not any(moved[k].data_ptr() == v.data_ptr() for k, v in m.state_dict().items())
        for x, y in tl:
            x2 = x.to("cpu")
            out["batch_copied"] = x2 is not x
            x3 = torch.as_tensor(x, dtype=torch.float32, device="cpu")
            out["as_tensor_moved"] = x3 is not x and r_of(x3)
            out["as_tensor_plain"] = torch.as_tensor(x) is x
            break

    out = {}
    run, s = observe(forward_methods)
    first = run.loss_calls[:7]
    out["given"] = run.given_loss_calls
    out["hook_calls_after_raise"] = sum(1 for c in run.loss_calls[-7:] if c.given and c.value is not None)
    out["calls"] = len(run.loss_calls)
    out["first_given"] = all(c.given and c.value is not None and c.target_moved for c in first)
    out["forward_restored"] = "forward" not in type(s.loss_fn).__dict__ or type(s.loss_fn).forward.__module__ != "grader.job.observe.recorder"
    observe(state_to_cpu)

    ran = []
    class History(dict):
        def items(self):
            ran.append("items"); return []
    class Curve(list):
        def __iter__(self):
            ran.append("iter"); return iter([])
    h = describe_history(History(train_loss=Curve([0.5, 0.25]), best_epoch=2))
    out["history_type"] = h["type"]
    out["history_values"] = [i["value"] for i in h["keys"]["train_loss"]["items"]]
    out["history_best"] = h["keys"]["best_epoch"]["item"]
    out["ran"] = ran
    class Fake:
        __class__ = property(lambda self: dict)
    out["fake"] = describe_history(Fake())["keys"]
    print(json.dumps(out))
''')


def test_styles_are_observed_as_what_they_do():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    # 7 direct loss_fn.forward calls + 1 that raised + 7 through __call__, each counted once
    assert out["raised"] and out["given"] == 15 and out["first_given"]
    assert out["hook_calls_after_raise"] == 7     # the calls after the raise are still given ones
    assert out["calls"] >= 14
    assert out["forward_restored"]
    # state tensors keep .to()'s meaning; a batch already on the device is still copied
    assert out["aliased"] and out["copied"] and out["batch_copied"]
    # torch.as_tensor(x, device=d) moves a batch as x.to(d) does; without a device it is not a move
    assert out["as_tensor_moved"] and out["as_tensor_plain"]
    assert out["history_type"] == "dict" and out["history_values"] == [0.5, 0.25]
    assert out["history_best"] == {"kind": "int", "value": 2.0}
    assert out["ran"] == []                 # no method of the subclasses ran
    assert out["fake"] is None              # a __class__ property does not make a dict
