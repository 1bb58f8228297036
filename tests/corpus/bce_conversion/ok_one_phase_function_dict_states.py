# expect: pass
"""One function for both phases switched by `optimizer is None`, torch.set_grad_enabled as a
context, labels via (y - threshold).clamp(min=0).sign() (1 where y > threshold), accuracy
from (logits > 0).float() == labels summed as a tensor and .item() once per epoch, every
epoch's state kept and the best one picked with min() over (loss, epoch) pairs."""
import copy

import torch


def phase(model, loader, loss_fn, device, threshold, optimizer=None):
    training = optimizer is not None
    model.train(training)
    loss_total = torch.zeros((), device=device)
    hits = torch.zeros((), device=device)
    with torch.set_grad_enabled(training):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            labels = (y - threshold).clamp(min=0).sign()
            logits = model(x)
            loss = loss_fn(logits, labels)
            if training:
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
            loss_total += loss.detach() * x.shape[0]
            hits += ((logits > 0).float() == labels).sum()
    n = len(loader.dataset)
    return (loss_total / n).item(), (hits / n).item()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    states = []
    for epoch in range(epochs):
        train_loss, _ = phase(model, train_loader, loss_fn, device, threshold, optimizer)
        val_loss, val_acc = phase(model, val_loader, loss_fn, device, threshold)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
        states.append(copy.deepcopy(model.state_dict()))
    _, best = min((loss, i) for i, loss in enumerate(history["val_loss"]))
    history["best_epoch"] = best + 1
    model.load_state_dict(states[best])
    return history
