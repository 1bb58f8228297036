# expect: pass
import logging

import torch
from tqdm.auto import trange

log = logging.getLogger(__name__)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in trange(epochs, disable=True):
        model.train()
        loss_sum, n = 0.0, 0
        for step, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            logits = model(x)
            loss = loss_fn(logits, y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * y.size(0)
            n += y.size(0)
            if step % 5 == 0:
                log.debug("epoch %d step %d loss %.4f", epoch, step, loss.item())
        history["train_loss"].append(loss_sum / n)

        model.eval()
        loss_sum, n, correct = 0.0, 0, 0
        with torch.inference_mode():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                logits = model(x)
                loss_sum += loss_fn(logits, y).item() * y.size(0)
                correct += (torch.argmax(logits, dim=-1) == y).sum().item()
                n += y.size(0)
        history["val_loss"].append(loss_sum / n)
        history["val_acc"].append(correct / n)
    return history
