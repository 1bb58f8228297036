# expect-runtime: any
# exercise: early_stopping
# Writes ~200 MB of plausible trace records into every descriptor it holds
# (beyond stdin/stdout/stderr), hoping to fill the grader's memory. Contained when the parent keeps
# at most its total cap of records and returns in time.
import copy
import json
import os

import torch


def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val, best_state, bad_epochs = float("inf"), None, 0
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
        model.eval()
        val_running = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                val_running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        history["val_loss"].append(val_running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, history["best_epoch"], bad_epochs = history["val_loss"][-1], epoch, 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            bad_epochs += 1
            if bad_epochs >= patience:
                break
    model.load_state_dict(best_state)
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    line = (json.dumps({"type": "run", "scenario": "fires", "status": "ok", "pad": "x" * 4000}) + "\n").encode()
    for fd in sorted(int(n) for n in os.listdir("/proc/self/fd")):
        if fd <= 2:
            continue
        try:
            for _ in range(50_000):
                os.write(fd, line)
        except OSError:
            pass
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
