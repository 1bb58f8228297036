# expect: pass
# Source style: fastai's metrics: accuracy(inp, targ) = (inp.argmax(dim=-1) == targ).float().mean() per batch,
# combined over the epoch the way fastai's AvgMetric does (value * batch size summed, divided by the count).
import torch


def accuracy(inp, targ, axis=-1):
    "Compute accuracy with `targ` when `pred` is bs * n_classes"
    pred = inp.argmax(dim=axis)
    return (pred == targ).float().mean()


class AvgMetric:
    "Average the values of `func` taking into account potential different batch sizes"
    def __init__(self, func):
        self.func = func

    def reset(self):
        self.total, self.count = 0.0, 0

    def accumulate(self, pred, yb):
        bs = yb.shape[0]
        self.total += self.func(pred, yb).item() * bs
        self.count += bs

    @property
    def value(self):
        return self.total / self.count if self.count != 0 else None


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    train_loss, val_loss, val_acc = AvgMetric(loss_fn), AvgMetric(loss_fn), AvgMetric(accuracy)
    for epoch in range(epochs):
        model.train()
        train_loss.reset()
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            pred = model(xb)
            loss = loss_fn(pred, yb)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            train_loss.total += loss.item() * yb.shape[0]
            train_loss.count += yb.shape[0]
        model.eval()
        val_loss.reset()
        val_acc.reset()
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                pred = model(xb)
                val_loss.accumulate(pred, yb)
                val_acc.accumulate(pred, yb)
        history["train_loss"].append(train_loss.value)
        history["val_loss"].append(val_loss.value)
        history["val_acc"].append(val_acc.value)
        print(f"{epoch:<6}{train_loss.value:<12.6f}{val_loss.value:<12.6f}{val_acc.value:<10.6f}")
    return history
