# expect: pass
# Saves the whole best model object with torch.save (not only its state_dict), as many blog
# posts do, and restores its weights into the model it was given.
import os
import tempfile

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_path = os.path.join(tempfile.mkdtemp(), "best_model.pt")
    best_val = float("inf")
    for epoch in range(epochs):
        model.train()
        total, count = 0.0, 0
        for inputs, targets in train_loader:
            inputs, targets = inputs.to(device), targets.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(inputs), targets)
            loss.backward()
            optimizer.step()
            total += loss.item() * inputs.size(0)
            count += inputs.size(0)
        history["train_loss"].append(total / count)

        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for inputs, targets in val_loader:
                inputs, targets = inputs.to(device), targets.to(device)
                total += loss_fn(model(inputs), targets).item() * inputs.size(0)
                count += inputs.size(0)
        history["val_loss"].append(total / count)

        if history["val_loss"][-1] < best_val:
            best_val = history["val_loss"][-1]
            torch.save(model, best_path)

    best_model = torch.load(best_path, weights_only=False)
    model.load_state_dict(best_model.state_dict())
    return history
