# expect-runtime: ok
# exercise: early_stopping
# The classic daemon: posix.fork (os.fork may be refused), setsid, fork
# again, the grandchild renamed lgsurv-daemon sleeps. Contained when it does not outlive the grading.
import copy
import ctypes
import os
import posix
import time

import torch

def _survive(tag):
    """In a process that must not outlive the job: rename it, leave the session, sleep."""
    try:
        ctypes.CDLL(None).prctl(15, ("lgsurv-" + tag).encode()[:15], 0, 0, 0)
    except Exception:
        pass
    try:
        os.setsid()
    except OSError:
        pass
    time.sleep(600)
    os._exit(0)


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
    try:
        pid = posix.fork()
    except OSError as exc:
        print("fork refused:", exc)
        pid = -1
    if pid == 0:
        try:
            os.setsid()
            if posix.fork() == 0:
                _survive("daemon")
        finally:
            os._exit(0)
    if pid > 0:
        os.waitpid(pid, 0)
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
