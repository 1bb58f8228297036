"""Reference for the ``early_stopping`` exercise (seed 003 task, seed 001).

Stops after ``patience`` consecutive epochs without a strictly lower
validation loss (the epoch that triggers the stop is still recorded), and
restores the best weights whether or not the stop fired.
"""
from __future__ import annotations

from reference._loop import fit, only


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    """Train with early stopping; returns train/val losses and the best epoch."""
    history = fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device,
                  patience=patience)
    return only(history, "train_loss", "val_loss", "best_epoch")
