# expect: pass
# Functions grouped in a class as static methods; the module exports the one the grader needs.
import copy

import torch


class Loops:
    @staticmethod
    def run_epoch(model, loader, loss_fn, device, optimizer=None):
        total = 0.0
        for xb, yb in loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            if optimizer is not None:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            total += loss.item() * len(xb)
        return total / len(loader.dataset)

    @staticmethod
    def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
        history = {"train_loss": [], "val_loss": []}
        best_loss, best_state = float("inf"), None
        for _ in range(epochs):
            model.train()
            history["train_loss"].append(Loops.run_epoch(model, train_loader, loss_fn, device, optimizer))
            model.eval()
            with torch.no_grad():
                history["val_loss"].append(Loops.run_epoch(model, val_loader, loss_fn, device))
            if history["val_loss"][-1] < best_loss:
                best_loss = history["val_loss"][-1]
                best_state = copy.deepcopy(model.state_dict())
        model.load_state_dict(best_state)
        return history


train = Loops.train
