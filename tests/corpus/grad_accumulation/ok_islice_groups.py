# expect: pass
"""The epoch cut into groups with itertools.islice: every group (the short last one too) is one
update; the division is by accum_steps, as the statement asks, whatever the group's length."""
import itertools

import torch


def micro_batches(loader, size):
    it = iter(loader)
    while True:
        group = list(itertools.islice(it, size))
        if not group:
            return
        yield group


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    n_train, n_val = len(train_loader.dataset), len(val_loader.dataset)
    for epoch in range(epochs):
        model.train()
        sum_loss = 0.0
        for group in micro_batches(train_loader, accum_steps):
            for xb, yb in group:
                xb, yb = xb.to(device), yb.to(device)
                loss = loss_fn(model(xb), yb)
                sum_loss += loss.item() * yb.size(0)
                (loss / accum_steps).backward()
            optimizer.step()
            optimizer.zero_grad()
        history["train_loss"].append(sum_loss / n_train)

        model.eval()
        sum_loss = 0.0
        with torch.inference_mode():
            for xb, yb in val_loader:
                pred = model(xb.to(device))
                sum_loss += loss_fn(pred, yb.to(device)).item() * yb.size(0)
        history["val_loss"].append(sum_loss / n_val)
    return history
