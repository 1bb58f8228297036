# expect-runtime: ok
# exercise: training_loop
import time

import torch

time.sleep(10**6)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    return {"train_loss": [], "val_loss": []}
