# expect: pass
"""Batches put on the device with torch.as_tensor(t, device=device) (a habit from code whose
loaders yield numpy arrays), `for step, (x, y) in enumerate(loader, start=1)`."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        model.train()
        total, seen = 0.0, 0
        for step, (x, y) in enumerate(train_loader, start=1):
            x = torch.as_tensor(x, dtype=torch.float32, device=device)
            y = torch.as_tensor(y, device=device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
            seen += len(y)
        history["train_loss"].append(total / seen)
        model.eval()
        total, correct, seen = 0.0, 0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x = torch.as_tensor(x, dtype=torch.float32, device=device)
                y = torch.as_tensor(y, device=device)
                logits = model(x)
                total += loss_fn(logits, y).item() * len(y)
                correct += (logits.argmax(1) == y).sum().item()
                seen += len(y)
        history["val_loss"].append(total / seen)
        history["val_acc"].append(correct / seen)
    return history
