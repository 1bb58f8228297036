# expect: pass
"""Gradients cleared when a group starts (i % accum_steps == 0) rather than after the step, with
set_to_none; the step condition `(i + 1) % accum_steps == 0 or i + 1 == len(loader)`; the
validation loss summed as a tensor and read once."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    for _ in range(epochs):
        model.train()
        total = 0.0
        for i, (xb, yb) in enumerate(train_loader):
            if i % accum_steps == 0:
                optimizer.zero_grad(set_to_none=True)
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            (loss / accum_steps).backward()
            total += loss.item() * len(xb)
            if (i + 1) % accum_steps == 0 or i + 1 == len(train_loader):
                optimizer.step()
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        acc = torch.zeros((), device=device)
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                acc += loss_fn(model(xb), yb) * xb.shape[0]
        history["val_loss"].append(acc.item() / len(val_loader.dataset))
    return history
