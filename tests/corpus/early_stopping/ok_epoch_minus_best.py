# expect: pass
import os
import tempfile

import torch


def average_loss(model, loader, loss_fn, device):
    model.eval()
    total = 0.0
    with torch.no_grad():
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            total += loss_fn(model(x), y).item() * x.size(0)
    return total / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = {"train_loss": [], "val_loss": [], "best_epoch": None}
    best_loss = float("inf")
    with tempfile.TemporaryDirectory() as workdir:
        path = os.path.join(workdir, "checkpoint.pt")
        optimizer.zero_grad()
        for epoch in range(1, epochs + 1):
            model.train()
            total = 0.0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                optimizer.zero_grad()
                total += loss.item() * x.size(0)
            history["train_loss"].append(total / len(train_loader.dataset))

            val_loss = average_loss(model, val_loader, loss_fn, device)
            history["val_loss"].append(val_loss)
            if val_loss < best_loss:
                best_loss = val_loss
                history["best_epoch"] = epoch
                torch.save(model.state_dict(), path)
            elif epoch - history["best_epoch"] >= patience:
                break

        model.load_state_dict(torch.load(path))
    return history
