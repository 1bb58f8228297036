"""Reference for the ``training_loop`` exercise (seed 000 lab).

``train()`` runs the complete loop, returns ``{"train_loss", "val_loss"}`` and
leaves the model holding the weights of its lowest-validation-loss epoch.

``python -m reference.training_loop`` reruns the seed 000 lab in the seed's own
configuration (on CPU) through this ``train()`` and prints the seed's table.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

# ---- inlined from reference._loop (so this folder stands alone) ----
"""Shared mechanics of the reference loops (seed 003 style).

One training epoch, one validation pass, and a best-checkpoint tracker. The
per-exercise modules only decide which targets to feed the loss, what counts
as a correct prediction, whether to stop early and whether to restore the best
weights; :func:`fit` strings those pieces together.
"""

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
# ---- end of reference._loop ----

LAB_EPOCHS = 80
LAB_REPORTED = (1, 20, 40, 60, 80)
LAB_TEST_X = [[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]]


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    """Train for ``epochs`` epochs, validating after each; restore the best weights."""
    history = fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    return only(history, "train_loss", "val_loss")


class Regressor(nn.Module):
    """The seed 000 model: 2 -> 16 -> ReLU -> 1."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x)


def lab(device: str = "cpu") -> dict:
    """Run the seed 000 lab; returns the figures the seed prints.

    Keys: ``train_loss``/``val_loss`` (all 80 epochs), ``reported`` (the epochs
    the seed prints), ``best_val``, ``test_x`` and ``predictions`` (floats).
    The RNG is consumed in the seed's order: data, noise, split (own generator),
    loaders (own shuffle generator), then the model's initialisation.
    """
    torch.manual_seed(42)
    X = torch.randn(240, 2)
    noise = torch.randn(240, 1) * 0.3
    y = 3 * X[:, [0]] + 2 * X[:, [1]] + 5 + noise
    train_ds, val_ds = random_split(TensorDataset(X, y), [192, 48],
                                    generator=torch.Generator().manual_seed(42))
    train_loader = DataLoader(train_ds, batch_size=32, shuffle=True,
                              generator=torch.Generator().manual_seed(7))
    val_loader = DataLoader(val_ds, batch_size=48, shuffle=False)

    model = Regressor().to(device)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
    history = train(model, train_loader, val_loader, loss_fn, optimizer, LAB_EPOCHS, device)

    model.eval()
    test_x = torch.tensor(LAB_TEST_X, device=device)
    with torch.no_grad():
        preds = model(test_x).cpu().flatten().tolist()
    return {
        "train_loss": history["train_loss"],
        "val_loss": history["val_loss"],
        "reported": LAB_REPORTED,
        "best_val": min(history["val_loss"]),
        "test_x": LAB_TEST_X,
        "predictions": preds,
    }


def format_lab(figures: dict) -> str:
    """The seed 000 printout, line for line (same format strings)."""
    lines = ["training_loop_lab"]
    for epoch in figures["reported"]:
        lines.append(f"epoch={epoch:3d} "
                     f"train_loss={figures['train_loss'][epoch - 1]:.4f} "
                     f"val_loss={figures['val_loss'][epoch - 1]:.4f}")
    lines.append(f"best_val: {round(figures['best_val'], 4)}")
    lines.append("predictions:")
    for row, pred in zip(figures["test_x"], figures["predictions"]):
        lines.append(f"x={row} -> pred={pred:.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_lab(lab()))
