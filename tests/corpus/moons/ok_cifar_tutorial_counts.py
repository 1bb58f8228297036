# expect: pass
"""The PyTorch CIFAR tutorial's idioms: `_, predicted = torch.max(outputs.data, 1)`,
`total += labels.size(0)`, `correct += (predicted == labels).sum().item()`, with the running
loss weighted by labels.size(0); enumerate(loader, 0) with `inputs, labels = data`."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(epochs):
        model.train()
        running_loss, total = 0.0, 0
        for i, data in enumerate(train_loader, 0):
            inputs, labels = data[0].to(device), data[1].to(device)
            optimizer.zero_grad()
            outputs = model(inputs)
            loss = loss_fn(outputs, labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item() * labels.size(0)
            total += labels.size(0)
        history["train_loss"].append(running_loss / total)

        model.eval()
        running_loss, correct, total = 0.0, 0, 0
        with torch.no_grad():
            for data in val_loader:
                images, labels = data[0].to(device), data[1].to(device)
                outputs = model(images)
                running_loss += loss_fn(outputs, labels).item() * labels.size(0)
                _, predicted = torch.max(outputs.data, 1)
                total += labels.size(0)
                correct += torch.sum(predicted.eq(labels)).item()
        history["val_loss"].append(running_loss / total)
        history["val_acc"].append(correct / total)
    return history
