# expect-fail: best_checkpoint
# expect-line: 31
"""Best weights moved to host memory with .cpu()."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_loss, best_state = None, None
    for epoch in range(1, epochs + 1):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
        val_loss = total / len(val_loader.dataset)
        history["val_loss"].append(val_loss)
        if best_loss is None or val_loss < best_loss:
            best_loss, history["best_epoch"] = val_loss, epoch
            best_state = {name: t.cpu() for name, t in model.state_dict().items()}
    model.load_state_dict(best_state)
    return history
