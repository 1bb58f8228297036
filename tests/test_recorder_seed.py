"""Each training pass starts from the dropout seed for the epochs trained so far: the recorder's
CPU-only seeding (torch's CPU generator alone) leaves every random draw exactly as
torch.manual_seed, which also queues seeds for devices that never start, would. Runs in a fresh
interpreter (the observation patches torch process-wide)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = textwrap.dedent('''
    import torch
    from grader.job.observe import patches
    patches.install()
    from grader.job.observe import recorder
    from exercises.moons.scenario import main

    def draws():
        s = main("cpu")
        r = recorder.Recorder(s, "cpu", set())
        r.attach()
        out = []
        try:
            for epoch in range(3):
                for x, y in s.train_loader:       # a train pass: the recorder seeds here
                    out.append(torch.rand(3).tolist() + [x.sum().item()])
                    s.optimizer.zero_grad(); s.loss_fn(s.model(x), y).backward(); s.optimizer.step()
                    break
            for x, y in s.train_loader:           # a peek after training: seeded as epoch 3
                out.append(torch.rand(3).tolist() + [x.sum().item()])
                break
        finally:
            r.detach()
        return out

    fast = draws()
    recorder._cuda_initialized = lambda: True     # the torch.manual_seed path
    seeded = draws()
    assert fast == seeded, (fast, seeded)
    assert len({tuple(d) for d in fast}) == 4     # each pass drew something else
    print("same")
''')


@pytest.mark.slow   # a fresh interpreter importing torch, and two scenarios: ~10 s on a loaded machine
def test_each_train_pass_draws_what_torch_manual_seed_gives():
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "same", done.stdout + done.stderr
