# expect: pass
# Source style: a LightningModule-like wrapper (training_step/validation_step/configure_optimizers,
# self.log into a dict, on_validation_epoch_end) driven by a tiny hand-written Trainer.fit loop.
import copy
from collections import defaultdict

import torch
from torch import nn


class LitBinary(nn.Module):
    def __init__(self, net, loss_fn, optimizer, threshold):
        super().__init__()
        self.net, self.loss_fn, self._optimizer, self.threshold = net, loss_fn, optimizer, threshold
        self.logged = defaultdict(list)
        self._val_outputs = []

    def forward(self, x):
        return self.net(x)

    def log(self, name, value, batch_size):
        self.logged[name].append((float(value), batch_size))

    def training_step(self, batch, batch_idx):
        x, y = batch
        labels = (y > self.threshold).float()
        logits = self(x)
        loss = self.loss_fn(logits, labels)
        self.log("train_loss", loss.detach(), batch_size=x.size(0))
        return loss

    def validation_step(self, batch, batch_idx):
        x, y = batch
        labels = (y > self.threshold).float()
        logits = self(x)
        loss = self.loss_fn(logits, labels)
        self._val_outputs.append((loss.item() * x.size(0), ((logits > 0) == labels.bool()).sum().item(), x.size(0)))

    def on_validation_epoch_end(self):
        loss_sum, correct, n = (sum(v) for v in zip(*self._val_outputs))
        self._val_outputs.clear()
        return loss_sum / n, correct / n

    def configure_optimizers(self):
        return self._optimizer


def epoch_mean(pairs):
    return sum(v * n for v, n in pairs) / sum(n for _, n in pairs)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    lit = LitBinary(model, loss_fn, optimizer, threshold)
    opt = lit.configure_optimizers()
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best_loss, best_state = float("inf"), None
    for epoch in range(epochs):
        lit.train()
        lit.logged.clear()
        for i, (x, y) in enumerate(train_loader):
            batch = (x.to(device), y.to(device))
            loss = lit.training_step(batch, i)
            opt.zero_grad()
            loss.backward()
            opt.step()
        history["train_loss"].append(epoch_mean(lit.logged["train_loss"]))

        lit.eval()
        with torch.no_grad():
            for i, (x, y) in enumerate(val_loader):
                lit.validation_step((x.to(device), y.to(device)), i)
        val_loss, val_acc = lit.on_validation_epoch_end()
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
        if val_loss < best_loss:
            best_loss, history["best_epoch"] = val_loss, epoch + 1
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
