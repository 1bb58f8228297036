# expect: pass
# source style: karpathy/nanoGPT train.py (`for micro_step in range(gradient_accumulation_steps)`, batches pulled with next())
"""An iterator per epoch; each optimizer step pulls up to `accum_steps` micro-batches with
`next(it)`, each loss scaled by 1/accum_steps; the short final group (StopIteration) is stepped
too; `optimizer.zero_grad(set_to_none=True)` right after the step, as nanoGPT does."""
import torch


@torch.no_grad()
def estimate_loss(model, loader, loss_fn, device):
    model.eval()
    total = 0.0
    for X, Y in loader:
        X, Y = X.to(device), Y.to(device)
        total += loss_fn(model(X), Y).item() * X.shape[0]
    model.train()
    return total / len(loader.dataset)


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    gradient_accumulation_steps = accum_steps
    history = {"train_loss": [], "val_loss": []}
    for epoch in range(epochs):
        model.train()
        it = iter(train_loader)
        seen, total = 0, 0.0
        exhausted = False
        while not exhausted:
            n_micro = 0
            for micro_step in range(gradient_accumulation_steps):
                try:
                    X, Y = next(it)
                except StopIteration:
                    exhausted = True
                    break
                X, Y = X.to(device), Y.to(device)
                logits = model(X)
                loss = loss_fn(logits, Y)
                total += loss.item() * X.shape[0]
                loss = loss / gradient_accumulation_steps  # scale the loss to account for accumulation
                loss.backward()
                n_micro += 1
            if n_micro:
                optimizer.step()
                optimizer.zero_grad(set_to_none=True)
        history["train_loss"].append(total / len(train_loader.dataset))
        history["val_loss"].append(estimate_loss(model, val_loader, loss_fn, device))
    return history
