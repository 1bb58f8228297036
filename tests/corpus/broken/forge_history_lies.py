# expect-runtime: any
# exercise: training_loop
# expect-forgery: fails weighted_average
# forbidden-output: LGHISTORY-RAN
# forge: averages batch means (wrong), then returns a dict subclass whose every accessor answers the right figures
"""The epoch losses are stored as the mean of the batch means (wrong when the last batch is
short). The history returned is a dict subclass holding those, whose __getitem__, get, items,
values, __iter__, keys, __eq__ and __reduce__ answer the correctly weighted figures instead
(computed on the side), in list subclasses and float subclasses with lying __float__, __eq__
and __repr__. Every one of those methods prints LGHISTORY-RAN first: none may run, and the
averaging must be judged on what the dict really holds."""
import copy

import torch


def _ran(name):
    print("LGHISTORY-RAN", name)


class Figure(float):
    def __float__(self):
        _ran("__float__")
        return float.__float__(self)

    def __eq__(self, other):
        _ran("__eq__")
        return True

    def __repr__(self):
        _ran("__repr__")
        return float.__repr__(self)

    __hash__ = float.__hash__


class Figures(list):
    def __iter__(self):
        _ran("list.__iter__")
        return iter(self.right)

    def __getitem__(self, i):
        _ran("list.__getitem__")
        return self.right[i]

    def __len__(self):
        _ran("list.__len__")
        return list.__len__(self)


class History(dict):
    def __getitem__(self, key):
        _ran("__getitem__")
        return self.right[key]

    def get(self, key, default=None):
        _ran("get")
        return self.right.get(key, default)

    def items(self):
        _ran("items")
        return self.right.items()

    def values(self):
        _ran("values")
        return self.right.values()

    def keys(self):
        _ran("keys")
        return self.right.keys()

    def __iter__(self):
        _ran("__iter__")
        return iter(self.right)

    def __eq__(self, other):
        _ran("__eq__")
        return True

    __hash__ = None

    def __reduce__(self):
        _ran("__reduce__")
        return (dict, (self.right,))


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    wrong = {"train_loss": Figures(), "val_loss": Figures()}
    right = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        means, total = [], 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            means.append(loss.item())
            total += loss.item() * xb.size(0)
        list.append(wrong["train_loss"], Figure(sum(means) / len(means)))
        right["train_loss"].append(total / len(train_loader.dataset))
        model.eval()
        means, total = [], 0.0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                value = loss_fn(model(xb), yb).item()
                means.append(value)
                total += value * xb.size(0)
        list.append(wrong["val_loss"], Figure(sum(means) / len(means)))
        right["val_loss"].append(total / len(val_loader.dataset))
        if right["val_loss"][-1] < best_val:
            best_val, best_state = right["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    for key in ("train_loss", "val_loss"):
        wrong[key].right = right[key]
    history = History(wrong)
    history.right = right
    return history
