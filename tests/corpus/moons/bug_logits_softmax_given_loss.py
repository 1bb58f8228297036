# expect-fail: logits
# expect-line: 15
# may-fail: reference_match
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for x, y in train_loader:
            x, y = x.to(device), y.to(device)
            optimizer.zero_grad()
            probs = torch.softmax(model(x), dim=1)
            loss = loss_fn(probs, y)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total, correct = 0.0, 0
        with torch.no_grad():
            for x, y in val_loader:
                x, y = x.to(device), y.to(device)
                probs = torch.softmax(model(x), dim=1)
                total += loss_fn(probs, y).item() * len(y)
                correct += (probs.argmax(1) == y).sum().item()
        history["val_loss"].append(total / len(val_loader.dataset))
        history["val_acc"].append(correct / len(val_loader.dataset))
    return history
