# expect-fail: best_checkpoint
# expect-line: 36
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val = float("inf")
    snapshot = None
    for epoch in range(1, epochs + 1):
        model.train()
        total, seen = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.size(0)
            seen += xb.size(0)
        history["train_loss"].append(total / seen)

        model.eval()
        total, seen = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * xb.size(0)
                seen += xb.size(0)
        val_loss = total / seen
        history["val_loss"].append(val_loss)

        if val_loss < best_val:
            best_val = val_loss
            history["best_epoch"] = epoch
            snapshot = dict(model.state_dict())

    model.load_state_dict(snapshot)
    return history
