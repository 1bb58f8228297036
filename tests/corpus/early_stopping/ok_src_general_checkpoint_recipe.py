# expect: pass
# Source style: the PyTorch recipe "Saving and loading a general checkpoint": torch.save({'epoch', 'model_state_dict',
# 'optimizer_state_dict', 'loss'}, PATH) on improvement, then checkpoint = torch.load(PATH) restoring model AND optimizer.
import os
import tempfile

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = {"train_loss": [], "val_loss": []}
    best_loss, epochs_without_improvement = float("inf"), 0
    with tempfile.TemporaryDirectory() as tmpdir:
        PATH = os.path.join(tmpdir, "model.pt")
        for epoch in range(epochs):
            model.train()
            running, count = 0.0, 0
            for inputs, labels in train_loader:
                inputs, labels = inputs.to(device), labels.to(device)
                optimizer.zero_grad()
                outputs = model(inputs)
                loss = loss_fn(outputs, labels)
                loss.backward()
                optimizer.step()
                running += loss.item() * inputs.size(0)
                count += inputs.size(0)
            history["train_loss"].append(running / count)

            model.eval()
            running, count = 0.0, 0
            with torch.no_grad():
                for inputs, labels in val_loader:
                    inputs, labels = inputs.to(device), labels.to(device)
                    running += loss_fn(model(inputs), labels).item() * inputs.size(0)
                    count += inputs.size(0)
            val_loss = running / count
            history["val_loss"].append(val_loss)

            if val_loss < best_loss:
                best_loss, epochs_without_improvement = val_loss, 0
                torch.save({
                    "epoch": epoch,
                    "model_state_dict": model.state_dict(),
                    "optimizer_state_dict": optimizer.state_dict(),
                    "loss": val_loss,
                }, PATH)
            else:
                epochs_without_improvement += 1
                if epochs_without_improvement == patience:
                    print(f"Early stopping at epoch {epoch + 1}")
                    break

        checkpoint = torch.load(PATH, weights_only=True)
        model.load_state_dict(checkpoint["model_state_dict"])
        optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
        history["best_epoch"] = checkpoint["epoch"] + 1
    return history
