# expect: pass
"""The group's divided losses summed into one graph and back-propagated once per group (the same
gradients as one backward per micro-batch, only more memory); the group closed on the epoch's last
batch too."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    for _ in range(epochs):
        model.train()
        total, group_loss, in_group = 0.0, 0.0, 0
        for i, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            total += loss.item() * len(x)
            group_loss = group_loss + loss / accum_steps
            in_group += 1
            if in_group == accum_steps or i == len(train_loader) - 1:
                optimizer.zero_grad()
                group_loss.backward()
                optimizer.step()
                group_loss, in_group = 0.0, 0
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
