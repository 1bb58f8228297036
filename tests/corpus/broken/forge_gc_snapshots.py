# expect-runtime: any
# exercise: early_stopping
# expect-forgery: flagged
# forge: never restores the best weights, then edits the recorder's weight snapshots through gc
"""The grader snapshots the weights at every epoch's validation and, after train() returns,
compares the model with the best epoch's snapshot. This loop never restores the best weights;
instead it finds the Recorder through the garbage collector and overwrites every snapshot with
the final weights, so the model "equals" the best epoch's snapshot."""
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching

import torch


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


def _recorders():
    return [o for o in (gc.unfreeze() or gc.get_objects()) if type(o).__name__ == "Recorder" and hasattr(o, "snapshots")]


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = _epochs(model, train_loader, val_loader, loss_fn, optimizer, epochs, device, patience)
    final = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    for recorder in _recorders():
        for _, snapshot in recorder.snapshots:
            for key, tensor in snapshot.items():
                if key in final and tensor.shape == final[key].shape:
                    tensor.copy_(final[key])
    return history
