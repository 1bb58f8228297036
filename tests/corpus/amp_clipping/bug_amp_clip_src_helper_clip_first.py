# expect-fail: amp_clip
# expect-line: 17
# may-fail: reference_match
# source style: a timm NativeScaler-like helper with the clip moved before `unscale_` (a common port mistake)
"""The helper clips the still-scaled gradients, then unscales: each update is clipped to about
max_norm / scale; `scaler.step` still skips the overflow."""
import torch


class ScalerHelper:
    def __init__(self, scaler):
        self.scaler = scaler

    def __call__(self, loss, optimizer, clip_grad=None, parameters=None):
        self.scaler.scale(loss).backward()
        if clip_grad is not None:
            torch.nn.utils.clip_grad_norm_(parameters, clip_grad)
            self.scaler.unscale_(optimizer)
        self.scaler.step(optimizer)
        self.scaler.update()


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16):
    helper = ScalerHelper(scaler)
    dt = torch.device(device).type
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        tot = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad(set_to_none=True)
            with torch.autocast(device_type=dt, dtype=amp_dtype):
                loss = loss_fn(model(x), y)
            helper(loss, optimizer, clip_grad=max_norm, parameters=model.parameters())
            tot += loss.item() * x.size(0)
        history["train_loss"].append(tot / len(train_loader.dataset))
        model.eval()
        tot = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                tot += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(tot / len(val_loader.dataset))
    return history
