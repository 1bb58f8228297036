# expect: pass
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", threshold=5.0):
    def run_epoch(loader, train):
        model.train() if train else model.eval()
        loss_sum, hits = 0.0, 0
        context = torch.enable_grad() if train else torch.no_grad()
        with context:
            for batch_x, batch_y in loader:
                batch_x = batch_x.to(device)
                target = (batch_y.to(device) > threshold).float()
                logits = model(batch_x)
                loss = loss_fn(logits, target)
                if train:
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                loss_sum += loss.item() * len(batch_x)
                hits += ((torch.sigmoid(logits) > 0.5).float() == target).sum().item()
        size = len(loader.dataset)
        return loss_sum / size, hits / size

    history = {"train_loss": [], "val_loss": [], "val_acc": [], "best_epoch": 0}
    best_val, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        train_loss, _ = run_epoch(train_loader, train=True)
        val_loss, val_acc = run_epoch(val_loader, train=False)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
        if val_loss < best_val:
            best_val = val_loss
            best_state = copy.deepcopy(model.state_dict())
            history["best_epoch"] = epoch

    model.load_state_dict(best_state)
    return history
