# expect: pass
import copy

import torch


class LitRegressor:
    """A LightningModule-like wrapper: the loop calls training_step / validation_step."""

    def __init__(self, model, loss_fn):
        self.model, self.loss_fn = model, loss_fn

    def training_step(self, batch):
        x, y = batch
        return self.loss_fn(self.model(x), y)

    def validation_step(self, batch):
        x, y = batch
        return {"loss": self.loss_fn(self.model(x), y), "n": len(x)}


def _to(batch, device):
    return tuple(t.to(device) for t in batch)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    lit = LitRegressor(model, loss_fn)
    history = {"train_loss": [], "val_loss": [], "best_epoch": None}
    best_state = None
    for epoch in range(1, epochs + 1):
        model.train()
        outputs = []
        for batch in train_loader:
            batch = _to(batch, device)
            loss = lit.training_step(batch)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            outputs.append((loss.detach(), len(batch[0])))
        history["train_loss"].append(float(sum(l * n for l, n in outputs) / sum(n for _, n in outputs)))

        model.eval()
        with torch.no_grad():
            steps = [lit.validation_step(_to(batch, device)) for batch in val_loader]
        val_loss = float(torch.stack([s["loss"] * s["n"] for s in steps]).sum() / sum(s["n"] for s in steps))
        history["val_loss"].append(val_loss)
        if history["best_epoch"] is None or val_loss < history["val_loss"][history["best_epoch"] - 1]:
            history["best_epoch"] = epoch
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
