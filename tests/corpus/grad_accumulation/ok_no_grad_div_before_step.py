# expect: pass
"""Undivided backwards, and the accumulated .grad divided by accum_steps under torch.no_grad()
just before each step (the same update as dividing every loss); tqdm over the loader."""
import torch
from tqdm.auto import tqdm


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    params = [p for p in model.parameters() if p.requires_grad]
    for epoch in range(epochs):
        model.train()
        epoch_loss = 0.0
        batches = list(range(len(train_loader)))
        for i, (x, y) in zip(batches, tqdm(train_loader, desc=f"epoch {epoch}", leave=False)):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            loss.backward()
            epoch_loss += loss.item() * len(y)
            if (i + 1) % accum_steps == 0 or i == batches[-1]:
                with torch.no_grad():
                    for p in params:
                        if p.grad is not None:
                            p.grad /= accum_steps
                optimizer.step()
                optimizer.zero_grad()
        history["train_loss"].append(epoch_loss / len(train_loader.dataset))

        model.eval()
        with torch.no_grad():
            val = sum(loss_fn(model(x.to(device)), y.to(device)).item() * len(y) for x, y in val_loader)
        history["val_loss"].append(val / len(val_loader.dataset))
    return history
