# expect: pass
"""The popular pytorchtools-style EarlyStopping class (strict improvement, counter reset on
improvement, checkpoint written with torch.save to a file in a temporary directory and
loaded back at the end), x.shape[0] counts, torch.no_grad as a decorator on a nested helper."""
import os
import tempfile

import numpy as np
import torch


class EarlyStopping:
    def __init__(self, patience, path):
        self.patience, self.path = patience, path
        self.counter = 0
        self.best_score = None
        self.best_epoch = 0
        self.early_stop = False
        self.val_loss_min = np.inf

    def __call__(self, val_loss, model, epoch):
        score = -val_loss
        if self.best_score is None or score > self.best_score:
            self.best_score = score
            self.best_epoch = epoch
            torch.save(model.state_dict(), self.path)
            self.val_loss_min = val_loss
            self.counter = 0
        else:
            self.counter += 1
            if self.counter >= self.patience:
                self.early_stop = True


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    @torch.no_grad()
    def validate():
        model.eval()
        total, n = 0.0, 0
        for x, y in val_loader:
            x, y = x.to(device), y.to(device)
            total += loss_fn(model(x), y).item() * x.shape[0]
            n += x.shape[0]
        return total / n

    history = {"train_loss": [], "val_loss": []}
    with tempfile.TemporaryDirectory() as tmp:
        stopper = EarlyStopping(patience, os.path.join(tmp, "checkpoint.pt"))
        for epoch in range(1, epochs + 1):
            model.train()
            total, n = 0.0, 0
            for x, y in train_loader:
                x, y = x.to(device), y.to(device)
                optimizer.zero_grad()
                loss = loss_fn(model(x), y)
                loss.backward()
                optimizer.step()
                total += loss.item() * x.shape[0]
                n += x.shape[0]
            history["train_loss"].append(total / n)
            val_loss = validate()
            history["val_loss"].append(val_loss)
            stopper(val_loss, model, epoch)
            if stopper.early_stop:
                break
        model.load_state_dict(torch.load(stopper.path))
    history["best_epoch"] = stopper.best_epoch
    return history
