# expect: pass
"""An ignite-like engine written by hand: handlers registered per event with a decorator,
state in a SimpleNamespace, a `terminate` flag set by the early-stopping handler, the best
weights kept in a dict of detached CPU clones."""
from collections import defaultdict
from types import SimpleNamespace

import torch

EPOCH_STARTED, EPOCH_COMPLETED, COMPLETED = "epoch_started", "epoch_completed", "completed"


class Engine:
    def __init__(self, step):
        self.step = step
        self.handlers = defaultdict(list)
        self.state = SimpleNamespace(epoch=0, output=None, should_terminate=False)

    def on(self, event):
        def register(fn):
            self.handlers[event].append(fn)
            return fn
        return register

    def fire(self, event):
        for fn in self.handlers[event]:
            fn(self)

    def run(self, loader, max_epochs):
        while self.state.epoch < max_epochs and not self.state.should_terminate:
            self.state.epoch += 1
            self.fire(EPOCH_STARTED)
            self.state.outputs = [self.step(batch) for batch in loader]
            self.fire(EPOCH_COMPLETED)
        self.fire(COMPLETED)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    def update(batch):
        x, y = (t.to(device) for t in batch)
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item(), len(x)

    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best = SimpleNamespace(loss=None, state=None, bad=0)
    engine = Engine(update)

    @engine.on(EPOCH_STARTED)
    def to_train_mode(engine):
        model.train()

    @engine.on(EPOCH_COMPLETED)
    def log_and_validate(engine):
        outs = engine.state.outputs
        history["train_loss"].append(sum(l * n for l, n in outs) / sum(n for _, n in outs))
        model.eval()
        total = count = 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                total += loss_fn(model(x), y).item() * len(x)
                count += len(x)
        val = total / count
        history["val_loss"].append(val)
        if best.loss is None or val < best.loss:
            best.loss, best.bad = val, 0
            best.state = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
            history["best_epoch"] = engine.state.epoch
        else:
            best.bad += 1
            if best.bad >= patience:
                engine.state.should_terminate = True

    @engine.on(COMPLETED)
    def restore(engine):
        model.load_state_dict(best.state)

    engine.run(train_loader, epochs)
    return history
