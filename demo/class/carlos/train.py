import os
import tempfile

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    lowest = None
    with tempfile.TemporaryDirectory() as tmp:
        ckpt = os.path.join(tmp, "best.pt")
        for epoch in range(epochs):
            model.train()
            seen, running = 0, 0.0
            for inputs, targets in train_loader:
                inputs = inputs.to(device, non_blocking=True)
                targets = targets.to(device, non_blocking=True)
                optimizer.zero_grad(set_to_none=True)
                out = model(inputs)
                loss = loss_fn(out, targets)
                loss.backward()
                optimizer.step()
                running += loss.item() * inputs.shape[0]
                seen += inputs.shape[0]
            history["train_loss"].append(running / seen)

            model.eval()
            seen, running = 0, 0.0
            with torch.no_grad():
                for inputs, targets in val_loader:
                    inputs = inputs.to(device, non_blocking=True)
                    targets = targets.to(device, non_blocking=True)
                    running += loss_fn(model(inputs), targets).item() * inputs.shape[0]
                    seen += inputs.shape[0]
            val_loss = running / seen
            history["val_loss"].append(val_loss)

            if lowest is None or val_loss < lowest:
                lowest = val_loss
                torch.save(model.state_dict(), ckpt)

        model.load_state_dict(torch.load(ckpt, map_location=device))
    return history
