# expect: pass
# train is an object with __call__ (it keeps the best weights as state).
import copy

import torch


class BestKeepingTrainer:
    def __init__(self):
        self.best_state = None
        self.best_loss = float("inf")

    def __call__(self, model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
        self.best_state, self.best_loss = None, float("inf")
        history = {"train_loss": [], "val_loss": []}
        for epoch in range(epochs):
            model.train()
            total = 0.0
            for xb, yb in train_loader:
                xb, yb = xb.to(device), yb.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(xb), yb)
                loss.backward()
                optimizer.step()
                total += loss.item() * len(xb)
            history["train_loss"].append(total / len(train_loader.dataset))
            model.eval()
            total = 0.0
            with torch.no_grad():
                for xb, yb in val_loader:
                    xb, yb = xb.to(device), yb.to(device)
                    total += loss_fn(model(xb), yb).item() * len(xb)
            history["val_loss"].append(total / len(val_loader.dataset))
            if history["val_loss"][-1] < self.best_loss:
                self.best_loss = history["val_loss"][-1]
                self.best_state = copy.deepcopy(model.state_dict())
        model.load_state_dict(self.best_state)
        return history


train = BestKeepingTrainer()
