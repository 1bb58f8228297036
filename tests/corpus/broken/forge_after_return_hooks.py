# expect-runtime: any
# exercise: training_loop
# expect-forgery: fails best_checkpoint
# forbidden-output: AFTER-RETURN
# forge: a loop that never restores its best epoch, with every kind of hook set to restore it when the grader reads the model
"""The loop keeps the last epoch's weights. Before returning it arms every route by which code of
its own could run while the grader reads the returned model: forward and forward-pre hooks (the
model's and global ones), state-dict pre/post hooks, load-state-dict pre/post hooks, a model class
with __getattr__ and __getattribute__, parameters turned into a subclass with __torch_function__
and given instance attributes shadowing detach/to/clone/cpu/numpy/tolist/double/float/contiguous,
finalizers (__del__, weakref.finalize, a reference cycle for the garbage collector) on objects
the history and the model hold. Each, if it ever runs after train() returned, prints a marker
and loads the best weights in place, so that best_checkpoint would pass."""
import copy
import gc
import weakref

import torch
from torch.nn.modules.module import register_module_forward_hook, register_module_forward_pre_hook

STATE = {"returned": False, "best": None, "model": None, "busy": False}


def run_after_return(kind):
    if not STATE["returned"] or STATE["busy"]:
        return
    STATE["busy"] = True
    try:
        print("AFTER-RETURN", kind, flush=True)
        model, best = STATE["model"], STATE["best"]
        if model is not None and best is not None:
            with torch.no_grad(), torch._C.DisableTorchFunction():
                for name, p in torch.nn.Module.state_dict(model, keep_vars=True).items():
                    torch.Tensor.copy_(p, best[name])
    finally:
        STATE["busy"] = False


def hook(kind):
    def run(*args, **kwargs):
        run_after_return(kind)
    return run


class Evil(torch.nn.Parameter):
    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        run_after_return("__torch_function__")
        with torch._C.DisableTorchFunction():
            return func(*args, **(kwargs or {}))


class Finalised:
    def __init__(self, kind):
        self.kind = kind

    def __del__(self):
        run_after_return(self.kind)

    def __float__(self):
        run_after_return("__float__")
        return 0.0


class Cycle:
    def __init__(self):
        self.me = self

    def __del__(self):
        run_after_return("gc cycle __del__")


def arm(model, history):
    STATE["model"] = model
    for name in ("register_forward_pre_hook", "register_forward_hook", "register_state_dict_pre_hook",
                 "register_state_dict_post_hook", "_register_state_dict_hook",
                 "register_load_state_dict_pre_hook", "register_load_state_dict_post_hook",
                 "_register_load_state_dict_pre_hook"):
        register = getattr(model, name, None)
        if register is not None:
            register(hook(name))
    register_module_forward_pre_hook(hook("global forward pre-hook"))
    register_module_forward_hook(hook("global forward hook"))
    base = type(model)

    class Peeking(base):
        def __getattr__(self, name):
            run_after_return(f"__getattr__ {name}")
            return base.__getattr__(self, name)

        def __getattribute__(self, name):
            run_after_return(f"__getattribute__ {name}")
            return object.__getattribute__(self, name)

    model.__class__ = Peeking
    for p in model.parameters():
        for name in ("detach", "to", "clone", "cpu", "numpy", "tolist", "double", "float", "contiguous",
                     "data_ptr", "__getattr__"):
            setattr(p, name, hook(f"parameter .{name}"))
        p.__class__ = Evil
    keeper = Finalised("history __del__")
    weakref.finalize(keeper, run_after_return, "weakref.finalize")
    history["note"] = keeper
    model.keeper = Finalised("model attribute __del__")
    Cycle()
    gc.collect = hook("gc.collect")


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    model.to(device)
    history = {"train_loss": [], "val_loss": []}
    best_val = float("inf")
    for epoch in range(epochs):
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
        with torch.no_grad():
            for xb, yb in val_loader:
                xb, yb = xb.to(device), yb.to(device)
                running += loss_fn(model(xb), yb).item() * xb.size(0)
        history["val_loss"].append(running / len(val_loader.dataset))
        if history["val_loss"][-1] < best_val:
            best_val, STATE["best"] = history["val_loss"][-1], copy.deepcopy(model.state_dict())
    arm(model, history)
    STATE["returned"] = True
    return history
