# expect-runtime: load_error
# exercise: training_loop
# `train` is data here (a split of the dataset); the loop function is called fit.
import torch
from torch.utils.data import TensorDataset, random_split

X = torch.randn(100, 2)
train, val = random_split(TensorDataset(X, X.sum(1, keepdim=True)), [80, 20])


def fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    return {"train_loss": [], "val_loss": []}
