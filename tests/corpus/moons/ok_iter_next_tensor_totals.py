# expect: pass
"""Batches drawn with iter()/next() for range(len(loader)) steps, validation under
torch.set_grad_enabled(False) entered and left by hand (a statement, then True again), loss
and correct counts accumulated on the device as tensors and converted with .item() at the
end, F.softmax only to pick the predicted class, zero_grad after step."""
import torch
import torch.nn.functional as F


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    optimizer.zero_grad()
    for epoch in range(epochs):
        model.train()
        it = iter(train_loader)
        total = torch.tensor(0.0, device=device)
        for _ in range(len(train_loader)):
            x, y = next(it)
            x, y = x.to(device), y.to(device)
            loss = loss_fn(model(x), y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            total += loss.detach() * len(y)
        history["train_loss"].append(total.item() / len(train_loader.dataset))

        model.eval()
        torch.set_grad_enabled(False)
        total = torch.tensor(0.0, device=device)
        correct = torch.tensor(0, device=device)
        it = iter(val_loader)
        for _ in range(len(val_loader)):
            x, y = next(it)
            x, y = x.to(device), y.to(device)
            logits = model(x)
            total += loss_fn(logits, y) * len(y)
            correct += (F.softmax(logits, dim=1).argmax(dim=1) == y).sum()
        torch.set_grad_enabled(True)
        history["val_loss"].append(total.item() / len(val_loader.dataset))
        history["val_acc"].append(correct.item() / len(val_loader.dataset))
    return history
