# expect: pass
# Source style: torchmetrics-style stateful metrics written by hand (MeanMetric.update(value, weight),
# MulticlassAccuracy.update(preds, target)/compute()/reset()) and a tqdm.auto trange over epochs.
import torch
from tqdm.auto import trange


class MeanMetric:
    def __init__(self):
        self.reset()

    def reset(self):
        self.total = torch.tensor(0.0, dtype=torch.float64)
        self.weight = torch.tensor(0.0, dtype=torch.float64)

    def update(self, value, weight=1.0):
        value = torch.as_tensor(value, dtype=torch.float64).detach().cpu()
        self.total += value * weight
        self.weight += weight

    def compute(self):
        return self.total / self.weight


class MulticlassAccuracy:
    def __init__(self):
        self.reset()

    def reset(self):
        self.correct = 0
        self.total = 0

    def update(self, preds, target):
        if preds.ndim == target.ndim + 1:
            preds = preds.argmax(dim=-1)
        self.correct += (preds == target).sum().item()
        self.total += target.numel()

    def compute(self):
        return self.correct / self.total


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    train_loss, val_loss, val_acc = MeanMetric(), MeanMetric(), MulticlassAccuracy()
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for _ in (pbar := trange(epochs, desc="epochs")):
        model.train()
        train_loss.reset()
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            logits = model(x)
            loss = loss_fn(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            train_loss.update(loss, weight=x.size(0))

        model.eval()
        val_loss.reset()
        val_acc.reset()
        with torch.inference_mode():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                logits = model(x)
                val_loss.update(loss_fn(logits, y), weight=x.size(0))
                val_acc.update(logits, y)

        history["train_loss"].append(train_loss.compute().item())
        history["val_loss"].append(val_loss.compute().item())
        history["val_acc"].append(val_acc.compute())
        pbar.set_postfix(val_loss=history["val_loss"][-1], acc=history["val_acc"][-1])
    return history
