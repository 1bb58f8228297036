# expect: pass
"""A small Trainer class: per-step scheduling in the batch hook, the epoch hook after
validation, learning rates read from every param group (one here), plateau fed the validation
loss as a Python float."""
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau


class Trainer:
    def __init__(self, model, loss_fn, optimizer, scheduler, interval, device):
        self.model, self.loss_fn, self.optimizer = model, loss_fn, optimizer
        self.scheduler, self.interval, self.device = scheduler, interval, device

    def learning_rates(self):
        return [group["lr"] for group in self.optimizer.param_groups]

    def on_batch_end(self):
        if self.interval == "step":
            self.scheduler.step()

    def on_epoch_end(self, val_loss):
        if isinstance(self.scheduler, ReduceLROnPlateau):
            self.scheduler.step(val_loss)
        elif self.interval == "epoch":
            self.scheduler.step()

    def fit_epoch(self, loader):
        self.model.train()
        total = 0.0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            self.optimizer.zero_grad()
            loss = self.loss_fn(self.model(x), y)
            loss.backward()
            self.optimizer.step()
            self.on_batch_end()
            total += loss.item() * y.shape[0]
        return total / len(loader.dataset)

    @torch.no_grad()
    def validate(self, loader):
        self.model.eval()
        total = 0.0
        for x, y in loader:
            x, y = x.to(self.device), y.to(self.device)
            total += self.loss_fn(self.model(x), y).item() * y.shape[0]
        return total / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scheduler=None,
          interval="epoch"):
    trainer = Trainer(model, loss_fn, optimizer, scheduler, interval, device)
    history = {"train_loss": [], "val_loss": [], "lr": []}
    for _ in range(epochs):
        history["lr"].append(trainer.learning_rates()[0])
        history["train_loss"].append(trainer.fit_epoch(train_loader))
        val_loss = trainer.validate(val_loader)
        history["val_loss"].append(val_loss)
        trainer.on_epoch_end(val_loss)
    return history
