# expect: pass
# The loop lives in a Trainer class; the module exports a bound method as train, and a small
# top-level demo calls it.
import copy

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


class Trainer:
    def __init__(self, log_every=20):
        self.log_every = log_every
        self.best_state = None

    def _epoch(self, model, loader, loss_fn, optimizer, device):
        training = optimizer is not None
        model.train(training)
        total = 0.0
        with torch.set_grad_enabled(training):
            for xb, yb in loader:
                xb, yb = xb.to(device), yb.to(device)
                loss = loss_fn(model(xb), yb)
                if training:
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                total += loss.item() * len(xb)
        return total / len(loader.dataset)

    def fit(self, model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
        history = {"train_loss": [], "val_loss": []}
        best = float("inf")
        for epoch in range(1, epochs + 1):
            history["train_loss"].append(self._epoch(model, train_loader, loss_fn, optimizer, device))
            history["val_loss"].append(self._epoch(model, val_loader, loss_fn, None, device))
            if history["val_loss"][-1] < best:
                best = history["val_loss"][-1]
                self.best_state = copy.deepcopy(model.state_dict())
            if epoch % self.log_every == 0:
                print(epoch, history["val_loss"][-1])
        model.load_state_dict(self.best_state)
        return history


train = Trainer(log_every=10).fit

# quick demo
X = torch.randn(64, 2)
demo_data = TensorDataset(X, X.sum(dim=1, keepdim=True))
demo_model = nn.Linear(2, 1)
train(demo_model, DataLoader(demo_data, batch_size=16), DataLoader(demo_data, batch_size=16),
      nn.MSELoss(), torch.optim.SGD(demo_model.parameters(), lr=0.1), 1000)
