# expect-runtime: any
# exercise: training_loop
# expect-forgery: fails no_grad
# forge: validation without no_grad, its outputs a tensor subclass whose requires_grad property lies
"""The recorder asks a validation output whether it requires grad (an output that does built a
graph, whatever grad mode says when the grader looks). A global forward hook runs before the
grader's: in eval mode it turns grad mode off and hands on the output as a subclass whose Python
`requires_grad` property says False; the model's own hook, after the grader's, turns grad back on
and returns the plain tensor. Every validation forward built a graph."""
import copy

import torch
from torch.nn.modules.module import register_module_forward_hook


class Quiet(torch.Tensor):
    @property
    def requires_grad(self):
        return False


def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device):
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        model.eval()
        running = 0.0
        for xb, yb in val_loader:
            xb, yb = xb.to(device), yb.to(device)
            running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    def hide(module, args, output):
        if module is model and not model.training:
            torch.set_grad_enabled(False)
            return output.as_subclass(Quiet)

    def restore(module, args, output):
        torch.set_grad_enabled(True)
        return output.as_subclass(torch.Tensor)

    handles = [register_module_forward_hook(hide), model.register_forward_hook(restore)]
    try:
        return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    finally:
        for h in handles:
            h.remove()
