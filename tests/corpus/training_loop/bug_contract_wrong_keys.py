# expect-fail: contract
# expect-line: 37
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    train_losses, val_losses = [], []
    best_val, best_state = float("inf"), None

    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * x.size(0)
        train_losses.append(total / len(train_loader.dataset))

        model.eval()
        total = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * x.size(0)
        val_losses.append(total / len(val_loader.dataset))

        if val_losses[-1] < best_val:
            best_val = val_losses[-1]
            best_state = copy.deepcopy(model.state_dict())

    model.load_state_dict(best_state)
    return {"train_losses": train_losses, "val_losses": val_losses}
