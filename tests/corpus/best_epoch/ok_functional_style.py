# expect: pass
from functools import reduce

import torch


def _batch_loss(model, loss_fn, device, batch):
    x, y = (t.to(device) for t in batch)
    return loss_fn(model(x), y), x.shape[0]


def _sgd_step(model, loss_fn, optimizer, device, batch):
    optimizer.zero_grad()
    loss, n = _batch_loss(model, loss_fn, device, batch)
    loss.backward()
    optimizer.step()
    return loss.item(), n


def _mean(pairs):
    total, count = reduce(lambda acc, p: (acc[0] + p[0] * p[1], acc[1] + p[1]), pairs, (0.0, 0))
    return total / count


def _fit_epoch(model, loader, loss_fn, optimizer, device):
    model.train()
    return _mean([_sgd_step(model, loss_fn, optimizer, device, b) for b in loader])


def _evaluate(model, loader, loss_fn, device):
    model.eval()
    with torch.inference_mode():
        return _mean([(l.item(), n) for l, n in (_batch_loss(model, loss_fn, device, b) for b in loader)])


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    records = []
    for epoch in range(1, epochs + 1):
        tr = _fit_epoch(model, train_loader, loss_fn, optimizer, device)
        va = _evaluate(model, val_loader, loss_fn, device)
        state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        records.append((epoch, tr, va, state))
    best = min(records, key=lambda r: r[2])
    model.load_state_dict(best[3])
    return {"train_loss": [r[1] for r in records], "val_loss": [r[2] for r in records], "best_epoch": best[0]}
