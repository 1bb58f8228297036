# expect-runtime: any
# exercise: training_loop
# expect-forgery: fails no_grad
# forge: validation without no_grad; a thread keeps rewriting the recorder's events and any run record it finds
"""A thread started inside train() runs on while the grader builds the run record after
train() returns: it rewrites the recorder's validation forwards, and any run-record dict it
finds through gc, as made without autograd. Whether it wins the race or not, the no_grad point
must not be earned (flagged when it edited something, the check fails when it did not)."""
import copy
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching
import threading
import time

import torch


def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device):
    """A correct loop but for one thing: validation runs without torch.no_grad()."""
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
        for xb, yb in val_loader:
            xb, yb = xb.to(device), yb.to(device)
            running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history


def _rewrite(stop_at):
    while time.monotonic() < stop_at:
        for obj in (gc.unfreeze() or gc.get_objects()):
            try:
                if type(obj).__name__ == "Recorder":
                    for event in list.__iter__(obj.forwards):
                        if getattr(event, "role", None) == "val":
                            object.__setattr__(event, "grad", False)
                elif type(obj) is dict and obj.get("type") == "run":
                    for event in obj.get("forwards", []):
                        if type(event) is dict and event.get("role") == "val":
                            event["grad"] = False
                    obj["tampered"] = []
            except Exception:
                pass
        time.sleep(0)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    threading.Thread(target=_rewrite, args=(time.monotonic() + 20,), daemon=True).start()
    time.sleep(0.05)
    return history
