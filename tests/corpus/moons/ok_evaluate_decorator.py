# expect: pass
import torch


@torch.no_grad()
def evaluate(model, loader, criterion, device):
    model.eval()
    running_loss, correct, total = 0.0, 0, 0
    for batch in loader:
        inputs, labels = [t.to(device) for t in batch]
        outputs = model(inputs)
        running_loss += criterion(outputs, labels).item() * inputs.size(0)
        correct += (outputs.argmax(dim=1) == labels).sum().item()
        total += labels.size(0)
    return running_loss / total, correct / total


def train_one_epoch(model, loader, criterion, optimizer, device):
    model.train()
    running_loss, total = 0.0, 0
    for batch in loader:
        inputs, labels = [t.to(device) for t in batch]
        optimizer.zero_grad(set_to_none=True)
        loss = criterion(model(inputs), labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item() * inputs.size(0)
        total += inputs.size(0)
    return running_loss / total


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        history["train_loss"].append(train_one_epoch(model, train_loader, loss_fn, optimizer, device))
        val_loss, val_acc = evaluate(model, val_loader, loss_fn, device)
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
    return history
