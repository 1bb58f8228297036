# expect: pass
# Source style: "Deep Learning with PyTorch" (Stevens, Antiga, Viehmann) ch. 8 training_loop()/validate():
# datetime.datetime.now() prints, outputs = model(imgs), torch.max(outputs, dim=1), int((predicted == labels).sum()),
# loss totals weighted by imgs.shape[0] (adapted from the book's per-batch mean).
import datetime

import torch


def training_loop(n_epochs, optimizer, model, loss_fn, train_loader, val_loader, device):
    history = {"train_loss": [], "val_loss": [], "val_acc": []}
    for epoch in range(1, n_epochs + 1):
        model.train()
        loss_train, n_train = 0.0, 0
        for imgs, labels in train_loader:
            imgs = imgs.to(device=device)
            labels = labels.to(device=device)
            outputs = model(imgs)
            loss = loss_fn(outputs, labels)

            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

            loss_train += loss.item() * imgs.shape[0]
            n_train += imgs.shape[0]

        val_loss, val_acc = validate(model, loss_fn, val_loader, device)
        history["train_loss"].append(loss_train / n_train)
        history["val_loss"].append(val_loss)
        history["val_acc"].append(val_acc)
        if epoch == 1 or epoch % 10 == 0:
            print("{} Epoch {}, Training loss {}".format(
                datetime.datetime.now(), epoch, loss_train / n_train))
    return history


def validate(model, loss_fn, loader, device):
    model.eval()
    correct = 0
    total = 0
    loss_sum = 0.0
    with torch.no_grad():
        for imgs, labels in loader:
            imgs = imgs.to(device=device)
            labels = labels.to(device=device)
            outputs = model(imgs)
            loss_sum += float(loss_fn(outputs, labels)) * labels.shape[0]
            _, predicted = torch.max(outputs, dim=1)
            total += labels.shape[0]
            correct += int((predicted == labels).sum())
    return loss_sum / total, correct / total


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    return training_loop(
        n_epochs=epochs, optimizer=optimizer, model=model, loss_fn=loss_fn,
        train_loader=train_loader, val_loader=val_loader, device=device)
