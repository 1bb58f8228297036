# expect: pass
import io

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    checkpoint = io.BytesIO()
    lowest = float("inf")
    for epoch in range(1, epochs + 1):
        model.train()
        running, samples = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * len(yb)
            samples += len(yb)
        else:
            history["train_loss"].append(running / samples)

        model.eval()
        running, samples = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * len(yb)
                samples += len(yb)
            else:
                history["val_loss"].append(running / samples)

        if history["val_loss"][-1] < lowest:
            lowest = history["val_loss"][-1]
            history["best_epoch"] = epoch
            checkpoint.seek(0)
            checkpoint.truncate()
            torch.save(model.state_dict(), checkpoint)
    checkpoint.seek(0)
    model.load_state_dict(torch.load(checkpoint))
    return history
