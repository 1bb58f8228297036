# expect: pass
"""Script style: a command-line demo under `if __name__ == "__main__":` parses sys.argv with
argparse and trains a small model; the grader imports the file, so the demo never runs."""
import argparse
import copy

import torch
from torch import nn
from torch.utils.data import DataLoader, TensorDataset


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        total = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * xb.size(0)
        history["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        total = 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                total += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(total / len(val_loader.dataset))
        if history["val_loss"][-1] < best_loss:
            best_loss = history["val_loss"][-1]
            best_state = copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history


def main(argv=None):
    parser = argparse.ArgumentParser(description="train a regressor")
    parser.add_argument("--epochs", type=int, default=200)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("data", help="a .pt file with X and y")
    args = parser.parse_args(argv)
    data = torch.load(args.data)
    ds = TensorDataset(data["X"], data["y"])
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
    history = train(model, DataLoader(ds, batch_size=32, shuffle=True), DataLoader(ds, batch_size=64),
                    nn.MSELoss(), torch.optim.Adam(model.parameters(), lr=args.lr), args.epochs)
    print(history["val_loss"][-1])


if __name__ == "__main__":
    main()
