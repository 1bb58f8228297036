"""Reading a run record by epoch: which passes trained, which validated, and the losses and
accuracies the grader computed itself from the model's outputs."""
from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass
class Epoch:
    number: int                       # 1-based
    train_pass: int                   # index into run["passes"]
    val_passes: list[int] = field(default_factory=list)


def epochs(run: dict) -> list[Epoch]:
    """A training pass (a pass over the train loader with optimizer steps) opens an epoch; the
    validation passes after it, up to the next training pass, belong to it."""
    out: list[Epoch] = []
    for i, p in enumerate(run.get("passes", [])):
        if p["role"] == "train" and p["steps"] > 0:
            out.append(Epoch(number=len(out) + 1, train_pass=i))
        elif p["role"] == "val" and out and p["complete"]:
            out[-1].val_passes.append(i)
    return out


def forwards_by_pass(run: dict) -> dict[int, list[dict]]:
    by_pass: dict[int, list[dict]] = {}
    for f in run.get("forwards", []):
        by_pass.setdefault(f["pass"], []).append(f)
    return by_pass


def _first_per_batch(forwards: list[dict]) -> list[dict]:
    seen, out = set(), []
    for f in forwards:
        if f["batch"] not in seen and f.get("matches_batch"):
            seen.add(f["batch"])
            out.append(f)
    return out


def pass_loss(run: dict, pass_index: int, weighted: bool = True) -> float | None:
    """Per-sample (weighted) or per-batch (unweighted) mean loss of one pass, from the
    model outputs the grader saw; None if some batch's loss is unknown."""
    p = run["passes"][pass_index]
    fw = _first_per_batch(forwards_by_pass(run).get(pass_index, []))
    if len(fw) != len(p["batches"]) or any(f.get("loss") is None for f in fw) or not fw:
        return None
    if weighted:
        return sum(f["loss"] * f["n"] for f in fw) / sum(f["n"] for f in fw)
    return sum(f["loss"] for f in fw) / len(fw)


def pass_accuracy(run: dict, pass_index: int, weighted: bool = True) -> float | None:
    p = run["passes"][pass_index]
    fw = _first_per_batch(forwards_by_pass(run).get(pass_index, []))
    if len(fw) != len(p["batches"]) or any(f.get("correct") is None for f in fw) or not fw:
        return None
    if weighted:
        return sum(f["correct"] for f in fw) / sum(f["n"] for f in fw)
    return sum(f["correct"] / f["n"] for f in fw) / len(fw)


def observed_val_losses(run: dict) -> list[float | None]:
    """The validation loss of each epoch, as the grader measured it (first full val pass)."""
    return [pass_loss(run, e.val_passes[0]) if e.val_passes else None for e in epochs(run)]


def observed_train_losses(run: dict) -> list[float | None]:
    return [pass_loss(run, e.train_pass) for e in epochs(run)]


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


def epoch_of_pass(run: dict) -> dict[int, int]:
    """pass index -> 1-based epoch number, for every training and validation pass."""
    out = {}
    for e in epochs(run):
        out[e.train_pass] = e.number
        for v in e.val_passes:
            out[v] = e.number
    return out


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
