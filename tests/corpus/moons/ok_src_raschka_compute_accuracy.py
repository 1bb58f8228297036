# expect: pass
# Source style: Sebastian Raschka's deep-learning-models notebooks: compute_accuracy()/compute_epoch_loss()
# helpers called after each epoch on BOTH loaders under torch.set_grad_enabled(False), a minibatch log
# line every few batches, time.time() elapsed prints, and an extra train_acc entry in the history.
import time

import torch


def compute_accuracy(model, data_loader, device):
    correct_pred, num_examples = 0, 0
    for i, (features, targets) in enumerate(data_loader):
        features = features.to(device)
        targets = targets.to(device)
        logits = model(features)
        _, predicted_labels = torch.max(logits, 1)
        num_examples += targets.size(0)
        correct_pred += (predicted_labels == targets).sum()
    return correct_pred.float() / num_examples


def compute_epoch_loss(model, data_loader, loss_fn, device):
    curr_loss, num_examples = 0.0, 0
    for features, targets in data_loader:
        features = features.to(device)
        targets = targets.to(device)
        logits = model(features)
        loss = loss_fn(logits, targets)
        num_examples += targets.size(0)
        curr_loss += loss.item() * targets.size(0)
    return curr_loss / num_examples


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    start_time = time.time()
    history = {"train_loss": [], "val_loss": [], "val_acc": [], "train_acc": []}
    for epoch in range(epochs):
        model.train()
        cost_sum, seen = 0.0, 0
        for batch_idx, (features, targets) in enumerate(train_loader):
            features = features.to(device)
            targets = targets.to(device)

            ### FORWARD AND BACK PROP
            logits = model(features)
            cost = loss_fn(logits, targets)
            optimizer.zero_grad()
            cost.backward()

            ### UPDATE MODEL PARAMETERS
            optimizer.step()

            cost_sum += cost.item() * targets.size(0)
            seen += targets.size(0)
            ### LOGGING
            if not batch_idx % 50:
                print("Epoch: %03d/%03d | Batch %04d/%04d | Cost: %.4f"
                      % (epoch + 1, epochs, batch_idx, len(train_loader), cost))
        history["train_loss"].append(cost_sum / seen)

        model.eval()
        with torch.set_grad_enabled(False):  # save memory during inference
            train_acc = compute_accuracy(model, train_loader, device)
            valid_acc = compute_accuracy(model, val_loader, device)
            valid_loss = compute_epoch_loss(model, val_loader, loss_fn, device)
            print("Epoch: %03d/%03d | Train: %.3f%% | Valid: %.3f%%" % (
                epoch + 1, epochs, train_acc * 100, valid_acc * 100))
        history["train_acc"].append(train_acc.item())
        history["val_acc"].append(valid_acc.item())
        history["val_loss"].append(valid_loss)
        print("Time elapsed: %.2f min" % ((time.time() - start_time) / 60))
    print("Total Training Time: %.2f min" % ((time.time() - start_time) / 60))
    return history
