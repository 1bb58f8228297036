"""Reading a typed run by epoch: which forwards and steps trained in which epoch, which
validation forwards swept the whole validation set, and the losses and accuracies measured
from the model's own outputs (by the grader) or returned by the student's own loss calls.

Epochs are never inferred from when a loader's iterator ends: a loop may materialise its
batches first, step once after the batch loop, or iterate by hand. An epoch is a pass over
the train loader to which optimizer steps (or, in a run without any step, training forwards)
are attributed, a record being attributed to the latest train-loader pass *started* before it.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from grader.trace.records import Forward, HistoryEntry, RecomputedVal, Run


@dataclass
class Epoch:
    number: int                       # 1-based
    train_pass: int                   # index into run.passes
    train: list[int] = field(default_factory=list)        # forward indices of its training forwards
    val: list[int] = field(default_factory=list)          # forward indices on validation data
    val_groups: list[list[int]] = field(default_factory=list)  # each one full sweep of the val set
    steps: list[int] = field(default_factory=list)        # step indices


def is_training_forward(f: Forward) -> bool:
    """A forward on training data that builds a graph (one that can feed a step)."""
    return f.role == "train" and f.grad and not f.inference


def epoch_passes(run: Run) -> list[int]:
    """Indices of the train-loader passes that are epochs, in order."""
    if run.steps:
        marks = {s.train_pass for s in run.steps}
    else:
        marks = {f.train_pass for f in run.forwards if is_training_forward(f)}
    return sorted(p for p in marks if p is not None and 0 <= p < len(run.passes))


def _epoch_index(starts: list[int], train_pass: int | None) -> int | None:
    """The epoch (0-based) whose pass is the latest epoch pass at or before train_pass
    (`starts` ascending, as epoch_passes gives them: a binary search)."""
    if train_pass is None:
        return None
    found = bisect.bisect_right(starts, train_pass) - 1
    return found if found >= 0 else None


def epochs(run: Run) -> list[Epoch]:
    starts = epoch_passes(run)
    out = [Epoch(number=i + 1, train_pass=p) for i, p in enumerate(starts)]
    for i, f in enumerate(run.forwards):
        k = _epoch_index(starts, f.train_pass)
        if k is None:
            continue
        if is_training_forward(f) and f.train_pass == starts[k]:
            out[k].train.append(i)
        elif f.role == "val":
            out[k].val.append(i)
    for i, s in enumerate(run.steps):
        k = _epoch_index(starts, s.train_pass)
        if k is not None:
            out[k].steps.append(i)
    n_val = (run.sizes or {}).get("val")
    for e in out:
        e.val_groups = sweeps(run.forwards, e.val, n_val)
    return out


def _rows_key(f: Forward) -> tuple[int, int, int]:
    return (f.n, f.isum, f.isq)


def _full(n_rows: int) -> tuple[int, int, int]:
    return (n_rows, n_rows * (n_rows - 1) // 2, (n_rows - 1) * n_rows * (2 * n_rows - 1) // 6)


def sweeps(forwards: list[Forward], indices: list[int], n_rows: int | None) -> list[list[int]]:
    """Split validation forwards into full sweeps over the validation set; a batch forwarded
    again within a sweep (a second forward for accuracy) counts once."""
    if not n_rows:
        return []
    full = _full(n_rows)
    out, current, seen = [], [], set()
    rows = (0, 0, 0)   # the running sums of the current candidate sweep's keys
    for i in indices:
        key = _rows_key(forwards[i])
        if key in seen:
            continue
        seen.add(key)
        current.append(i)
        rows = (rows[0] + key[0], rows[1] + key[1], rows[2] + key[2])
        if rows == full:
            out.append(current)
            current, seen, rows = [], set(), (0, 0, 0)
        elif rows[0] > n_rows:
            current, seen, rows = [], set(), (0, 0, 0)
    return out


def train_forwards(run: Run, e: Epoch) -> list[Forward]:
    """The first forward of each distinct training batch of the epoch, if together they cover
    the training set exactly once (else [], the epoch's training loss is not measurable)."""
    seen, out = set(), []
    for i in e.train:
        f = run.forwards[i]
        key = _rows_key(f)
        if key not in seen:
            seen.add(key)
            out.append(f)
    n = (run.sizes or {}).get("train")
    if not n or tuple(sum(_rows_key(f)[k] for f in out) for k in range(3)) != _full(n):
        return []
    return out


def sweep_forwards(run: Run, sweep: list[int]) -> list[Forward]:
    return [run.forwards[i] for i in sweep]


def student_losses(run: Run) -> dict[int, float]:
    """forward index -> the value the student's first scalar loss call on its output returned."""
    out: dict[int, float] = {}
    for c in run.loss_calls:
        if c.forward is not None and c.value is not None and c.forward not in out:
            out[c.forward] = c.value
    return out


def mean_loss(forwards: list[Forward], weighted: bool = True) -> float | None:
    """Per-sample (weighted) or per-batch (unweighted) mean of the grader's losses of some forwards."""
    return _mean([(f.loss, f.n) for f in forwards], weighted)


def mean_student_loss(run: Run, indices: list[int], weighted: bool = True) -> float | None:
    """The same mean, of the values the student's own loss calls returned for those forwards."""
    own = student_losses(run)
    return _mean([(own.get(i), run.forwards[i].n) for i in indices], weighted)


def _mean(pairs: list[tuple[float | None, int]], weighted: bool) -> float | None:
    if not pairs or any(v is None for v, _ in pairs):
        return None
    if weighted:
        total = sum(n for _, n in pairs)
        return sum(v * n for v, n in pairs) / total if total else None
    return sum(v for v, _ in pairs) / len(pairs)


def mean_accuracy(forwards: list[Forward], weighted: bool = True) -> float | None:
    if not forwards or any(f.correct is None for f in forwards):
        return None
    if weighted:
        total = sum(f.n for f in forwards)
        return sum(f.correct for f in forwards) / total if total else None
    return sum(f.correct / f.n for f in forwards if f.n) / len(forwards)


def forward_indices(run: Run, forwards: list[Forward]) -> list[int]:
    ids = {id(f): i for i, f in enumerate(run.forwards)}
    return [ids[id(f)] for f in forwards]


def observed_val_losses(run: Run) -> list[float | None]:
    """The validation loss of each epoch, as the grader measured it (first full sweep)."""
    return [mean_loss(sweep_forwards(run, e.val_groups[0])) if e.val_groups else None for e in epochs(run)]


def observed_train_losses(run: Run) -> list[float | None]:
    return [mean_loss(train_forwards(run, e)) for e in epochs(run)]


def epoch_of_forward(run: Run) -> list[int | None]:
    """forward index -> 1-based epoch number (None outside any epoch)."""
    out: list[int | None] = [None] * len(run.forwards)
    for e in epochs(run):
        for i in e.train + e.val:
            out[i] = e.number
    return out


def epoch_of_pass(run: Run) -> dict[int, int]:
    """train-loader pass index -> 1-based epoch number, for the passes that are epochs."""
    return {p: i + 1 for i, p in enumerate(epoch_passes(run))}


def validation_forwards(run: Run) -> list[tuple[int | None, Forward]]:
    """(epoch, forward) for every forward on validation data."""
    where = epoch_of_forward(run)
    return [(where[i], f) for i, f in enumerate(run.forwards) if f.role == "val"]


# ---- the returned history ---------------------------------------------------------------

def history_entry(run: Run, key: str) -> HistoryEntry | None:
    keys = run.history.keys if run.history else None
    return (keys or {}).get(key)


def history_values(run: Run, key: str) -> list[float | None] | None:
    """The numbers in history[key] (a list), or None if absent or not a list."""
    entry = history_entry(run, key)
    if not entry or entry.container == "scalar":
        return None
    return [item.value for item in entry.items]


def history_per_epoch(run: Run, key: str) -> list[float | None] | None:
    """history[key] if it is a list with exactly one entry per epoch that ran, else None."""
    values = history_values(run, key)
    return values if values is not None and len(values) == len(epochs(run)) else None


def history_scalar(run: Run, key: str):
    """history[key] as a number: a scalar, or the last item of a list (a per-epoch record)."""
    entry = history_entry(run, key)
    if not entry or not entry.items:
        return None
    return entry.items[-1].value


# ---- the parent's recomputation ---------------------------------------------------------

def _parent_figures(run: Run) -> list[RecomputedVal | None] | None:
    """Epoch (0-based) -> the parent's recomputed validation of its weights (grader.verify.
    recompute_validation); None: the trace carries none (no snapshot, or not graded by the parent).
    An epoch whose validation took no snapshot has the latest earlier one's: the recorder skips a
    snapshot only when no optimizer step was taken since the last, so the weights are those."""
    if not run.recomputed_val:
        return None
    where = epoch_of_forward(run)
    found: dict[int, RecomputedVal] = {}
    for v in run.recomputed_val:
        e = where[v.forward] if 0 <= v.forward < len(where) else None
        if e is not None and e not in found:
            found[e] = v
    out: list[RecomputedVal | None] = []
    for number in range(1, len(epochs(run)) + 1):
        out.append(found.get(number, out[-1] if out else None))
    return out


def _agrees(seen: float | None, figure: RecomputedVal) -> bool:
    """An in-process figure of the same weights: within the precision the run's outputs had, or
    non-finite where the parent's is too (a diverged run)."""
    if seen is None or figure.loss is None:
        return False
    if not (math.isfinite(seen) and math.isfinite(figure.loss)):
        return not math.isfinite(seen) and not math.isfinite(figure.loss)
    return math.isclose(seen, figure.loss, rel_tol=figure.rtol, abs_tol=1e-7)


def verified_val_losses(run: Run) -> list[float | None]:
    """Each epoch's validation loss as the checks judge it: the parent's recomputation from that
    epoch's streamed weights where the trace carries one (the recorder's own figure where the two
    agree within the run's precision, so an honest loop is judged on the exact numbers it saw);
    the recorder's figure only for epochs before any snapshot, or in a trace the parent did not
    recompute (unit-test traces, bundles)."""
    observed = observed_val_losses(run)
    figures = _parent_figures(run)
    if figures is None:
        return observed
    out = []
    for seen, figure in zip(observed, figures):
        if figure is None or figure.loss is None:
            out.append(seen)
        else:
            out.append(seen if _agrees(seen, figure) else figure.loss)
    return out


def own_val_losses(run: Run) -> list[float | None] | None:
    """history['val_loss'] per epoch, where the checks may follow the student's own figures (a loop
    whose validation is mismeasured still picks its best epoch and stop correctly; the measuring is
    charged by weighted_average or eval_mode): only if each figure is explained by that epoch's
    weights, as the parent recomputed them: their loss on the whole validation set (within the
    run's precision), or one of the named averagings of their losses on the batches the loop
    validated in order (a mis-averaged or partial validation); or if the epoch's validation ran
    with a module in train mode (dropout draws the parent cannot reproduce: the route costs
    eval_mode). A figure the weights do not give is not the student's measurement: None."""
    own = history_per_epoch(run, "val_loss")
    figures = _parent_figures(run)
    if own is None or figures is None:
        return own
    for e, value, figure in zip(epochs(run), own, figures):
        if figure is None or figure.loss is None or _agrees(value, figure):
            continue
        if any(close(value, v, rel=max(figure.rtol, 1e-4)) for v in averagings(figure.batches)):
            continue
        if any(run.forwards[i].any_training for i in e.val):
            continue
        return None
    return own


def averagings(batches: list) -> list[float]:
    """What a loop may store as an epoch's loss from its batches' mean losses ([rows, loss] each):
    the per-sample mean, and the usual mis-averagings weighted_average names (the plain batch
    mean, the sum weighted by rows over the batch count, the batch means summed over the rows,
    every batch weighted by the full batch size, the last batch alone)."""
    pairs = [(float(v), int(n)) for n, v in batches]
    if not pairs:
        return []
    count, total, full = len(pairs), sum(n for _, n in pairs), max(n for _, n in pairs)
    return [sum(v * n for v, n in pairs) / total, sum(v for v, _ in pairs) / count,
            sum(v * n for v, n in pairs) / count, sum(v for v, _ in pairs) / total,
            sum(v * full for v, _ in pairs) / total, pairs[-1][0]]


# ---- arithmetic and wording -------------------------------------------------------------

def close(a: float | None, b: float | None, rel: float = 1e-4, abs_: float = 1e-6) -> bool:
    if a is None or b is None or not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_)


def best_epochs(losses: list[float | None], rel: float = 1e-6) -> list[int]:
    """1-based epochs whose loss ties the minimum (within round-off)."""
    known = [v for v in losses if v is not None and math.isfinite(v)]
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


def last_improvement(losses: list[float | None], upto: int) -> int | None:
    """1-based epoch of the last strictly lower loss within the first `upto` epochs."""
    best, at = math.inf, None
    for i, v in enumerate(losses[:upto]):
        if v is not None and v < best:
            best, at = v, i + 1
    return at


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


def first_lines(records: list, limit: int = 3) -> list:
    """Distinct student source lines of some records, in order of first appearance."""
    seen = []
    for r in records:
        line = getattr(r, "line", None)
        if line and line not in seen:
            seen.append(line)
        if len(seen) >= limit:
            break
    return seen
