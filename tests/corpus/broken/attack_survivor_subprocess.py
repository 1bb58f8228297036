# expect-runtime: ok
# exercise: early_stopping
# Starts a sleeper with subprocess.Popen in a new session (its command line
# carries the marker lgsurv-subprocess). Contained when no such process outlives the grading.
import copy
import subprocess
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
    subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "lgsurv-subprocess"],
                     start_new_session=True, stdin=subprocess.DEVNULL,
                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
