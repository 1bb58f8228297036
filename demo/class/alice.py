import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    def run_epoch(loader, train):
        if train:
            model.train()
        else:
            model.eval()
        total_loss = 0.0
        context = torch.enable_grad() if train else torch.no_grad()
        with context:
            for batch_x, batch_y in loader:
                batch_x = batch_x.to(device)
                batch_y = batch_y.to(device)
                pred = model(batch_x)
                loss = loss_fn(pred, batch_y)
                if train:
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                total_loss += loss.item() * len(batch_x)
        return total_loss / len(loader.dataset)

    history = {"train_loss": [], "val_loss": []}
    best_val = float("inf")
    best_state = None
    for epoch in range(1, epochs + 1):
        train_loss = run_epoch(train_loader, train=True)
        val_loss = run_epoch(val_loader, train=False)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if val_loss < best_val:
            best_val = val_loss
            best_state = copy.deepcopy(model.state_dict())
        if epoch == 1 or epoch % 20 == 0:
            print(f"epoch={epoch:3d} train_loss={train_loss:.4f} val_loss={val_loss:.4f}")

    model.load_state_dict(best_state)
    return history
