import torch
from torch import nn

from exercises.common import Setup, count_argmax_correct, loaders, mlp, moons_data, variant_seed

PRIMARY = "main"


def main(device, variant=0):
    """Seed 003's moons: 500 train in batches of 64 (last 52), 100 val in batches of 64 (last 36)."""
    x, y = moons_data(600, seed=variant_seed(4, variant))
    train_loader, val_loader = loaders(x, y, n_train=500, train_batch=64, val_batch=64, seed=variant_seed(14, variant))
    model = mlp(2, 32, 2, dropout=0.2, seed=variant_seed(24, variant)).to(device)
    return Setup(
        model=model, train_loader=train_loader, val_loader=val_loader,
        loss_fn=nn.CrossEntropyLoss(), optimizer=torch.optim.AdamW(model.parameters(), lr=0.01),
        epochs=25, count_correct=count_argmax_correct)


SCENARIOS = {"main": main}
