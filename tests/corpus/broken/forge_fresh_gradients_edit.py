# expect-runtime: ok
# exercise: training_loop
# expect-forgery: fails zero_grad
# forge: never clears its gradients; before each step, rewrites the recorder's sums of this step's backwards (found through gc) to what .grad holds, so every Step record says the step used only its own batch
"""The loop never calls optimizer.zero_grad(): every step follows the sum of all earlier batches'
gradients (zero_grad's bug). The recorder judges each step by comparing .grad with the gradients
that arrived at each parameter since the previous step, which it sums in a dict of its own; this
loop finds the recorder through the garbage collector and, right before each optimizer.step(),
overwrites those sums with copies of .grad. Each Step record is then computed from the edited
sums as it is made (and streamed as made): residual 0, scale 1, "only this batch". No code of
the grader's is changed, nothing is edited after it was recorded. Training replay recomputes the
backwards of the steps it samples from the batches their forwards ran on: they are not what the
step claims to have received."""
import copy
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching

import torch


def _recorder():
    for obj in (gc.unfreeze() or gc.get_objects()):
        if type(obj).__name__ == "Recorder" and hasattr(obj, "contrib"):
            return obj
    return None


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    recorder = _recorder()
    params = list(model.parameters())
    history = {"train_loss": [], "val_loss": []}
    best, best_state = float("inf"), None
    for epoch in range(epochs):
        model.train()
        total, n = 0.0, 0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            if recorder is not None:
                for i, p in enumerate(params):
                    if p.grad is not None:
                        recorder.contrib[i] = p.grad.detach().clone()
            optimizer.step()
            total += loss.item() * len(xb)
            n += len(xb)
        history["train_loss"].append(total / n)
        model.eval()
        val, m = 0.0, 0
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                val += loss_fn(model(xb), yb).item() * len(xb)
                m += len(xb)
        history["val_loss"].append(val / m)
        if val / m < best:
            best, best_state = val / m, copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history
