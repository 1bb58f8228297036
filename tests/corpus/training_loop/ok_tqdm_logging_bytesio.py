# expect: pass
import io
import logging

import torch
from tqdm.auto import tqdm

log = logging.getLogger("training")


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best, buffer = float("inf"), io.BytesIO()
    for epoch in tqdm(range(1, epochs + 1), desc="epochs"):
        model.train()
        seen, total = 0, 0.0
        bar = tqdm(train_loader, leave=False)
        for xb, yb in bar:
            xb = xb.to(device)
            yb = yb.to(device)
            preds = model(xb)
            loss = loss_fn(preds, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            seen += xb.shape[0]
            total += loss.item() * xb.shape[0]
            bar.set_postfix(loss=loss.item())
        history["train_loss"].append(total / seen)

        model.eval()
        seen, total = 0, 0.0
        with torch.no_grad():
            for xb, yb in tqdm(val_loader, leave=False):
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * xb.shape[0]
                seen += xb.shape[0]
        history["val_loss"].append(total / seen)
        log.info("epoch %d train %.4f val %.4f", epoch, history["train_loss"][-1], history["val_loss"][-1])
        if history["val_loss"][-1] < best:
            best = history["val_loss"][-1]
            buffer = io.BytesIO()
            torch.save(model.state_dict(), buffer)
    buffer.seek(0)
    model.load_state_dict(torch.load(buffer))
    return history
