"""The seed 000 regression scenario, shared by the exercises built on its lab."""
from __future__ import annotations

import torch
from torch import nn

from exercises.common import Setup, loaders, mlp, regression_data, variant_seed


def regression_setup(device, *, epochs: int, seed: int = 0, lr: float = 0.03, kwargs=None,
                     loss_fn: nn.Module | None = None, target=None, count_correct=None, n_val: int = 50,
                     variant: int = 0) -> Setup:
    """200 train samples in batches of 32 (last 8), n_val val in batches of 16 (last 2 by default)."""
    x, y = regression_data(200 + n_val, seed=variant_seed(seed, variant))
    train_loader, val_loader = loaders(x, y, n_train=200, train_batch=32, val_batch=16,
                                       seed=variant_seed(seed + 10, variant))
    model = mlp(2, 16, 1, dropout=0.1, seed=variant_seed(seed + 20, variant)).to(device)
    setup = Setup(
        model=model, train_loader=train_loader, val_loader=val_loader,
        loss_fn=loss_fn or nn.MSELoss(), optimizer=torch.optim.Adam(model.parameters(), lr=lr),
        epochs=epochs, kwargs=dict(kwargs or {}), count_correct=count_correct,
    )
    if target is not None:
        setup.target = target
    return setup
