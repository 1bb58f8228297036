# expect: pass
"""Best weights kept as cloned parameter tensors and copied back in place under no_grad
(p.copy_), gradients cleared by hand (p.grad.zero_() after each step), inference_mode
validation with model.train(False)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    history = {"train_loss": [], "val_loss": []}
    best_loss, best_params = None, None
    for _ in range(epochs):
        model.train()
        loss_sum = torch.zeros((), device=device)
        count = 0
        for inputs, targets in train_loader:
            inputs, targets = inputs.to(device), targets.to(device)
            loss = loss_fn(model(inputs), targets)
            loss.backward()
            optimizer.step()
            for p in model.parameters():
                if p.grad is not None:
                    p.grad.detach_()
                    p.grad.zero_()
            loss_sum += loss.detach() * inputs.shape[0]
            count += inputs.shape[0]
        history["train_loss"].append((loss_sum / count).item())

        model.train(False)
        loss_sum, count = 0.0, 0
        with torch.inference_mode():
            for inputs, targets in val_loader:
                inputs, targets = inputs.to(device), targets.to(device)
                loss_sum += loss_fn(model(inputs), targets).item() * inputs.shape[0]
                count += inputs.shape[0]
        val_loss = loss_sum / count
        history["val_loss"].append(val_loss)
        if best_loss is None or val_loss < best_loss:
            best_loss = val_loss
            best_params = [p.detach().clone() for p in model.parameters()]
    with torch.no_grad():
        for p, saved in zip(model.parameters(), best_params):
            p.copy_(saved)
    return history
