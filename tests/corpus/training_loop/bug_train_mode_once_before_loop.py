# expect-fail: train_mode
# expect-line: 24
# may-fail: reference_match
import copy

import torch


def evaluate(model, loader, loss_fn, device):
    model.eval()
    total, count = 0.0, 0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            total += loss_fn(model(xb), yb).item() * len(xb)
            count += len(xb)
    return total / count


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None

    model.train()
    for epoch in range(epochs):
        total, count = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            count += len(xb)
        history["train_loss"].append(total / count)

        val_loss = evaluate(model, val_loader, loss_fn, device)
        history["val_loss"].append(val_loss)
        if val_loss < best_val:
            best_val = val_loss
            best_state = copy.deepcopy(model.state_dict())
        print(f"epoch {epoch + 1}: train {history['train_loss'][-1]:.4f} val {val_loss:.4f}")

    model.load_state_dict(best_state)
    return history
