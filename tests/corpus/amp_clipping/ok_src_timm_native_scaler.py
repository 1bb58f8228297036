# expect: pass
# source style: timm.utils.cuda.NativeScaler (`__call__(loss, optimizer, clip_grad, parameters)`: backward, unscale_, clip, step, update)
"""A NativeScaler-like helper wrapping the scaler passed in; `contextlib.nullcontext()` when
amp is off (`amp_dtype=None`), autocast built with `functools.partial` as timm does; validation
outside autocast."""
import contextlib
from functools import partial

import torch


class NativeScaler:
    state_dict_key = "amp_scaler"

    def __init__(self, scaler):
        self._scaler = scaler

    def __call__(self, loss, optimizer, clip_grad=None, parameters=None, create_graph=False):
        self._scaler.scale(loss).backward(create_graph=create_graph)
        if clip_grad is not None:
            assert parameters is not None
            self._scaler.unscale_(optimizer)  # unscale the gradients of optimizer's params in-place
            torch.nn.utils.clip_grad_norm_(parameters, clip_grad)
        self._scaler.step(optimizer)
        self._scaler.update()

    def state_dict(self):
        return self._scaler.state_dict()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16):
    device_type = torch.device(device).type
    if amp_dtype is not None:
        amp_autocast = partial(torch.autocast, device_type=device_type, dtype=amp_dtype)
    else:
        amp_autocast = contextlib.nullcontext
    loss_scaler = NativeScaler(scaler)
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        total, n = 0.0, 0
        for input, target in train_loader:
            input, target = input.to(device), target.to(device)
            with amp_autocast():
                output = model(input)
                loss = loss_fn(output, target)
            optimizer.zero_grad(set_to_none=True)
            loss_scaler(loss, optimizer, clip_grad=max_norm, parameters=model.parameters())
            total += loss.item() * input.size(0)
            n += input.size(0)
        history["train_loss"].append(total / n)

        model.eval()
        total, n = 0.0, 0
        with torch.no_grad():
            for input, target in val_loader:
                input, target = input.to(device), target.to(device)
                total += loss_fn(model(input), target).item() * input.size(0)
                n += input.size(0)
        history["val_loss"].append(total / n)
    return history
