"""The history holds plain Python numbers, not tensors (or graphs)."""
from grader.checks import CheckContext, Verdict, not_judged
from grader.checks.pointers import history as history_writes

ID = "item_logging"
TITLE = "History holds plain floats (loss.item()), not tensors"
WHY = ("A loss tensor kept in a list holds its whole autograd graph alive: memory grows every "
       "batch, and the values cannot be plotted or saved as plain numbers.")
FIX = "Log loss.item() (a Python float), and convert any accumulated tensor with .item() before storing it."


def check(ctx: CheckContext) -> Verdict:
    history = ctx.run.history
    keys = (history.keys if history else None) or {}
    if not keys:
        return not_judged("no history dict was returned (the contract check charges it)")
    tensors, graphs, total = {}, 0, 0
    for key, entry in keys.items():
        for item in entry.items:
            total += 1
            if item.kind == "tensor":
                tensors[key] = tensors.get(key, 0) + 1
                graphs += item.graph
    if tensors:
        listing = ", ".join(f"{k!r} ({n})" for k, n in tensors.items())
        extra = f"; {graphs} of them still attached to an autograd graph" if graphs else ""
        return Verdict(False, f"{sum(tensors.values())} of {total} history values are tensors, not Python numbers: "
                              f"{listing} (the number of tensors per key){extra}.",
                       points=[history_writes(k) for k in tensors], details={"tensors": tensors, "graphs": graphs},
                       fix="Where the lines below add a loss or a count to the value stored, use .item() on the "
                           "tensor (loss.item(), (preds == y).sum().item()), so the running total is a float.")
    return Verdict(True, f"All {total} history values are plain Python numbers.")
