# expect: pass
"""Best weights as one flat vector (parameters_to_vector / vector_to_parameters), a
`while True` loop with its exit conditions at the bottom, stop by `epoch - best_epoch >=
patience`, a math.inf initial best, torch.inference_mode() validation."""
import math

import torch
from torch.nn.utils import parameters_to_vector, vector_to_parameters


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = {"train_loss": [], "val_loss": [], "best_epoch": None}
    best_loss, best_vector = math.inf, None
    epoch = 0
    while True:
        epoch += 1
        model.train()
        total, count = 0.0, 0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(x)
            count += len(x)
        history["train_loss"].append(total / count)
        model.eval()
        total, count = 0.0, 0
        with torch.inference_mode():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
                count += len(x)
        val_loss = total / count
        history["val_loss"].append(val_loss)
        if val_loss < best_loss:
            best_loss, history["best_epoch"] = val_loss, epoch
            best_vector = parameters_to_vector(model.parameters()).detach().clone()
        if epoch - history["best_epoch"] >= patience or epoch >= epochs:
            break
    vector_to_parameters(best_vector, model.parameters())
    return history
