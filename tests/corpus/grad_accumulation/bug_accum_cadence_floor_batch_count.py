# expect-fail: accum_cadence
# expect-line: 10
# may-fail: reference_match
"""Gradient accumulation; the number of batches worked out from the dataset."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    n_batches = len(train_loader.dataset) // train_loader.batch_size
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for i, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            (loss / accum_steps).backward()
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
