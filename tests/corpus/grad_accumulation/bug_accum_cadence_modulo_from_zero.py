# expect-fail: accum_cadence, reference_match
# expect-line: 19
"""Gradient accumulation, one step per group."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    n_batches = len(train_loader)
    for epoch in range(epochs):
        model.train()
        optimizer.zero_grad()
        total = 0.0
        for i, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            (loss / accum_steps).backward()
            total += loss.item() * x.size(0)
            if i % accum_steps == 0:
                optimizer.step()
                optimizer.zero_grad()
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
