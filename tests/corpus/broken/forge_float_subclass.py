# expect-runtime: any
# exercise: early_stopping
# expect-forgery: fails best_checkpoint, contract
# forbidden-output: FORGERY-PAYLOAD-RAN
# forge: history values of a float subclass whose methods run code after the grader's last look
"""The history's losses are a float subclass. Whatever the grader calls on them to describe
them (__float__, __repr__, __eq__, __hash__, __format__, ...) first overwrites the recorder's
weight snapshots with the final weights, after the tamper fingerprint was taken. The loop never
restores the best weights."""
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching

import torch


def _payload():
    print("FORGERY-PAYLOAD-RAN", flush=True)
    for recorder in [o for o in (gc.unfreeze() or gc.get_objects()) if type(o).__name__ == "Recorder"]:
        model = recorder.setup.model
        final = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        for _, snapshot in getattr(recorder, "snapshots", []):
            for key, tensor in snapshot.items():
                if key in final and tensor.shape == final[key].shape:
                    tensor.copy_(final[key])


class Loss(float):
    def __float__(self):
        _payload()
        return float.__float__(self)

    def __repr__(self):
        _payload()
        return float.__repr__(self)

    __str__ = __repr__

    def __eq__(self, other):
        _payload()
        return float.__eq__(self, other)

    def __hash__(self):
        _payload()
        return float.__hash__(self)

    def __format__(self, spec):
        _payload()
        return float.__format__(self, spec)

    def __lt__(self, other):
        _payload()
        return float.__lt__(self, other)

    def __reduce__(self):
        _payload()
        return (float, (float.__float__(self),))


class Epoch(int):
    def __index__(self):
        _payload()
        return int.__index__(self)

    def __int__(self):
        _payload()
        return int.__int__(self)

    def __float__(self):
        _payload()
        return int.__float__(self)


def _epochs(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience):
    """Early stopping done right, except that the best weights are never restored."""
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best, bad = float("inf"), 0
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * len(xb)
        val = total / len(val_loader.dataset)
        history["val_loss"].append(val)
        if val < best:
            best, bad = val, 0
            history["best_epoch"] = epoch
        else:
            bad += 1
            if bad >= patience:
                break
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = _epochs(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
    return {"train_loss": [Loss(v) for v in history["train_loss"]],
            "val_loss": [Loss(v) for v in history["val_loss"]],
            "best_epoch": Epoch(history["best_epoch"])}
