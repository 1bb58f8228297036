# expect: pass
# source style: timm train.py train_one_epoch (`optimizer.zero_grad(set_to_none=True)` at the top, `need_update`, `last_batch_idx`) with a tqdm bar
"""timm-like: zero_grad(set_to_none=True) once before the loop, `last_batch_idx = len(loader) - 1`,
`need_update = last_batch or (batch_idx + 1) % accum_steps == 0`, the loss scaled by
1/accum_steps, and clearing after each update; tqdm wraps the loader with a postfix."""
import torch
from tqdm.auto import tqdm


class AverageMeter:
    def __init__(self):
        self.sum, self.count = 0.0, 0

    def update(self, val, n=1):
        self.sum += val * n
        self.count += n

    @property
    def avg(self):
        return self.sum / self.count


def validate(model, loader, loss_fn, device):
    meter = AverageMeter()
    model.eval()
    with torch.no_grad():
        for input, target in loader:
            input, target = input.to(device), target.to(device)
            meter.update(loss_fn(model(input), target).item(), input.size(0))
    return meter.avg


def train_one_epoch(model, loader, loss_fn, optimizer, device, accum_steps):
    model.train()
    losses_m = AverageMeter()
    last_batch_idx = len(loader) - 1
    optimizer.zero_grad(set_to_none=True)
    pbar = tqdm(loader, leave=False)
    for batch_idx, (input, target) in enumerate(pbar):
        last_batch = batch_idx == last_batch_idx
        need_update = last_batch or (batch_idx + 1) % accum_steps == 0
        input, target = input.to(device), target.to(device)
        output = model(input)
        loss = loss_fn(output, target)
        losses_m.update(loss.item(), input.size(0))
        (loss / accum_steps).backward()
        if not need_update:
            continue
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        pbar.set_postfix(loss=losses_m.avg)
    return losses_m.avg


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    for epoch in tqdm(range(epochs)):
        history["train_loss"].append(train_one_epoch(model, train_loader, loss_fn, optimizer, device, accum_steps))
        history["val_loss"].append(validate(model, val_loader, loss_fn, device))
    return history
