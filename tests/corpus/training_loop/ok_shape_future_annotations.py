# expect: pass
"""Type-hinted, with postponed annotations: the hints name a TypedDict defined after train()
and a pandas type never imported (fine under `from __future__ import annotations`)."""
from __future__ import annotations

import copy
from typing import TYPE_CHECKING, TypedDict

import torch
from torch import nn
from torch.utils.data import DataLoader

if TYPE_CHECKING:
    import pandas as pd


def train(model: nn.Module, train_loader: DataLoader, val_loader: DataLoader, loss_fn: nn.Module,
          optimizer: torch.optim.Optimizer, epochs: int, device: str | torch.device = "cpu") -> History:
    history: History = {"train_loss": [], "val_loss": []}
    best_loss: float = float("inf")
    best_state: dict[str, torch.Tensor] | None = None
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(xb)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * len(xb)
        history["val_loss"].append(total / len(val_loader.dataset))
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history


def as_frame(history: History) -> pd.DataFrame:
    import pandas as pd
    return pd.DataFrame(history)


class History(TypedDict):
    train_loss: list[float]
    val_loss: list[float]
