# expect-fail: early_stopping
# expect-line: 43
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_val_loss = float("inf")
    best_state = None
    epochs_no_improve = 0
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
        history["train_loss"].append(running / len(train_loader.dataset))

        model.eval()
        running = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * xb.size(0)
        val_loss = running / len(val_loader.dataset)
        history["val_loss"].append(val_loss)
        print(f"Epoch: {epoch}, Training Loss: {history['train_loss'][-1]:.4f}, Validation Loss: {val_loss:.4f}")

        if val_loss < best_val_loss:
            best_val_loss = val_loss
            history["best_epoch"] = epoch
            epochs_no_improve = 0
            best_state = copy.deepcopy(model.state_dict())
        else:
            epochs_no_improve += 1

        if epochs_no_improve > patience:
            print("Early stopping triggered")
            break

    model.load_state_dict(best_state)
    return history
