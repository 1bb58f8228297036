# expect: pass
# Source style: the PyTorch tutorial "What is torch.nn really?": loss_batch(model, loss_func, xb, yb, opt=None)
# returning (loss.item(), len(xb)), fit() with zip(*[...]) and np.sum(np.multiply(losses, nums)) / np.sum(nums),
# opt.step(); opt.zero_grad(); best weights kept as in the tutorial's later sections.
import copy

import numpy as np
import torch


def loss_batch(model, loss_func, xb, yb, opt=None):
    loss = loss_func(model(xb), yb)

    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()

    return loss.item(), len(xb)


def preprocess(x, y, dev):
    return x.to(dev), y.to(dev)


class WrappedDataLoader:
    def __init__(self, dl, func):
        self.dl = dl
        self.func = func

    def __len__(self):
        return len(self.dl)

    def __iter__(self):
        for b in self.dl:
            yield self.func(*b)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    train_dl = WrappedDataLoader(train_loader, lambda x, y: preprocess(x, y, device))
    valid_dl = WrappedDataLoader(val_loader, lambda x, y: preprocess(x, y, device))
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = np.inf, None

    for epoch in range(epochs):
        model.train()
        losses, nums = zip(*[loss_batch(model, loss_fn, xb, yb, optimizer) for xb, yb in train_dl])
        train_loss = np.sum(np.multiply(losses, nums)) / np.sum(nums)

        model.eval()
        with torch.no_grad():
            losses, nums = zip(*[loss_batch(model, loss_fn, xb, yb) for xb, yb in valid_dl])
        val_loss = np.sum(np.multiply(losses, nums)) / np.sum(nums)

        print(epoch, val_loss)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if val_loss < best_loss:
            best_loss, best_state = val_loss, copy.deepcopy(model.state_dict())

    model.load_state_dict(best_state)
    return history
