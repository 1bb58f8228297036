# expect: pass
"""The loss is divided through backward's own argument: loss.backward(gradient=1/accum_steps);
steps decided with `continue` when the group is not complete; model.zero_grad()."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    n = len(train_loader)
    model.zero_grad()
    for _ in range(epochs):
        model.train()
        total, count = 0.0, 0
        for i, (inputs, targets) in enumerate(train_loader):
            inputs, targets = inputs.to(device), targets.to(device)
            loss = loss_fn(model(inputs), targets)
            loss.backward(gradient=torch.tensor(1.0 / accum_steps, device=loss.device, dtype=loss.dtype))
            total += loss.item() * inputs.size(0)
            count += inputs.size(0)
            if (i + 1) % accum_steps != 0 and i + 1 != n:
                continue
            optimizer.step()
            model.zero_grad()
        history["train_loss"].append(total / count)

        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for inputs, targets in val_loader:
                inputs, targets = inputs.to(device), targets.to(device)
                total += loss_fn(model(inputs), targets).item() * inputs.size(0)
                count += inputs.size(0)
        history["val_loss"].append(total / count)
    return history
