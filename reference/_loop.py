"""Shared mechanics of the reference loops (seed 003 style).

One training epoch, one validation pass, and a best-checkpoint tracker. The
per-exercise modules only decide which targets to feed the loss, what counts
as a correct prediction, whether to stop early and whether to restore the best
weights; :func:`fit` strings those pieces together.
"""
from __future__ import annotations

import copy
from typing import Callable, Optional

import torch

Targets = Callable[[torch.Tensor], torch.Tensor]
Correct = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


def _same(y: torch.Tensor) -> torch.Tensor:
    return y


def train_one_epoch(model, loader, loss_fn, optimizer, device, targets: Targets = _same) -> float:
    """One pass over ``loader`` with updates; returns the per-sample mean loss."""
    model.train()
    running = 0.0
    for xb, yb in loader:
        xb, yb = xb.to(device), targets(yb.to(device))
        optimizer.zero_grad()
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        running += loss.item() * xb.size(0)
    return running / len(loader.dataset)


def evaluate(model, loader, loss_fn, device, targets: Targets = _same,
             correct: Optional[Correct] = None) -> tuple[float, Optional[float]]:
    """Validation pass (eval mode, no graph): per-sample mean loss and, when
    ``correct`` is given, the fraction of correct predictions over the dataset."""
    model.eval()
    running, n_correct = 0.0, 0
    with torch.no_grad():
        for xb, yb in loader:
            xb, yb = xb.to(device), targets(yb.to(device))
            logits = model(xb)
            running += loss_fn(logits, yb).item() * xb.size(0)
            if correct is not None:
                n_correct += int(correct(logits, yb).sum().item())
    n = len(loader.dataset)
    return running / n, (n_correct / n if correct is not None else None)


class BestCheckpoint:
    """Remembers the epoch (1-based) with the strictly lowest validation loss
    and, if ``keep_weights``, a deep copy of the model's weights at that epoch."""

    def __init__(self, keep_weights: bool = True):
        self.keep_weights = keep_weights
        self.loss = float("inf")
        self.epoch = 0
        self.state = None
        self.bad_epochs = 0

    def update(self, model, val_loss: float, epoch: int) -> bool:
        if val_loss < self.loss:  # strictly lower: the first epoch wins ties
            self.loss, self.epoch, self.bad_epochs = val_loss, epoch, 0
            if self.keep_weights:
                self.state = copy.deepcopy(model.state_dict())
            return True
        self.bad_epochs += 1
        return False

    def restore(self, model) -> None:
        if self.state is not None:
            model.load_state_dict(self.state)


def fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", *,
        targets: Targets = _same, correct: Optional[Correct] = None,
        patience: Optional[int] = None, restore_best: bool = True) -> dict:
    """The epoch loop shared by every reference train().

    Returns ``{"train_loss", "val_loss", ["val_acc"], "best_epoch"}``; callers
    keep the keys their exercise's contract asks for.
    """
    history = {"train_loss": [], "val_loss": []}
    if correct is not None:
        history["val_acc"] = []
    best = BestCheckpoint(keep_weights=restore_best)
    for epoch in range(1, epochs + 1):
        train_loss = train_one_epoch(model, train_loader, loss_fn, optimizer, device, targets)
        val_loss, val_acc = evaluate(model, val_loader, loss_fn, device, targets, correct)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if correct is not None:
            history["val_acc"].append(val_acc)
        best.update(model, val_loss, epoch)
        if patience is not None and best.bad_epochs >= patience:
            break
    if restore_best:
        best.restore(model)
    history["best_epoch"] = best.epoch
    return history


def only(history: dict, *keys: str) -> dict:
    """The sub-dict of ``history`` holding exactly ``keys``, in that order."""
    return {k: history[k] for k in keys}
