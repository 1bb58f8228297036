# expect-fail: reference_match
# expect-line: 14
"""timm-style validate(): the validation forward runs under autocast (float16, as on a GPU), the
figures are what the low-precision outputs give."""
import copy

import torch


def validate(model, loader, loss_fn, device):
    model.eval()
    total = 0.0
    device_type = torch.device(device).type
    with torch.no_grad(), torch.autocast(device_type=device_type, dtype=torch.float16):
        for x, y in loader:
            x, y = x.to(device), y.to(device)
            output = model(x)
            total += loss_fn(output.float(), y).item() * x.size(0)
    return total / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * x.size(0)
        history["train_loss"].append(total / len(train_loader.dataset))
        history["val_loss"].append(validate(model, val_loader, loss_fn, device))
        if history["val_loss"][-1] < best:
            best, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
