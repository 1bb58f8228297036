# expect: pass
import torch


def accuracy(logits, targets):
    """Fraction of correct predictions. logits: [N, C], targets: [N]."""
    return (logits.argmax(dim=1) == targets).float().mean().item()


def train(model, train_loader, val_loader, loss_fn, optimizer,
          epochs, device="cpu"):
    model.to(device)
    history = {"train_loss": [], "val_loss": [], "val_acc": []}

    for epoch in range(1, epochs + 1):
        # ---- training phase ----
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)  # sum, weighted by batch size
        train_loss = running / len(train_loader.dataset)

        # ---- validation phase ----
        model.eval()
        val_running, val_correct = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                logits = model(xb)
                val_running += loss_fn(logits, yb).item() * xb.size(0)
                val_correct += (logits.argmax(dim=1) == yb).sum().item()
        val_loss = val_running / len(val_loader.dataset)
        val_acc = val_correct / len(val_loader.dataset)

        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
        print(f"epoch {epoch:3d} | train {train_loss:.4f} "
              f"| val {val_loss:.4f} | acc {val_acc:.3f}")
    return history
