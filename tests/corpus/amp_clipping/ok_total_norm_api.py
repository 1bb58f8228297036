# expect: pass
"""Clipping in two calls (torch.nn.utils.get_total_norm, then clip_grads_with_norm_) on the
gradients of the parameters that have one; a nullcontext when no amp_dtype is given; the step
written as a small class."""
from contextlib import nullcontext

import torch
from torch.nn.utils import clip_grads_with_norm_, get_total_norm


class AmpStep:
    def __init__(self, model, optimizer, scaler, max_norm, device_type, amp_dtype):
        self.model, self.optimizer, self.scaler = model, optimizer, scaler
        self.max_norm, self.device_type, self.amp_dtype = max_norm, device_type, amp_dtype

    def autocast(self):
        if self.amp_dtype is None:
            return nullcontext()
        return torch.autocast(self.device_type, dtype=self.amp_dtype)

    def __call__(self, loss_fn, x, y):
        self.optimizer.zero_grad(set_to_none=True)
        with self.autocast():
            loss = loss_fn(self.model(x), y)
        self.scaler.scale(loss).backward()
        self.scaler.unscale_(self.optimizer)
        params = [p for p in self.model.parameters() if p.grad is not None]
        total = get_total_norm([p.grad for p in params])
        clip_grads_with_norm_(params, self.max_norm, total)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        return loss.item()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", scaler=None,
          max_norm=1.0, amp_dtype=torch.bfloat16):
    step = AmpStep(model, optimizer, scaler, max_norm, torch.device(device).type, amp_dtype)
    history = {"train_loss": [], "val_loss": []}
    for _ in range(epochs):
        model.train()
        total = sum(step(loss_fn, x.to(device), y.to(device)) * len(x) for x, y in train_loader)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        with torch.inference_mode():
            total = sum(loss_fn(model(x.to(device)), y.to(device)).item() * len(x) for x, y in val_loader)
        history["val_loss"].append(total / len(val_loader.dataset))
    return history
