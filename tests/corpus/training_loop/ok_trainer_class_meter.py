# expect: pass
import copy

import torch


class AverageMeter:
    """Running per-sample average, as in the ImageNet example."""

    def __init__(self):
        self.sum, self.count = 0.0, 0

    def update(self, value, n=1):
        self.sum += value * n
        self.count += n

    @property
    def avg(self):
        return self.sum / self.count


class Trainer:
    def __init__(self, model, loss_fn, optimizer, device):
        self.model, self.loss_fn, self.optimizer, self.device = model, loss_fn, optimizer, device
        self.best_loss, self.best_state = float("inf"), None

    def train_epoch(self, loader):
        self.model.train()
        meter = AverageMeter()
        for inputs, targets in loader:
            inputs, targets = inputs.to(self.device), targets.to(self.device)
            self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(inputs), targets)
            loss.backward()
            self.optimizer.step()
            meter.update(loss.item(), inputs.size(0))
        return meter.avg

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        meter = AverageMeter()
        for inputs, targets in loader:
            inputs, targets = inputs.to(self.device), targets.to(self.device)
            meter.update(self.loss_fn(self.model(inputs), targets).item(), inputs.size(0))
        return meter.avg

    def fit(self, train_loader, val_loader, epochs):
        history = {"train_loss": [], "val_loss": []}
        for _ in range(epochs):
            history["train_loss"].append(self.train_epoch(train_loader))
            val_loss = self.validate(val_loader)
            history["val_loss"].append(val_loss)
            if val_loss < self.best_loss:
                self.best_loss, self.best_state = val_loss, copy.deepcopy(self.model.state_dict())
        self.model.load_state_dict(self.best_state)
        return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    return Trainer(model, loss_fn, optimizer, device).fit(train_loader, val_loader, epochs)
