# expect: pass
"""A Trainer with its state in attributes and a dataclass history (dataclasses.asdict at the
end), @torch.inference_mode() on the evaluation method, the best model kept with
copy.deepcopy(model) and restored from best.state_dict(), an Adam-style running mean."""
import copy
from dataclasses import asdict, dataclass, field

import torch


@dataclass
class History:
    train_loss: list = field(default_factory=list)
    val_loss: list = field(default_factory=list)
    best_epoch: int = 0


class Trainer:
    def __init__(self, model, loss_fn, optimizer, device):
        self.model, self.loss_fn, self.optimizer, self.device = model, loss_fn, optimizer, device
        self.history = History()
        self.best_loss = float("inf")
        self.best_model = None

    def fit_epoch(self, loader):
        self.model.train()
        mean, seen = 0.0, 0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad(set_to_none=True)
            loss = self.loss_fn(self.model(x), y)
            loss.backward()
            self.optimizer.step()
            n = len(x)
            seen += n
            mean += (loss.item() - mean) * n / seen      # running per-sample mean
        return mean

    @torch.inference_mode()
    def evaluate(self, loader):
        self.model.eval()
        mean, seen = 0.0, 0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            n = len(x)
            seen += n
            mean += (self.loss_fn(self.model(x), y).item() - mean) * n / seen
        return mean

    def fit(self, train_loader, val_loader, epochs):
        for epoch in range(1, epochs + 1):
            self.history.train_loss.append(self.fit_epoch(train_loader))
            val = self.evaluate(val_loader)
            self.history.val_loss.append(val)
            if val < self.best_loss:
                self.best_loss, self.history.best_epoch = val, epoch
                self.best_model = copy.deepcopy(self.model)
        self.model.load_state_dict(self.best_model.state_dict())
        return asdict(self.history)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    return Trainer(model, loss_fn, optimizer, device).fit(train_loader, val_loader, epochs)
