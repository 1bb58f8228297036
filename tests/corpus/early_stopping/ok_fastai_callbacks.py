# expect: pass
import copy

import torch


class CancelFit(Exception):
    pass


class Callback:
    def after_epoch(self, learner):
        pass

    def after_fit(self, learner):
        pass


class SaveBest(Callback):
    def __init__(self):
        self.best, self.state, self.epoch = float("inf"), None, 0

    def after_epoch(self, learner):
        if learner.val_loss < self.best:
            self.best, self.epoch = learner.val_loss, learner.epoch
            self.state = copy.deepcopy(learner.model.state_dict())

    def after_fit(self, learner):
        learner.model.load_state_dict(self.state)
        learner.history["best_epoch"] = self.epoch


class EarlyStop(Callback):
    def __init__(self, patience):
        self.patience, self.best, self.wait = patience, float("inf"), 0

    def after_epoch(self, learner):
        if learner.val_loss < self.best:
            self.best, self.wait = learner.val_loss, 0
            return
        self.wait += 1
        if self.wait >= self.patience:
            raise CancelFit()


class Learner:
    def __init__(self, model, train_dl, valid_dl, loss_func, opt, device, cbs):
        self.model, self.train_dl, self.valid_dl = model, train_dl, valid_dl
        self.loss_func, self.opt, self.device, self.cbs = loss_func, opt, device, cbs
        self.history = {"train_loss": [], "val_loss": []}

    def one_batch(self, xb, yb, training):
        xb, yb = xb.to(self.device), yb.to(self.device)
        loss = self.loss_func(self.model(xb), yb)
        if training:
            loss.backward()
            self.opt.step()
            self.opt.zero_grad()
        return loss.item() * len(xb), len(xb)

    def one_epoch(self, training):
        self.model.train(training)
        dl = self.train_dl if training else self.valid_dl
        with torch.set_grad_enabled(training):
            results = [self.one_batch(xb, yb, training) for xb, yb in dl]
        return sum(r[0] for r in results) / sum(r[1] for r in results)

    def fit(self, n_epoch):
        self.opt.zero_grad()
        try:
            for self.epoch in range(1, n_epoch + 1):
                self.history["train_loss"].append(self.one_epoch(True))
                self.val_loss = self.one_epoch(False)
                self.history["val_loss"].append(self.val_loss)
                for cb in self.cbs:
                    cb.after_epoch(self)
        except CancelFit:
            pass
        for cb in self.cbs:
            cb.after_fit(self)
        return self.history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    learn = Learner(model, train_loader, val_loader, loss_fn, optimizer, device, [SaveBest(), EarlyStop(patience)])
    return learn.fit(epochs)
