# expect-runtime: any
# exercise: training_loop
# expect-forgery: flagged
# forge: writes a run record for a scenario the exercise does not have straight to the trace pipe
"""The parent verifies every ok run record in the trace against the scenario it names. A run
record for a scenario the exercise does not have made that verification look the scenario up
and raise KeyError: the whole grading (and a batch) died on one submission. The loop itself is
correct; what is written to the trace is the attack."""
import copy
import json
import os

import torch


def _trace_fds():
    output = os.readlink("/proc/self/fd/1")
    for name in sorted(os.listdir("/proc/self/fd"), key=int):
        try:
            target = os.readlink(f"/proc/self/fd/{name}")
        except OSError:
            continue
        if int(name) > 2 and target.startswith("pipe:") and target != output:
            yield int(name)


def _inject():
    record = {"type": "run", "scenario": "basic", "status": "ok", "final_state": {}, "snapshot_digests": [],
              "final_eval": {"val_loss": 0.0}, "weights": {"final_distance": []}}
    for fd in _trace_fds():
        os.write(fd, (json.dumps(record) + "\n").encode())


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    _inject()
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        model.eval()
        running = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
