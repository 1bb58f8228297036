# expect-fail: weighted_average
# expect-line: 37
# Source style: d2l.ai's train_ch3/train_epoch_ch3 with an Accumulator class, metric.add(float(l) * y.numel(), ...),
# an evaluate_loss() helper, and helpers defined in the file the way d2l's library defines them.
import copy

import torch


class Accumulator:
    """For accumulating sums over `n` variables."""
    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]


def train_epoch(net, train_iter, loss, updater, device):
    """Train a model for one epoch (d2l train_epoch_ch3)."""
    if isinstance(net, torch.nn.Module):
        net.train()
    metric = Accumulator(2)  # sum of training loss, no. of examples
    for X, y in train_iter:
        X, y = X.to(device), y.to(device)
        y_hat = net(X)
        l = loss(y_hat, y)
        updater.zero_grad()
        l.mean().backward()
        updater.step()
        metric.add(float(l.sum()), y.numel())
    return metric[0] / metric[1]


def evaluate_loss(net, data_iter, loss, device):
    """Evaluate the loss of a model on the given dataset (d2l evaluate_loss)."""
    if isinstance(net, torch.nn.Module):
        net.eval()
    metric = Accumulator(2)  # Sum of losses, no. of examples
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            out = net(X)
            l = loss(out, y)
            metric.add(float(l.sum()), y.numel())
    return metric[0] / metric[1]


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state, best_epoch = float("inf"), None, 0
    for epoch in range(epochs):
        train_l = train_epoch(model, train_loader, loss_fn, optimizer, device)
        val_l = evaluate_loss(model, val_loader, loss_fn, device)
        history["train_loss"].append(train_l)
        history["val_loss"].append(val_l)
        if val_l < best_loss:
            best_loss, best_epoch = val_l, epoch + 1
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    history["best_epoch"] = best_epoch
    return history
