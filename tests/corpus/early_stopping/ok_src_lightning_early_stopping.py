# expect: pass
# Source style: Lightning's EarlyStopping callback logic (monitor, mode="min", min_delta, wait_count,
# best_score kept as a tensor, torch.lt comparisons, stopped_epoch) and ModelCheckpoint-like best weights,
# driven by a plain loop; the step metrics logged as tensors and reduced at epoch end.
import copy

import torch


class EarlyStopping:
    mode_dict = {"min": torch.lt, "max": torch.gt}

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=3, mode="min"):
        self.monitor, self.patience, self.mode = monitor, patience, mode
        self.min_delta = torch.tensor(min_delta if mode == "max" else -min_delta)
        self.wait_count = 0
        self.stopped_epoch = 0
        self.best_score = torch.tensor(torch.inf if mode == "min" else -torch.inf)

    @property
    def monitor_op(self):
        return self.mode_dict[self.mode]

    def _evaluate_stopping_criteria(self, current):
        if self.monitor_op(current - self.min_delta, self.best_score.to(current.device)):
            self.best_score = current
            self.wait_count = 0
            return False, True
        self.wait_count += 1
        return self.wait_count >= self.patience, False


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    stopper = EarlyStopping(monitor="val_loss", patience=patience, mode="min")
    history = {"train_loss": [], "val_loss": [], "best_epoch": 0}
    best_weights = None
    for current_epoch in range(epochs):
        model.train()
        step_losses, step_sizes = [], []
        for batch_idx, (x, y) in enumerate(train_loader):
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step_losses.append(loss.detach())
            step_sizes.append(len(x))
        sizes = torch.tensor(step_sizes, dtype=torch.float32, device=device)
        history["train_loss"].append(((torch.stack(step_losses) * sizes).sum() / sizes.sum()).item())

        model.eval()
        with torch.no_grad():
            outs = []
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                outs.append((loss_fn(model(x), y), len(x)))
        val_loss = sum(l * n for l, n in outs) / sum(n for _, n in outs)
        history["val_loss"].append(val_loss.item())

        should_stop, improved = stopper._evaluate_stopping_criteria(val_loss.cpu())
        if improved:
            history["best_epoch"] = current_epoch + 1
            best_weights = copy.deepcopy(model.state_dict())
        if should_stop:
            stopper.stopped_epoch = current_epoch
            break
    model.load_state_dict(best_weights)
    return history
