"""enumerate(..., start=1), the loss divided in place before backward, gradients cleared by
hand (p.grad = None) after each step, and a mean over the group written as loss * (1 / N)."""
import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", accum_steps=3):
    history = {"train_loss": [], "val_loss": []}
    last = len(train_loader)
    factor = 1.0 / accum_steps
    for _ in range(epochs):
        model.train()
        running = 0.0
        for step_no, batch in enumerate(train_loader, start=1):
            inputs, targets = [t.to(device) for t in batch]
            loss = loss_fn(model(inputs), targets)
            running += float(loss) * targets.shape[0]
            loss = loss * factor
            loss.backward()
            if step_no % accum_steps == 0 or step_no == last:
                optimizer.step()
                for p in model.parameters():
                    p.grad = None
        history["train_loss"].append(running / len(train_loader.dataset))

        model.train(False)
        running = 0.0
        with torch.no_grad():
            for inputs, targets in val_loader:
                inputs, targets = inputs.to(device), targets.to(device)
                running += float(loss_fn(model(inputs), targets)) * targets.shape[0]
        history["val_loss"].append(running / len(val_loader.dataset))
    return history
