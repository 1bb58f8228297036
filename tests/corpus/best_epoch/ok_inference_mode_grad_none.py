# expect: pass
import copy

import torch


def fit_one_epoch(net, loader, criterion, opt, dev):
    net.train()
    total = torch.zeros((), device=dev)
    count = 0
    for features, target in loader:
        features, target = features.to(dev), target.to(dev)
        for p in net.parameters():
            p.grad = None
        loss = criterion(net(features), target)
        loss.backward()
        opt.step()
        total += loss.detach() * features.size(0)
        count += features.size(0)
    return (total / count).item()


def validate(net, loader, criterion, dev):
    net.train(False)
    with torch.inference_mode():
        total = torch.zeros((), device=dev)
        for features, target in loader:
            features, target = features.to(dev), target.to(dev)
            total += criterion(net(features), target) * features.size(0)
        return (total / len(loader.dataset)).item()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    train_curve, val_curve = [], []
    best = (float("inf"), 0, None)
    for ep in range(epochs):
        train_curve.append(fit_one_epoch(model, train_loader, loss_fn, optimizer, device))
        val_curve.append(validate(model, val_loader, loss_fn, device))
        if val_curve[-1] < best[0]:
            best = (val_curve[-1], ep + 1, copy.deepcopy(model.state_dict()))
    model.load_state_dict(best[2])
    return {"train_loss": train_curve, "val_loss": val_curve, "best_epoch": best[1]}
