# expect: pass
# source style: PyTorch "Automatic Mixed Precision examples" / AMP recipe (gradient clipping section), `torch.autocast(device_type=..., dtype=...)`
"""The recipe verbatim: `with torch.autocast(device_type=device_type, dtype=amp_dtype)` around
forward and loss, `scaler.scale(loss).backward()`, `scaler.unscale_(optimizer)`,
`clip_grad_norm_(model.parameters(), max_norm)`, `scaler.step`, `scaler.update`,
`optimizer.zero_grad(set_to_none=True)` after the update (the recipe's placement)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scaler=None, max_norm=1.0, amp_dtype=torch.bfloat16):
    device_type = "cuda" if "cuda" in str(device) else "cpu"
    use_amp = True
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        running = 0.0
        for input, target in train_loader:
            input = input.to(device, non_blocking=True)
            target = target.to(device, non_blocking=True)
            with torch.autocast(device_type=device_type, dtype=amp_dtype, enabled=use_amp):
                output = model(input)
                loss = loss_fn(output, target)
            scaler.scale(loss).backward()

            # Unscales the gradients of optimizer's assigned params in-place
            scaler.unscale_(optimizer)
            # Since the gradients of optimizer's assigned params are unscaled, clips as usual:
            torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)

            # optimizer's gradients are already unscaled, so scaler.step does not unscale them,
            # although it still skips optimizer.step() if the gradients contain infs or NaNs.
            scaler.step(optimizer)
            # Updates the scale for next iteration.
            scaler.update()
            optimizer.zero_grad(set_to_none=True)
            running += loss.detach().float().item() * target.shape[0]
        history["train_loss"].append(running / len(train_loader.dataset))

        model.eval()
        running = 0.0
        with torch.inference_mode():
            for input, target in val_loader:
                input, target = input.to(device), target.to(device)
                running += loss_fn(model(input), target).item() * target.shape[0]
        history["val_loss"].append(running / len(val_loader.dataset))
    return history
