# expect-runtime: any
# exercise: training_loop
# expect-forgery: fails no_grad
# forge: validation without no_grad; the trace file object's write() shadowed by an instance attribute
"""The child's trace writer checks its own code and closure, but writes through a file object,
and a file object's methods can be shadowed on the instance. This loop finds the trace's
TextIOWrapper with the garbage collector and gives it a write() that rewrites run records
(validation forwards made without autograd, nothing tampered) before they reach the pipe.
The grader now writes with os.write on a raw descriptor: there is no write() to shadow, and
the loop's missing no_grad is graded as it is."""
import copy
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching
import io
import json
import sys

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


def _shadow(stream):
    real = type(stream).write

    def write(text):
        try:
            record = json.loads(text)
            if record.get("type") == "run":
                for event in record.get("forwards", []):
                    if event.get("role") == "val":
                        event["grad"] = False
                record["tampered"], record["hooks_intact"] = [], True
                text = json.dumps(record) + "\n"
        except Exception:
            pass
        return real(stream, text)
    stream.write = write


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    for obj in (gc.unfreeze() or gc.get_objects()):
        if isinstance(obj, io.TextIOWrapper) and obj not in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__) \
                and "a" in getattr(obj, "mode", ""):
            try:
                _shadow(obj)
            except Exception:
                pass
    return history
