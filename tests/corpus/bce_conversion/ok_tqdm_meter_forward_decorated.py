# expect: pass
import copy
import logging

import torch
from tqdm import tqdm

logging.basicConfig(level=logging.INFO)
logger = logging.getLogger(__name__)


class Meter:
    def __init__(self):
        self.total, self.n, self.correct = 0.0, 0, 0

    def add(self, loss, logits, labels):
        self.total += loss.item() * labels.shape[0]
        self.n += labels.shape[0]
        self.correct += (torch.sigmoid(logits).ge(0.5).float() == labels).sum().item()


def run(model, loader, loss_fn, device, threshold, optimizer=None):
    training = optimizer is not None
    model.train() if training else model.eval()
    meter = Meter()
    context = torch.enable_grad() if training else torch.no_grad()
    with context:
        for xb, yb in tqdm(loader, disable=True):
            xb, labels = xb.to(device), (yb.to(device) > threshold).float()
            logits = model(xb)
            loss = loss_fn(logits, labels)
            if training:
                optimizer.zero_grad(set_to_none=True)
                loss.backward()
                optimizer.step()
            meter.add(loss, logits, labels)
    return meter


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best, state = float("inf"), None
    for epoch in range(1, epochs + 1):
        tr = run(model, train_loader, loss_fn, device, threshold, optimizer)
        va = run(model, val_loader, loss_fn, device, threshold)
        history["train_loss"].append(tr.total / tr.n)
        history["val_loss"].append(va.total / va.n)
        history["val_acc"].append(va.correct / va.n)
        logger.info("epoch %d: val %.4f acc %.3f", epoch, va.total / va.n, va.correct / va.n)
        if va.total / va.n < best:
            best, state, history["best_epoch"] = va.total / va.n, copy.deepcopy(model.state_dict()), epoch
    model.load_state_dict(state)
    return history
