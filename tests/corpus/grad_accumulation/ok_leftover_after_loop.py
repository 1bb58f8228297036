# expect: pass
"""Accumulate with a micro-batch counter; whatever is left at the end of the epoch is stepped
after the batch loop. The scaled loss is what gets logged, scaled back up."""
import torch


def run_validation(model, loader, loss_fn, device):
    model.eval()
    seen, total = 0, 0.0
    with torch.inference_mode():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            total += loss_fn(model(xb), yb).item() * len(xb)
            seen += len(xb)
    return total / seen


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        pending, seen, total = 0, 0, 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            scaled = loss_fn(model(xb), yb) / accum_steps
            scaled.backward()
            total += scaled.item() * accum_steps * len(xb)
            seen += len(xb)
            pending += 1
            if pending == accum_steps:
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
                pending = 0
        if pending:
            optimizer.step()
            optimizer.zero_grad(set_to_none=True)
        history["train_loss"].append(total / seen)
        history["val_loss"].append(run_validation(model, val_loader, loss_fn, device))
    return history
