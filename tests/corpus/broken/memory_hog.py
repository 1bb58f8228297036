# expect-runtime: memory
# exercise: training_loop
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    cache = []
    for _ in range(13):
        block = torch.empty(10**9)
        block.fill_(1.0)
        cache.append(block)
    return {"train_loss": [0.0] * epochs, "val_loss": [0.0] * epochs}
