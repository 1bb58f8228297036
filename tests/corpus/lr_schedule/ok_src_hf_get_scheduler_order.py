# expect: pass
# source style: HuggingFace no_trainer examples (`optimizer.step(); lr_scheduler.step(); optimizer.zero_grad()`, `progress_bar.update(1)`), tqdm bar
"""The HF example's per-batch order: backward, optimizer.step(), lr_scheduler.step() (for a
per-step interval), optimizer.zero_grad(); the rate read as `lr_scheduler.optimizer.param_groups`
before the epoch; the epoch schedulers stepped after evaluation, the plateau one by isinstance."""
import torch
from torch.optim.lr_scheduler import ReduceLROnPlateau
from tqdm.auto import tqdm


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu",
          scheduler=None, interval="epoch"):
    lr_scheduler = scheduler
    history = {"train_loss": [], "val_loss": [], "lr": []}
    progress_bar = tqdm(range(epochs * len(train_loader)))
    for epoch in range(epochs):
        history["lr"].append(lr_scheduler.optimizer.param_groups[0]["lr"])
        model.train()
        total_loss = 0.0
        for step, batch in enumerate(train_loader):
            inputs, labels = batch[0].to(device), batch[1].to(device)
            outputs = model(inputs)
            loss = loss_fn(outputs, labels)
            total_loss += loss.detach().float().item() * inputs.shape[0]
            loss.backward()
            optimizer.step()
            if interval == "step":
                lr_scheduler.step()
            optimizer.zero_grad()
            progress_bar.update(1)
        history["train_loss"].append(total_loss / len(train_loader.dataset))

        model.eval()
        losses = []
        for step, batch in enumerate(val_loader):
            inputs, labels = batch[0].to(device), batch[1].to(device)
            with torch.no_grad():
                outputs = model(inputs)
            losses.append(loss_fn(outputs, labels).repeat(inputs.shape[0]))
        eval_loss = torch.cat(losses).mean().item()
        history["val_loss"].append(eval_loss)
        if interval != "step":
            if isinstance(lr_scheduler, ReduceLROnPlateau):
                lr_scheduler.step(eval_loss)
            else:
                lr_scheduler.step()
    progress_bar.close()
    return history
