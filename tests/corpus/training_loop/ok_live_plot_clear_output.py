# expect: pass
# A notebook habit: redraw a live loss plot every few epochs (clear_output + matplotlib).
import copy

import matplotlib.pyplot as plt
import torch
from IPython.display import clear_output, display


def plot_losses(history):
    clear_output(wait=True)
    fig, (ax_loss, ax_gap) = plt.subplots(1, 2, figsize=(10, 3))
    ax_loss.plot(history["train_loss"], label="train")
    ax_loss.plot(history["val_loss"], label="val")
    ax_loss.legend()
    ax_gap.plot([v - t for t, v in zip(history["train_loss"], history["val_loss"])])
    display(fig)
    plt.close(fig)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_weights = float("inf"), None
    for epoch in range(epochs):
        model.train()
        seen, running = 0, 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.shape[0]
            seen += xb.shape[0]
        history["train_loss"].append(running / seen)

        model.eval()
        seen, running = 0, 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * xb.shape[0]
                seen += xb.shape[0]
        history["val_loss"].append(running / seen)

        if history["val_loss"][-1] < best_val:
            best_val = history["val_loss"][-1]
            best_weights = copy.deepcopy(model.state_dict())
        if epoch % 10 == 0:
            plot_losses(history)

    model.load_state_dict(best_weights)
    return history
