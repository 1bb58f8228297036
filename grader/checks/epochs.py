"""Reading a run record by epoch: which passes trained, which validated, and the losses and
accuracies the grader computed itself from the model's outputs."""
from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class Epoch:
    number: int                       # 1-based
    train_pass: int                   # index into run["passes"]
    train: list[int] = field(default_factory=list)        # forward indices of its training batches
    val: list[int] = field(default_factory=list)          # forward indices on validation data
    val_groups: list[list[int]] = field(default_factory=list)  # each one full sweep of the val set


def epochs(run: dict) -> list[Epoch]:
    """A training pass (a pass over the train loader with optimizer steps) opens an epoch; every
    forward after it, up to the next training pass, belongs to it. Validation forwards are
    recognised by their data, however the submission batched it."""
    passes = run.get("passes", [])
    out: list[Epoch] = []
    for i, f in enumerate(run.get("forwards", [])):
        p = f["pass"]
        if p is not None and passes[p]["role"] == "train" and passes[p]["steps"] > 0:
            if not out or out[-1].train_pass != p:
                out.append(Epoch(number=len(out) + 1, train_pass=p))
            if f["role"] == "train":
                out[-1].train.append(i)
        elif out and f["role"] == "val":
            out[-1].val.append(i)
    n_val = (run.get("sizes") or {}).get("val")
    for e in out:
        e.val_groups = _sweeps(run["forwards"], e.val, n_val)
    return out


