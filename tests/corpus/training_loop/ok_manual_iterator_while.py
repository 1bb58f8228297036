# expect: pass
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = None, None
    epoch = 0
    while epoch < epochs:
        epoch += 1
        model.train()
        iterator = iter(train_loader)
        loss_sum, count = 0.0, 0
        while True:
            try:
                x, y = next(iterator)
            except StopIteration:
                break
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            out = model(x)
            loss = loss_fn(out, y)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * x.size(0)
            count += x.size(0)
        history["train_loss"].append(loss_sum / count)

        model.eval()
        loss_sum, count = 0.0, 0
        with torch.no_grad():
            it = iter(val_loader)
            for _ in range(len(val_loader)):
                x, y = next(it)
                x, y = x.to(device), y.to(device)
                loss_sum += loss_fn(model(x), y).item() * x.size(0)
                count += x.size(0)
        val_loss = loss_sum / count
        history["val_loss"].append(val_loss)
        if best_loss is None or val_loss < best_loss:
            best_loss, best_state = val_loss, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
