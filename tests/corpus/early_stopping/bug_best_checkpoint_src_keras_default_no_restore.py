# expect-fail: best_checkpoint
# expect-line: 59
# Source style: a Keras-like Model.fit() wrapper with callback objects (EarlyStopping with Keras's defaults,
# on_epoch_end returning "stop", a History callback), as in keras-style PyTorch ports.
import copy

import torch


class Callback:
    def on_train_begin(self, trainer):
        pass

    def on_epoch_end(self, trainer, epoch, logs):
        return False

    def on_train_end(self, trainer):
        pass


class History(Callback):
    def on_train_begin(self, trainer):
        self.history = {}

    def on_epoch_end(self, trainer, epoch, logs):
        for k, v in logs.items():
            self.history.setdefault(k, []).append(v)
        return False


class EarlyStopping(Callback):
    def __init__(self, monitor="val_loss", patience=0, min_delta=0.0, restore_best_weights=False):
        self.monitor, self.patience, self.min_delta = monitor, patience, min_delta
        self.restore_best_weights = restore_best_weights

    def on_train_begin(self, trainer):
        self.wait = 0
        self.best = float("inf")
        self.best_weights = None
        self.best_epoch = 0
        self.stopped_epoch = 0

    def on_epoch_end(self, trainer, epoch, logs):
        current = logs[self.monitor]
        if current < self.best - self.min_delta:
            self.best = current
            self.best_epoch = epoch + 1
            self.wait = 0
            if self.restore_best_weights:
                self.best_weights = copy.deepcopy(trainer.model.state_dict())
            return False
        self.wait += 1
        if self.wait >= self.patience:
            self.stopped_epoch = epoch
            return True
        return False

    def on_train_end(self, trainer):
        if self.restore_best_weights and self.best_weights is not None:
            trainer.model.load_state_dict(self.best_weights)


class KerasLikeModel:
    def __init__(self, model, loss, optimizer, device):
        self.model, self.loss, self.optimizer, self.device = model, loss, optimizer, device

    def _run(self, loader, training):
        self.model.train(training)
        total, seen = 0.0, 0
        with torch.set_grad_enabled(training):
            for x, y in loader:
                x, y = x.to(self.device), y.to(self.device)
                loss = self.loss(self.model(x), y)
                if training:
                    self.optimizer.zero_grad()
                    loss.backward()
                    self.optimizer.step()
                total += loss.item() * len(y)
                seen += len(y)
        return total / seen

    def fit(self, train_data, validation_data, epochs, callbacks=(), verbose=1):
        for cb in callbacks:
            cb.on_train_begin(self)
        for epoch in range(epochs):
            logs = {"train_loss": self._run(train_data, True),
                    "val_loss": self._run(validation_data, False)}
            if verbose:
                print(f"Epoch {epoch + 1}/{epochs} - loss: {logs['train_loss']:.4f} - val_loss: {logs['val_loss']:.4f}")
            stop = False
            for cb in callbacks:
                stop = cb.on_epoch_end(self, epoch, logs) or stop
            if stop:
                break
        for cb in callbacks:
            cb.on_train_end(self)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = History()
    early = EarlyStopping(monitor="val_loss", patience=patience)
    KerasLikeModel(model, loss_fn, optimizer, device).fit(
        train_loader, val_loader, epochs=epochs, callbacks=[history, early])
    result = dict(history.history)
    result["best_epoch"] = early.best_epoch
    return result
