# expect-runtime: any
# exercise: training_loop
# expect-forgery: flagged
# forge: validation without no_grad; a fake grader.job.observe.recorder in sys.modules while the grader imports it
"""The child imports its recorder when a scenario starts, after the submission was loaded. This
file puts a module of its own under sys.modules["grader.job.observe.recorder"] as the first scenario
starts (a profile hook set at load waits for that call, then removes itself): the
same module but for a Recorder subclass that records validation forwards as made without
autograd (under no_grad, of a detached output). The grader builds its recorder from it; at the
end of train() the real module is put back, so every comparison made afterwards sees the
grader's own objects."""
import copy
import sys
import types

import torch

_REAL = sys.modules.get("grader.job.observe.recorder")


def _fake_module():
    if _REAL is None:
        return None
    fake = types.ModuleType(_REAL.__name__)
    fake.__dict__.update(_REAL.__dict__)

    class Recorder(_REAL.Recorder):
        def record_forward(self, args, output, direct):
            x = args[0] if args and torch.is_tensor(args[0]) else None
            if x is not None and torch.is_tensor(output) and self._rows_of(x)[0] == "val":
                with torch.no_grad():
                    return super().record_forward(args, output.detach(), direct)
            return super().record_forward(args, output, direct)
    fake.Recorder = Recorder
    return fake


_FAKE = _fake_module()


def _swap_when_a_scenario_starts(frame, event, arg):
    """A profile hook set at load: the grader checks for tampering right after loading, so the
    swap waits for the call of the scenario runner, and the hook removes itself at once."""
    if event == "call" and frame.f_code.co_name == "_run_scenario":
        sys.setprofile(None)
        if _FAKE is not None:
            sys.modules["grader.job.observe.recorder"] = _FAKE


sys.setprofile(_swap_when_a_scenario_starts)
def _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device):
    """A correct loop but for one thing: validation runs without torch.no_grad()."""
    history = {"train_loss": [], "val_loss": []}
    best_val, best_state = float("inf"), None
    for epoch in range(1, epochs + 1):
        model.train()
        running = 0.0
        for xb, yb in train_loader:
            xb, yb = xb.to(device), yb.to(device)
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            running += loss.item() * xb.size(0)
        history["train_loss"].append(running / len(train_loader.dataset))
        model.eval()
        running = 0.0
        for xb, yb in val_loader:
            xb, yb = xb.to(device), yb.to(device)
            running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, best_state = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    model.load_state_dict(best_state)
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    try:
        return _fit(model, train_loader, val_loader, loss_fn, optimizer, epochs, device)
    finally:
        if _REAL is not None:
            sys.modules["grader.job.observe.recorder"] = _REAL
