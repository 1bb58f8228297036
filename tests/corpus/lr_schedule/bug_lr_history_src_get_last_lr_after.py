# expect-fail: lr_history
# expect-line: 36
# source style: the common tutorial loop that logs `scheduler.get_last_lr()[0]` in the epoch summary, after `scheduler.step()`
"""Everything stepped right, but the epoch's printed/recorded rate is read after the epoch-end
`scheduler.step()` (for a per-step warm-up, after the epoch's last step): the next epoch's rate."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scheduler=None, interval="epoch"):
    history = {"train_loss": [], "val_loss": [], "lr": []}
    plateau = isinstance(scheduler, torch.optim.lr_scheduler.ReduceLROnPlateau)
    for epoch in range(epochs):
        model.train()
        tot = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            if interval == "step":
                scheduler.step()
            tot += loss.item() * x.size(0)
        history["train_loss"].append(tot / len(train_loader.dataset))
        model.eval()
        tot = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                tot += loss_fn(model(x), y).item() * x.size(0)
        val_loss = tot / len(val_loader.dataset)
        history["val_loss"].append(val_loss)
        if interval == "epoch":
            scheduler.step(val_loss) if plateau else scheduler.step()
        history["lr"].append(float(scheduler.get_last_lr()[0]))
        print(f"epoch {epoch + 1}: val {val_loss:.4f} lr {history['lr'][-1]:.2e}")
    return history
