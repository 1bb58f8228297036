# expect-fail: accum_cadence
# expect-line: 20
# may-fail: reference_match
# source style: HuggingFace Trainer's inner loop (`total_batched_samples` counted across epochs, step when it is a multiple of gradient_accumulation_steps)
"""A global micro-batch counter that is never reset: with a batch count that is not a multiple of
accum_steps, groups straddle epoch boundaries, so the epoch's last micro-batches are stepped in the
next epoch (the statement asks for a step after every epoch's last micro-batch)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    total_batched_samples = 0
    steps_in_epoch = len(train_loader)
    model.zero_grad()
    for epoch in range(epochs):
        model.train()
        tr_loss = 0.0
        for step, inputs in enumerate(train_loader):
            total_batched_samples += 1
            x, y = (t.to(device) for t in inputs)
            loss = loss_fn(model(x), y)
            tr_loss += loss.item() * x.size(0)
            (loss / accum_steps).backward()
            is_last_step_and_steps_less_than_grad_acc = (
                steps_in_epoch <= accum_steps and (step + 1) == steps_in_epoch)
            if total_batched_samples % accum_steps == 0 or is_last_step_and_steps_less_than_grad_acc:
                optimizer.step()
                model.zero_grad()
        history["train_loss"].append(tr_loss / len(train_loader.dataset))
        model.eval()
        v = 0.0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                v += loss_fn(model(x), y).item() * x.size(0)
        history["val_loss"].append(v / len(val_loader.dataset))
    return history
