"""Reference for the ``training_loop`` exercise (seed 000 lab).

``train()`` runs the complete loop, returns ``{"train_loss", "val_loss"}`` and
leaves the model holding the weights of its lowest-validation-loss epoch.

``python -m reference.training_loop`` reruns the seed 000 lab in the seed's own
configuration (on CPU) through this ``train()`` and prints the seed's table.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset, random_split

from reference._loop import fit, only

LAB_EPOCHS = 80
LAB_REPORTED = (1, 20, 40, 60, 80)
LAB_TEST_X = [[1.0, 2.0], [-1.0, 0.5], [0.0, 0.0]]


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    """Train for ``epochs`` epochs, validating after each; restore the best weights."""
    history = fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    return only(history, "train_loss", "val_loss")


class Regressor(nn.Module):
    """The seed 000 model: 2 -> 16 -> ReLU -> 1."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        return self.net(x)


def lab(device: str = "cpu") -> dict:
    """Run the seed 000 lab; returns the figures the seed prints.

    Keys: ``train_loss``/``val_loss`` (all 80 epochs), ``reported`` (the epochs
    the seed prints), ``best_val``, ``test_x`` and ``predictions`` (floats).
    The RNG is consumed in the seed's order: data, noise, split (own generator),
    loaders (own shuffle generator), then the model's initialisation.
    """
    torch.manual_seed(42)
    X = torch.randn(240, 2)
    noise = torch.randn(240, 1) * 0.3
    y = 3 * X[:, [0]] + 2 * X[:, [1]] + 5 + noise
    train_ds, val_ds = random_split(TensorDataset(X, y), [192, 48],
                                    generator=torch.Generator().manual_seed(42))
    train_loader = DataLoader(train_ds, batch_size=32, shuffle=True,
                              generator=torch.Generator().manual_seed(7))
    val_loader = DataLoader(val_ds, batch_size=48, shuffle=False)

    model = Regressor().to(device)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.03)
    history = train(model, train_loader, val_loader, loss_fn, optimizer, LAB_EPOCHS, device)

    model.eval()
    test_x = torch.tensor(LAB_TEST_X, device=device)
    with torch.no_grad():
        preds = model(test_x).cpu().flatten().tolist()
    return {
        "train_loss": history["train_loss"],
        "val_loss": history["val_loss"],
        "reported": LAB_REPORTED,
        "best_val": min(history["val_loss"]),
        "test_x": LAB_TEST_X,
        "predictions": preds,
    }


def format_lab(figures: dict) -> str:
    """The seed 000 printout, line for line (same format strings)."""
    lines = ["training_loop_lab"]
    for epoch in figures["reported"]:
        lines.append(f"epoch={epoch:3d} "
                     f"train_loss={figures['train_loss'][epoch - 1]:.4f} "
                     f"val_loss={figures['val_loss'][epoch - 1]:.4f}")
    lines.append(f"best_val: {round(figures['best_val'], 4)}")
    lines.append("predictions:")
    for row, pred in zip(figures["test_x"], figures["predictions"]):
        lines.append(f"x={row} -> pred={pred:.2f}")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_lab(lab()))
