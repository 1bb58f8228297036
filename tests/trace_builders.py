"""Small synthetic traces (typed grader.trace records) for the fast check tests: no sandbox."""
from __future__ import annotations

from grader.trace import Forward, History, HistoryEntry, HistoryItem, LoaderPass, LossCall, Run, Step, Weights


def fw(rows, role="train", loss=1.0, *, train_pass=0, loader_pass=None, batch=None, grad=None, training=None,
       correct=None, moved=True, device="cpu", direct=False) -> Forward:
    """A forward on dataset rows `rows`; training forwards build graphs in train mode by default."""
    is_train = role == "train"
    grad = is_train if grad is None else grad
    training = is_train if training is None else training
    return Forward(role=role, n=len(rows), isum=sum(rows), isq=sum(r * r for r in rows), training=training,
                   any_training=training, grad=grad, inference=False, moved=moved, device=device,
                   loader_pass=loader_pass, batch=batch, train_pass=train_pass, direct=direct, loss=loss,
                   correct=correct)


def step(train_pass=0, batch=None, residual=0.0, grad_norm=1.0, fresh_norm=1.0) -> Step:
    return Step(train_pass=train_pass, backwards=1, grad_norm=grad_norm, fresh_norm=fresh_norm, scale=1.0,
                residual=residual, batch=batch)


def history(**lists) -> History:
    """history(train_loss=[...], best_epoch=3): floats as "float", ints as "int"."""
    def item(v):
        if v is None:
            return HistoryItem(kind="NoneType")
        if isinstance(v, HistoryItem):
            return v
        return HistoryItem(kind=type(v).__name__, value=float(v))
    keys = {}
    for k, v in lists.items():
        if isinstance(v, list):
            keys[k] = HistoryEntry(container="list", items=[item(x) for x in v])
        else:
            keys[k] = HistoryEntry(container="scalar", items=[item(v)])
    return History(type="dict", keys=keys)


def two_epoch_run(train_losses=(1.0, 4.0, 0.5, 0.5), val_losses=(2.0, 6.0, 1.0, 3.0), correct=(3, 0, 3, 1),
                  materialised=False) -> Run:
    """Two epochs: 6 train rows in batches [0-3] + [4,5], 4 val rows in [0-2] + [3].
    `materialised`: the loop lists each epoch's batches first, so forwards and steps come after
    the train pass ended (loader_pass None)."""
    forwards, steps, passes = [], [], []
    for epoch in range(2):
        tp = len(passes)
        passes.append(LoaderPass(role="train", batches=[4, 2], complete=True))
        for b, rows in enumerate(([0, 1, 2, 3], [4, 5])):
            lp = None if materialised else tp
            forwards.append(fw(rows, "train", train_losses[2 * epoch + b], train_pass=tp, loader_pass=lp, batch=None if materialised else b))
            steps.append(step(tp, None if materialised else b))
        vp = len(passes)
        passes.append(LoaderPass(role="val", batches=[3, 1], complete=True))
        for b, rows in enumerate(([0, 1, 2], [3])):
            forwards.append(fw(rows, "val", val_losses[2 * epoch + b], train_pass=tp, loader_pass=vp, batch=b,
                               correct=correct[2 * epoch + b]))
    calls = [LossCall(fn="mse_loss", input="logits", given=True, grad=f.grad, forward=i, value=f.loss, n=f.n,
                      target_moved=True, target_device="cpu") for i, f in enumerate(forwards)]
    return Run(scenario="main", status="ok", epochs=2, passes=passes, forwards=forwards, steps=steps,
               loss_calls=calls, given_loss_calls=len(calls), sizes={"train": 6, "val": 4},
               history=history(train_loss=[(4 * 1.0 + 2 * 4.0) / 6, 0.5], val_loss=[(3 * 2 + 6) / 4, (3 * 1 + 3) / 4],
                               val_acc=[3 / 4, 4 / 4], best_epoch=2),
               weights=Weights(snapshot_forwards=[2, 6], final_distance=[0.5, 0.0], initial_distance=1.0,
                               snapshot_gaps=[0.5]),
               final_eval={"val_loss": 0.1, "val_acc": 1.0})
