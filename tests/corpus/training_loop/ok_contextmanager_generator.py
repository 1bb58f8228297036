# expect: pass
"""A contextmanager that switches to eval mode and back (model.train(mode=was)), a generator
yielding (loss, batch size) per batch consumed by sum(), functools.partial for the two phases,
the history built as a list of per-epoch dicts and converted at the end."""
import contextlib
import copy
import functools

import torch


@contextlib.contextmanager
def evaluating(model):
    was = model.training
    model.train(False)
    try:
        with torch.set_grad_enabled(False):
            yield
    finally:
        model.train(mode=was)


def batch_losses(model, loader, loss_fn, device, optimizer=None):
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        loss = loss_fn(model(x), y)
        if optimizer is not None:
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        yield loss.item(), y.shape[0]


def epoch_mean(pairs):
    pairs = list(pairs)
    return sum(l * n for l, n in pairs) / sum(n for _, n in pairs)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    fit = functools.partial(batch_losses, model, train_loader, loss_fn, device, optimizer)
    score = functools.partial(batch_losses, model, val_loader, loss_fn, device)
    records, best = [], None
    for epoch in range(1, epochs + 1):
        model.train(mode=True)
        train_loss = epoch_mean(fit())
        with evaluating(model):
            val_loss = epoch_mean(score())
        records.append({"epoch": epoch, "train_loss": train_loss, "val_loss": val_loss})
        if best is None or val_loss < best[0]:
            best = (val_loss, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[1])
    return {key: [r[key] for r in records] for key in ("train_loss", "val_loss")}
