"""Training replay (grader.replay): honest loops of every style reproduce when the parent replays
their sampled steps, and accounts that do not come from the weights are not believed.

The runs are observed in a fresh interpreter (the instrumentation patches torch process-wide), a
few epochs each, with the recorder and the step witness the child uses; the lies stand in for what
a submission that rewrites the grader's memory (ctypes) could make the recorder say (slow: ~30 s
of CPU in one interpreter); the replay functions on numbers are tested here in milliseconds."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from grader.replay import Replay, apply_replay, same_values, step_figures

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent('''
    import copy, json, random, sys, torch
    from grader.job.observe import patches
    patches.install()
    from grader.job.observe.journal import SnapshotJournal, StepJournal, seal
    from grader.job.observe.recorder import Recorder
    from grader.job.observe.step_evidence import StepWitness
    from grader.replay import replay_run
    from exercises.regression import regression_setup
    from exercises.moons.scenario import main as moons
    from exercises.amp_clipping.scenario import main as amp
    from exercises.grad_accumulation.scenario import main as accum

    def sgd_momentum(device, variant=0):
        s = regression_setup(device, variant=variant, epochs=3)
        s.optimizer = torch.optim.SGD(s.model.parameters(), lr=0.01, momentum=0.9)
        return s

    def regression(device, variant=0):
        return regression_setup(device, variant=variant, epochs=3)

    def observe(build, loop, edit=None, epochs=3):
        s = build("cpu")
        s.epochs = epochs
        r = Recorder(s, "cpu", set())
        out = []
        r.snapshots = SnapshotJournal(out.append, "main")
        r.witness = StepWitness(r, StepJournal(out.append, "main", 6000))
        r.attach()
        try:
            loop(s.model, s.train_loader, s.val_loader, s.loss_fn, s.optimizer, epochs, **s.kwargs)
        finally:
            r.detach()
        torch.set_default_dtype(torch.float32)
        run = dict(r.records(), scenario="main", status="ok", device="cpu")
        r.finish()
        seal(run, r, None, {})
        steps = [o for o in out if o["type"] == "step_evidence"]
        if edit:
            edit(run, steps)
        fresh = build("cpu")
        result = replay_run(fresh, run, steps, [o for o in out if o["type"] == "snapshot"],
                            chooser=random.Random(0), sampled=len(steps))
        return result.to_dict()

    def validate(m, vl):
        m.eval()
        with torch.no_grad():
            for x, y in vl:
                m(x)

    def honest(m, tl, vl, lf, opt, epochs, **kw):
        for e in range(epochs):
            m.train()
            for x, y in tl:
                opt.zero_grad(); lf(m(x), y).backward(); opt.step()
            validate(m, vl)

    def never_zeroed(m, tl, vl, lf, opt, epochs, **kw):
        for e in range(epochs):
            m.train()
            for x, y in tl:
                lf(m(x), y).backward(); opt.step()
            validate(m, vl)

    def restores_best(m, tl, vl, lf, opt, epochs, **kw):
        best = None
        for e in range(epochs):
            honest(m, tl, vl, lf, opt, 1)
            if e == 1:
                best = copy.deepcopy(m.state_dict())
        m.load_state_dict(best)

    def accumulates(m, tl, vl, lf, opt, epochs, accum_steps=3, **kw):
        for e in range(epochs):
            m.train()
            opt.zero_grad()
            for i, (x, y) in enumerate(tl):
                (lf(m(x), y) / accum_steps).backward()
                if (i + 1) % accum_steps == 0 or i + 1 == len(tl):
                    opt.step(); opt.zero_grad()
            validate(m, vl)

    def scaled_clipped(m, tl, vl, lf, opt, epochs, scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16, **kw):
        for e in range(epochs):
            m.train()
            for x, y in tl:
                opt.zero_grad()
                with torch.autocast("cpu", dtype=amp_dtype):
                    loss = lf(m(x), y)
                scaler.scale(loss).backward()
                scaler.unscale_(opt)
                torch.nn.utils.clip_grad_norm_(m.parameters(), max_norm)
                scaler.step(opt); scaler.update()
            validate(m, vl)

    def closure(m, tl, vl, lf, opt, epochs, **kw):
        for e in range(epochs):
            m.train()
            for x, y in tl:
                def step():
                    opt.zero_grad(); loss = lf(m(x), y); loss.backward(); return loss
                opt.step(step)
            validate(m, vl)

    def l2_penalty(m, tl, vl, lf, opt, epochs, **kw):
        for e in range(epochs):
            m.train()
            for x, y in tl:
                opt.zero_grad()
                loss = lf(m(x), y) + 1e-3 * sum((p ** 2).sum() for p in m.parameters())
                loss.backward(); opt.step()
            validate(m, vl)

    def float64(m, tl, vl, lf, opt, epochs, **kw):
        torch.set_default_dtype(torch.float64)
        m.double()
        for e in range(epochs):
            m.train()
            for x, y in tl:
                opt.zero_grad(); lf(m(x.double()), y.double()).backward(); opt.step()
            validate_double(m, vl)

    def validate_double(m, vl):
        m.eval()
        with torch.no_grad():
            for x, y in vl:
                m(x.double())

    def extra_randomness(m, tl, vl, lf, opt, epochs, **kw):
        for e in range(epochs):
            m.train()
            for x, y in tl:
                torch.rand(3)   # the student's own draws between forwards
                opt.zero_grad(); lf(m(x), y).backward(); opt.step()
            validate(m, vl)

    def autocast_inside(m, tl, vl, lf, opt, epochs, **kw):
        # autocast entered inside the model's forward, its output cast back to float32: nothing of it
        # shows at the model's call
        inner = m.forward
        def forward(x):
            with torch.autocast("cpu", dtype=torch.bfloat16):
                return inner(x).float()
        m.forward = forward
        honest(m, tl, vl, lf, opt, epochs)

    def double_step(m, tl, vl, lf, opt, epochs, **kw):
        # two steps on each batch's gradients (step_cadence's bug): the second has no backward
        for e in range(epochs):
            m.train()
            for x, y in tl:
                opt.zero_grad(); lf(m(x), y).backward(); opt.step(); opt.step()
            validate(m, vl)

    def foreign_parameter(m, tl, vl, lf, opt, epochs, **kw):
        # a parameter of the student's own in the optimizer: steps that are not the model's alone
        opt.add_param_group({"params": [torch.nn.Parameter(torch.zeros(1))]})
        honest(m, tl, vl, lf, opt, epochs)

    def loss_off_the_graph(m, tl, vl, lf, opt, epochs, **kw):
        # the loss re-wrapped as a new leaf: no backward reaches the model, the steps change nothing
        for e in range(epochs):
            m.train()
            for x, y in tl:
                opt.zero_grad()
                torch.tensor(lf(m(x), y).item(), requires_grad=True).backward()
                opt.step()
            validate(m, vl)

    def diverges(m, tl, vl, lf, opt, epochs, **kw):
        for g in opt.param_groups:
            g["lr"] = 5.0
        never_zeroed(m, tl, vl, lf, opt, epochs)

    def jumps(m, tl, vl, lf, opt, epochs, **kw):
        # weights moved outside optimizer.step(): the steps the recorder saw did not make them
        for e in range(epochs):
            m.train()
            for i, (x, y) in enumerate(tl):
                opt.zero_grad(); lf(m(x), y).backward(); opt.step()
                if e == 1 and i == 2:
                    with torch.no_grad():
                        for p in m.parameters():
                            p.add_(0.01)
            validate(m, vl)

    def loads_pretrained(m, tl, vl, lf, opt, epochs, **kw):
        # weights from elsewhere (a file made offline) loaded mid-run, then trained on
        pretrained = {k: v + 0.05 for k, v in m.state_dict().items()}
        for e in range(epochs):
            if e == 1:
                m.load_state_dict(pretrained)
            honest(m, tl, vl, lf, opt, 1)

    def returns_other(m, tl, vl, lf, opt, epochs, **kw):
        honest(m, tl, vl, lf, opt, epochs)
        with torch.no_grad():
            for p in m.parameters():
                p.mul_(0.5)

    def step_records_say_cleared(run, steps):
        # the recorder's Step records rewritten to say each step used only its own backward
        for s in run["steps"]:
            s.update(residual=0.0, scale=1.0, fresh_norm=s["grad_norm"])

    def evidence_says_cleared(run, steps):
        # ... and the witness's `fresh` gradients too, to match
        for r, s in zip(steps, run["steps"]):
            r["evidence"]["fresh"] = r["evidence"]["grad"]
            s.update(residual=0.0, scale=1.0, fresh_norm=s["grad_norm"])

    def grads_say_cleared(run, steps):
        # ... or the gradients the steps used rewritten to be their fresh ones
        for r, s in zip(steps, run["steps"]):
            if r["evidence"]["fresh"] is not None:   # None: the same bytes as grad already
                r["evidence"]["grad"] = r["evidence"]["fresh"]
            s.update(residual=0.0, scale=1.0, grad_norm=s["fresh_norm"])

    def fresh_emptied(run, steps):
        # the recorder's fresh sums emptied before each step: "no backward reached it", nothing stale
        for r, s in zip(steps, run["steps"]):
            r["evidence"]["fresh"] = {}
            s.update(fresh_norm=0.0, scale=0.0, residual=1.0 if s["grad_norm"] > 0 else 0.0)

    def withholds_state(run, steps):
        # the optimizer's state never sent (so no update could be replayed), the used gradients
        # rewritten to the fresh ones
        for r, s in zip(steps, run["steps"]):
            r["evidence"]["state"] = None
            if r["evidence"]["fresh"] is not None:
                r["evidence"]["grad"] = r["evidence"]["fresh"]
            s.update(residual=0.0, scale=1.0, grad_norm=s["fresh_norm"])

    def drops_evidence(run, steps):
        del steps[3]

    cases = {
        "honest": (regression, honest, None), "moons_adamw": (moons, honest, None),
        "sgd_momentum": (sgd_momentum, honest, None), "restores_best": (regression, restores_best, None),
        "accumulates": (accum, accumulates, None), "scaled_clipped": (amp, scaled_clipped, None),
        "closure": (regression, closure, None), "l2_penalty": (regression, l2_penalty, None),
        "autocast_inside": (regression, autocast_inside, None),
        "foreign_parameter": (regression, foreign_parameter, None),
        "loss_off_the_graph": (regression, loss_off_the_graph, None),
        "double_step": (regression, double_step, None),
        "float64": (regression, float64, None), "extra_randomness": (regression, extra_randomness, None),
        "diverges": (sgd_momentum, diverges, None), "never_zeroed": (regression, never_zeroed, None),
        "jumps": (regression, jumps, None), "loads_pretrained": (regression, loads_pretrained, None),
        "returns_other": (regression, returns_other, None),
        "records_lie": (regression, never_zeroed, step_records_say_cleared),
        "evidence_lies": (regression, never_zeroed, evidence_says_cleared),
        "grads_lie": (regression, never_zeroed, grads_say_cleared),
        "drops_evidence": (regression, honest, drops_evidence),
        "fresh_emptied": (regression, never_zeroed, fresh_emptied),
        "withholds_state": (regression, never_zeroed, withholds_state),
    }
    print(json.dumps({name: observe(*case) for name, case in cases.items()}))
''')

HONEST = ("honest", "moons_adamw", "sgd_momentum", "restores_best", "accumulates", "scaled_clipped", "closure",
          "l2_penalty", "autocast_inside", "loss_off_the_graph", "double_step", "float64", "extra_randomness", "diverges", "never_zeroed")
LIES = {"jumps": "changed outside optimizer.step()", "loads_pretrained": "changed outside optimizer.step()",
        "returns_other": "the returned weights are not weights any optimizer step produced",
        "records_lie": "is not that of the gradients it used",
        "evidence_lies": "not those of the backwards the trace names",
        "grads_lie": "update rule", "drops_evidence": "step evidence for",
        "fresh_emptied": "not those of the backwards the trace names"}


@pytest.fixture(scope="module")
def replays() -> dict:
    out = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize("case", HONEST)
def test_honest_training_reproduces(replays, case):
    found = replays[case]
    assert found["failure"] is None, found
    assert found["judged"], found
    assert found["replayed"] or case == "loss_off_the_graph", found


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(LIES))
def test_an_account_the_weights_do_not_give_is_not_believed(replays, case):
    found = replays[case]
    assert found["failure"] and LIES[case] in found["failure"], found


@pytest.mark.slow
def test_steps_of_other_parameters_are_not_judged_never_disbelieved(replays):
    found = replays["foreign_parameter"]
    assert found["failure"] is None and not found["judged"] and "other than the model's" in found["note"], found


@pytest.mark.slow
def test_updates_that_cannot_be_replayed_leave_the_run_unjudged(replays):
    # the gradients a step used are believed only through its update
    found = replays["withholds_state"]
    assert not found["judged"] and "update could not be replayed" in found["note"], found


# ---- on numbers, in milliseconds -------------------------------------------------------------

def test_same_values_widens_and_treats_nan_exactly():
    a = {"w": torch.tensor([1.5, float("nan"), float("-inf")])}
    assert same_values(a, {"w": a["w"].double()})
    assert not same_values(a, {"w": torch.tensor([1.5, 0.0, float("-inf")])})
    assert not same_values(a, {"w": torch.tensor([1.5, float("nan"), float("inf")])})


def test_step_figures_are_the_recorders():
    g, c = {"w": torch.tensor([2.0, 0.0])}, {"w": torch.tensor([1.0, 1.0])}
    f = step_figures(g, c, ["w"])
    assert f["scale"] == pytest.approx(1.0) and f["residual"] == pytest.approx(2 ** 0.5 / 2)


class _Result:
    def __init__(self, status):
        self.id, self.status, self.score, self.evidence, self.observed, self.details = \
            "zero_grad", status, 1.0, "observed", "", {}


def _run(replay):
    return {"status": "ok", "device": "cpu", "steps": [{}], "replay": replay}


def test_a_failed_replay_fails_the_replayed_checks_and_names_the_step():
    c = _Result("passed")
    apply_replay([c], {"main": _run(Replay(failure="optimizer step 4: x").to_dict())})
    assert c.status == "failed" and c.score == 0 and "optimizer step 4" in c.observed


def test_a_run_nothing_of_which_replays_is_not_judged_and_a_replayed_one_is_verified():
    c = _Result("passed")
    apply_replay([c], {"main": _run(Replay(note="closures").to_dict())})
    assert c.status == "error" and c.score == 0
    c = _Result("passed")
    apply_replay([c], {"main": _run(Replay(judged=True, replayed=[1]).to_dict())})
    assert c.status == "passed" and c.evidence == "verified"


def test_the_sample_is_drawn_after_the_run():
    # the chooser is the parent's: two draws over the same steps differ (the job cannot aim at them)
    draws = {tuple(random.SystemRandom().sample(range(200), 3)) for _ in range(5)}
    assert len(draws) > 1


def test_a_failing_step_is_named_by_epoch_and_batch():
    from grader.replay import _where

    steps = [{"train_pass": 0, "batch": 0}, {"train_pass": 0, "batch": 1}, {"train_pass": 2, "batch": 0}]
    assert _where(steps, 2) == " (epoch 2, batch 1)" and _where(steps, 1) == " (epoch 1, batch 2)"
    assert _where([{}], 0) == ""
