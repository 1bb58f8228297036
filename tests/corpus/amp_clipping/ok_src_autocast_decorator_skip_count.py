# expect: pass
# source style: autocast used as a decorator (`torch.autocast(...)(fn)`) and HF Trainer's skipped-step detection (`scale_before > scaler.get_scale()`)
"""The forward function wrapped at run time with `torch.autocast(device_type=..., dtype=amp_dtype)`
used as a decorator; the recipe's unscale_/clip/step/update; an overflowed (skipped) step counted
by comparing the scale before and after `update()`, as HF's Trainer does."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16):
    device_type = torch.device(device).type

    def compute_loss(inputs, targets):
        return loss_fn(model(inputs), targets)

    amp_compute_loss = torch.autocast(device_type=device_type, dtype=amp_dtype)(compute_loss)
    params = [p for group in optimizer.param_groups for p in group["params"]]
    history = {"train_loss": [], "val_loss": []}
    skipped = 0
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for inputs, targets in train_loader:
            inputs, targets = inputs.to(device), targets.to(device)
            optimizer.zero_grad()
            loss = amp_compute_loss(inputs, targets)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type=2.0)
            scale_before = scaler.get_scale()
            scaler.step(optimizer)
            scaler.update()
            optimizer_was_run = scale_before <= scaler.get_scale()
            skipped += not optimizer_was_run
            total += loss.item() * targets.size(0)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for inputs, targets in val_loader:
                inputs, targets = inputs.to(device), targets.to(device)
                total += compute_loss(inputs, targets).item() * targets.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
    print(f"{skipped} optimizer steps skipped")
    return history
