# expect: pass
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_epoch, best_val, best_model = 0, float("inf"), None
    for epoch in range(epochs):
        model.train()
        summed = torch.zeros((), device=device)
        for features, target in train_loader:
            features, target = features.to(device), target.to(device)
            optimizer.zero_grad()
            batch_loss = loss_fn(model(features), target)
            batch_loss.backward()
            optimizer.step()
            summed += batch_loss.detach() * target.numel()
        history["train_loss"].append((summed / len(train_loader.dataset)).item())

        model.eval()
        summed = torch.zeros((), device=device)
        with torch.no_grad():
            for features, target in val_loader:
                features, target = features.to(device), target.to(device)
                summed += loss_fn(model(features), target) * target.numel()
        val_loss = (summed / len(val_loader.dataset)).item()
        history["val_loss"].append(val_loss)
        if val_loss < best_val:
            best_val, best_epoch, best_model = val_loss, epoch + 1, copy.deepcopy(model)
    model.load_state_dict(best_model.state_dict())
    history["best_epoch"] = best_epoch
    return history
