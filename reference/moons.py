"""Reference for the ``moons`` exercise (seed 003's reusable train()).

Two-moons classification with ``CrossEntropyLoss`` on raw logits and an
argmax accuracy over the whole validation set. The model is left with its
final weights (no checkpoint restore in this exercise).
"""
from __future__ import annotations

from reference._loop import fit, only


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    """Train and validate every epoch; returns losses and validation accuracy."""
    history = fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device,
                  correct=lambda logits, y: logits.argmax(dim=1) == y,
                  restore_best=False)
    return only(history, "train_loss", "val_loss", "val_acc")
