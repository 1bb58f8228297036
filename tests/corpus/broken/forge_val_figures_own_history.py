# expect-runtime: any
# exercise: early_stopping
# expect-forgery: fails early_stopping, best_epoch, best_checkpoint
# forge: stops after patience+1 epochs whatever the loss does; the history's val_loss is made up to justify it, and the recorder's loss-call values are rewritten through gc to match
"""The loop trains patience + 1 epochs and stops, keeps epoch 1's weights and says epoch 1 was
the best. To make that look right it reports epoch 1's real validation loss and, for every later
epoch, a figure a little above it (no improvement, so the stop and best_epoch follow the rule on
these numbers). The validation itself is honest (eval mode, no_grad, the whole set), so the
grader's figures of each forward are true; then the recorder's record of the student's own loss
calls (not streamed while train() runs) is found with the garbage collector and each validation
call's value rewritten to the made-up figure, so the history is "the per-sample average of what
your loss calls returned". The parent's figures from each epoch's streamed weights are not these:
the checks that judge the validation figures must judge the weights', not the history's."""
import copy
import gc  # the grader hides its objects with gc.freeze() while train() runs: unfrozen before searching

import torch


def _fit(model, train_loader, val_loader, loss_fn, optimizer, patience, device):
    history = {"train_loss": [], "val_loss": [], "best_epoch": 1}
    best_state = None
    for epoch in range(1, patience + 2):
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
        real = running / len(val_loader.dataset)
        if epoch == 1:
            history["val_loss"].append(real)
            best_state = copy.deepcopy(model.state_dict())
        else:   # never lower than epoch 1's: "no improvement", so stopping now is "due"
            history["val_loss"].append(history["val_loss"][0] * (1 + 0.01 * epoch))
    model.load_state_dict(best_state)
    return history


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    history = _fit(model, train_loader, val_loader, loss_fn, optimizer, patience, device)
    for obj in (gc.unfreeze() or gc.get_objects()):
        if type(obj).__name__ == "Recorder" and hasattr(obj, "loss_calls"):
            forwards = list.__iter__(obj.forwards)
            roles = [getattr(f, "role", None) for f in forwards]
            sweep, previous = -1, False
            for call in list.__iter__(obj.loss_calls):
                index = getattr(call, "forward", None)
                is_val = type(index) is int and 0 <= index < len(roles) and roles[index] == "val"
                if is_val and not previous:
                    sweep += 1
                if is_val and 0 <= sweep < len(history["val_loss"]):
                    object.__setattr__(call, "value", history["val_loss"][sweep])
                previous = is_val
    return history
