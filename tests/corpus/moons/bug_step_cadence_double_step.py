# expect-fail: step_cadence, reference_match
# expect-line: 18
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(1, epochs + 1):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)
            optimizer.step()
        history["train_loss"].append(running / len(train_loader.dataset))

        model.eval()
        val_running, val_correct = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                logits = model(xb)
                val_running += loss_fn(logits, yb).item() * xb.size(0)
                val_correct += (logits.argmax(dim=1) == yb).sum().item()
        history["val_loss"].append(val_running / len(val_loader.dataset))
        history["val_acc"].append(val_correct / len(val_loader.dataset))
    return history
