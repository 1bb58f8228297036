# expect-fail: best_checkpoint
# expect-line: 32
"""Keeps the best weights "off the GPU" with .to("cpu")."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        total, n = 0.0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
            n += len(x)
        history["train_loss"].append(total / n)
        model.eval()
        total, n = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
                n += len(x)
        history["val_loss"].append(total / n)
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = {k: v.to("cpu") for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return history
