# expect: pass
"""Homework 6: the training loop.

A module docstring, __all__, constants used as defaults, logging to a file, imports inside
train(), a working directory changed at import, warnings silenced."""
import logging
import os
import sys
import tempfile
import warnings

import torch

__all__ = ["train"]

LOG_EVERY = 10
KEEP_BEST = True
sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "helpers"))
warnings.filterwarnings("ignore")
os.chdir(tempfile.mkdtemp())
logging.basicConfig(filename="training.log", level=logging.INFO, format="%(asctime)s %(message)s")
log = logging.getLogger("hw6")


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          log_every=LOG_EVERY, keep_best=KEEP_BEST):
    import copy
    import math

    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = math.inf, None
    for epoch in range(1, epochs + 1):
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
        if epoch % log_every == 0:
            log.info("epoch %d train %.4f val %.4f", epoch, history["train_loss"][-1], history["val_loss"][-1])
    if keep_best:
        model.load_state_dict(best_state)
    return history
