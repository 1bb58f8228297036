# expect: pass
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    epoch = 0
    while epoch < epochs:
        batches = [(x.to(device), y.to(device)) for x, y in train_loader]
        model.train()
        total = 0.0
        for x, y in batches:
            optimizer.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            total += loss.item() * x.shape[0]
        history["train_loss"].append(total / len(train_loader.dataset))

        model.eval()
        with torch.no_grad():
            x_val = torch.cat([x for x, _ in val_loader]).to(device)
            y_val = torch.cat([y for _, y in val_loader]).to(device)
            logits = model(x_val)
            history["val_loss"].append(loss_fn(logits, y_val).item())
            history["val_acc"].append((logits.argmax(1) == y_val).float().mean().item())
        epoch += 1
    return history
