# expect-runtime: any
# exercise: early_stopping
# Replaces every file the job can name (its arguments, the files its descriptors
# point at) with a FIFO, and leaves FIFOs in its working folder, so a parent that opens them by path
# blocks forever. Contained when the grade returns within its time limit.
import copy
import os
import sys

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
    names = [a for a in sys.argv if os.path.isabs(a)]
    for fd in os.listdir("/proc/self/fd"):
        try:
            names.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    for name in names + [os.path.join(os.getcwd(), n) for n in ("trace.jsonl", "job.json", "results.json")]:
        if not name.startswith("/") or name.startswith(("/dev", "/proc")):
            continue
        try:
            if os.path.exists(name):
                os.unlink(name)
            os.mkfifo(name)
            print("fifo at", name)
        except OSError:
            pass
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
