# expect-runtime: timeout
# exercise: training_loop
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    epoch = 0
    while True:
        pass
        if epoch > epochs:
            break
    return history
