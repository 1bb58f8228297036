# expect-runtime: any
# exercise: training_loop
# expect-forgery: fails no_grad
# forge: validation without no_grad; hooks turn grad mode off just while the grader's forward hook looks
"""The recorder reads torch.is_grad_enabled() in its forward hook, after the forward ran. A
global forward hook (torch.nn.modules.module.register_module_forward_hook) runs before every
module's own hooks: in eval mode it turns grad mode off, so the grader's hook sees it off, and a
forward hook of the model's, registered after the grader's, turns it back on. Every validation
forward built an autograd graph, but each would be recorded as made without one."""
import copy

import torch
from torch.nn.modules.module import register_module_forward_hook
def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device):
    """A correct loop but for one thing: validation runs without torch.no_grad()."""
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
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

    def restore(module, args, output):
        torch.set_grad_enabled(True)

    handles = [register_module_forward_hook(hide), model.register_forward_hook(restore)]
    try:
        return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    finally:
        for h in handles:
            h.remove()
