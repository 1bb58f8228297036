# expect-fail: accum_scaling
# expect-line: 17
"""Gradient accumulation over accum_steps micro-batches."""
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
            loss.backward()
            total += loss.item() * x.size(0)
            if (i + 1) % accum_steps == 0 or (i + 1) == n_batches:
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