def _sweeps(forwards: list[dict], indices: list[int], n_rows: int | None) -> list[list[int]]:
    """Split validation forwards into full sweeps over the validation set; a batch forwarded
    again within a sweep (a second forward for accuracy) counts once."""
    if not n_rows:
        return []
    full = (n_rows, n_rows * (n_rows - 1) // 2, (n_rows - 1) * n_rows * (2 * n_rows - 1) // 6)
    sweeps, current, seen = [], [], set()
    for i in indices:
        f = forwards[i]
        key = (f["n"], f["isum"], f["isq"])
        if key in seen:
            continue
        seen.add(key)
        current.append(i)
        rows = tuple(sum(forwards[j][k] for j in current) for k in ("n", "isum", "isq"))
        if rows == full:
            sweeps.append(current)
            current, seen = [], set()
        elif rows[0] > n_rows:
            current, seen = [], set()
    return sweeps


def _first_per_batch(forwards: list[dict], indices: list[int]) -> list[dict]:
    seen, out = set(), []
    for i in indices:
        f = forwards[i]
        if f["batch"] not in seen:
            seen.add(f["batch"])
            out.append(f)
    return out


def mean_loss(forwards: list[dict], weighted: bool = True) -> float | None:
    """Per-sample (weighted) or per-batch (unweighted) mean of some forwards' losses."""
    if not forwards or any(f.get("loss") is None for f in forwards):
        return None
    if weighted:
        return sum(f["loss"] * f["n"] for f in forwards) / sum(f["n"] for f in forwards)
    return sum(f["loss"] for f in forwards) / len(forwards)


def mean_accuracy(forwards: list[dict], weighted: bool = True) -> float | None:
    if not forwards or any(f.get("correct") is None for f in forwards):
        return None
    if weighted:
        return sum(f["correct"] for f in forwards) / sum(f["n"] for f in forwards)
    return sum(f["correct"] / f["n"] for f in forwards) / len(forwards)


def train_forwards(run: dict, e: Epoch) -> list[dict]:
    """The first forward of each batch of the epoch's training pass."""
    fw = _first_per_batch(run["forwards"], e.train)
    return fw if len(fw) == len(run["passes"][e.train_pass]["batches"]) else []


def sweep_forwards(run: dict, sweep: list[int]) -> list[dict]:
    return [run["forwards"][i] for i in sweep]


def observed_val_losses(run: dict) -> list[float | None]:
    """The validation loss of each epoch, as the grader measured it (first full sweep)."""
    return [mean_loss(sweep_forwards(run, e.val_groups[0])) if e.val_groups else None for e in epochs(run)]


def observed_train_losses(run: dict) -> list[float | None]:
    return [mean_loss(train_forwards(run, e)) for e in epochs(run)]


def epoch_of_forward(run: dict) -> list[int | None]:
    """forward index -> 1-based epoch number (None before training starts)."""
    out: list[int | None] = [None] * len(run.get("forwards", []))
    for e in epochs(run):
        for i in e.train + e.val:
            out[i] = e.number
    return out


def history_values(run: dict, key: str) -> list[float | None] | None:
    """The numbers in history[key] (a list), or None if absent or not a list."""
    h = (run.get("history") or {}).get("keys") or {}
    entry = h.get(key)
    if not entry or entry["container"] == "scalar":
        return None
    return [item.get("value") for item in entry["items"]]


def history_scalar(run: dict, key: str):
    """history[key] as a number: a scalar, or the last item of a list (a per-epoch record)."""
    h = (run.get("history") or {}).get("keys") or {}
    entry = h.get(key)
    if not entry:
        return None
    if entry["container"] == "scalar":
        return entry["item"].get("value")
    return entry["items"][-1].get("value") if entry["items"] else None


def close(a: float | None, b: float | None, rel: float = 1e-4, abs_: float = 1e-6) -> bool:
    if a is None or b is None or not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


def best_epochs(losses: list[float | None], rel: float = 1e-6) -> list[int]:
    """1-based epochs whose loss ties the minimum (within round-off)."""
    known = [v for v in losses if v is not None]
    if not known:
        return []
    low = min(known)
    return [i + 1 for i, v in enumerate(losses) if v is not None and v <= low + rel * max(abs(low), 1e-12)]


def expected_stop(losses: list[float | None], patience: int, budget: int) -> int:
    """The epoch at which early stopping with `patience` must stop (budget if it never fires)."""
    best, bad = math.inf, 0
    for i, v in enumerate(losses[:budget]):
        if v is not None and v < best:
            best, bad = v, 0
        else:
            bad += 1
        if bad >= patience:
            return i + 1
    return budget


def epochs_label(numbers: list[int], limit: int = 8) -> str:
    """[2, 3, 4, 9] -> 'epochs 2-4, 9'."""
    if not numbers:
        return "no epoch"
    spans, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        spans.append(f"{start}" if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    text = ", ".join(spans[:limit]) + (", ..." if len(spans) > limit else "")
    return ("epoch " if len(numbers) == 1 else "epochs ") + text


def validation_forwards(run: dict) -> list[tuple[int | None, dict]]:
    """(epoch, forward) for every forward on validation data."""
    where = epoch_of_forward(run)
    return [(where[i], f) for i, f in enumerate(run.get("forwards", [])) if f["role"] == "val"]


def judge_forwards(pairs, is_wrong, what: str, wrong_text: str, right_text: str):
    """The shared shape of the per-forward checks: count the (epoch, forward) pairs for which
    is_wrong(forward) holds and say where. Texts are completed as
    "{wrong} of {total} {what} {wrong_text} ({epochs})" and "All {total} {what} {right_text}"."""
    from grader.checks import Verdict

    if not pairs:
        return Verdict(False, f"No {what} on the model passed in was observed.")
    wrong = [(n, f) for n, f in pairs if is_wrong(f)]
    if wrong:
        bad = sorted({n for n, _ in wrong if n})
        return Verdict(False, f"{len(wrong)} of {len(pairs)} {what} {wrong_text} ({epochs_label(bad)}).",
                       lines=first_lines([f for _, f in wrong]), details={"bad_epochs": bad, "wrong": len(wrong)})
    return Verdict(True, f"All {len(pairs)} {what} {right_text}.")


def first_lines(records: list[dict], limit: int = 3) -> list:
    """Distinct student source lines of some records, in order of first appearance."""
    seen = []
    for r in records:
        line = r.get("line")
        if line and line not in seen:
            seen.append(line)
        if len(seen) >= limit:
            break
    return seen
