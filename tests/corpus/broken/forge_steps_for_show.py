# expect-runtime: ok
# exercise: training_loop
# expect-forgery: fails zero_grad
# forge: the steps the grader watches are for show; the weights each epoch is validated on come from a shadow copy trained by another loop (never zeroed), loaded in before each validation
"""The student's real training loop never clears its gradients (zero_grad's bug). To take
zero_grad anyway, it trains a shadow copy of the model with that loop and its own optimizer
(the grader does not watch a copy), and runs a correct-looking loop on the model and optimizer
it was given, for show: every step the grader sees clears, backpropagates one batch and steps.
Before each validation it loads the shadow's weights into the model, so every epoch's streamed
snapshot and the returned weights are the shadow's, and the validation figures the parent
recomputes from them are genuine. The recorder's account of the steps is true of the steps it
saw; the weights did not come from them: training replay finds the weights changed outside
optimizer.step() between two steps."""
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    shadow = copy.deepcopy(model)
    shadow_opt = torch.optim.Adam(shadow.parameters(), lr=0.01)
    history = {"train_loss": [], "val_loss": []}
    best, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        shadow.train()
        total, n = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(shadow(xb), yb)     # the real training: gradients never cleared
            loss.backward()
            shadow_opt.step()
            optimizer.zero_grad()              # the show, on the objects the grader watches
            shown = loss_fn(model(xb), yb)
            shown.backward()
            optimizer.step()
            total += loss.item() * len(xb)
            n += len(xb)
        model.load_state_dict(shadow.state_dict())
        history["train_loss"].append(total / n)
        model.eval()
        val, m = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                val += loss_fn(model(xb), yb).item() * len(xb)
                m += len(xb)
        history["val_loss"].append(val / m)
        if val / m < best:
            best, best_state = val / m, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
