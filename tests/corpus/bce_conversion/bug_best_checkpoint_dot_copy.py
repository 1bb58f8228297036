# expect-fail: best_checkpoint
# expect-line: 36
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best_loss, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            labels = (yb > threshold).float()
            optimizer.zero_grad()
            loss = loss_fn(model(xb), labels)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total, correct = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                labels = (yb > threshold).float()
                logits = model(xb)
                total += loss_fn(logits, labels).item() * len(xb)
                correct += ((logits > 0).float() == labels).sum().item()
        history["val_loss"].append(total / len(val_loader.dataset))
        history["val_acc"].append(correct / len(val_loader.dataset))

        if history["val_loss"][-1] < best_loss:
            best_loss, history["best_epoch"] = history["val_loss"][-1], epoch
            best_state = model.state_dict().copy()

    model.load_state_dict(best_state)
    return history
