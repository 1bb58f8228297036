# expect-runtime: any
# exercise: early_stopping
# expect-forgery: zero
# forge: returns the reference's numbers for the public scenario, hard-coded, and keeps the given weights
"""A history copied from the public reference run (the figures a student bundle's traces
show), returned without training. The model is only nudged toward the data's mean so the
weights are not the initial ones."""
import torch

# per-epoch figures copied from a published report of the public scenario
PUBLISHED_VAL = [14.0 / (e + 1) + 0.05 for e in range(34)]
PUBLISHED_TRAIN = [15.0 / (e + 1) + 0.07 for e in range(34)]


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    n = min(epochs, len(PUBLISHED_VAL))
    val = list(PUBLISHED_VAL[:n])
    if n > 29:
        val[29:] = [val[28] + 0.01 * (i + 1) for i in range(n - 29)]
    best = val.index(min(val)) + 1
    with torch.no_grad():
        last = list(model.parameters())[-1]
        last.add_(torch.cat([yb for _, yb in train_loader]).float().mean())
    return {"train_loss": list(PUBLISHED_TRAIN[:n]), "val_loss": val, "best_epoch": best}
